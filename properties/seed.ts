/**
 * Seeds a database at an intermediate migration version with generated rows, so that the
 * upgrade-path step of the migration gate meets data-dependent failures (a NOT NULL column
 * without a default, a new unique index over duplicates, a tightened CHECK).
 *
 * Rows are written by each domain's Drizzle implementation, driven by the domain's own command
 * arbitraries (no model: only the writes matter). Contract errors are the normal outcome of
 * invalid generated input and are ignored; any other error (the older schema lacks a column the
 * current code writes) stops that domain's seeding and is returned as a note.
 */
import fc from 'fast-check';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { TickingClock } from '../contracts/clock.ts';
import type { Call, DomainDefinition, MethodSpec, Repos } from '../contracts/domain.ts';
import { isContractError } from '../contracts/errors.ts';
import * as schema from '../schema/index.ts';
import { IdBook } from './id-book.ts';
import { CLOCK_BASE_MS } from './differential.ts';
import { closure } from './targets.ts';

/** Options of {@link seedWithDomains}. */
export interface SeedOptions {
  /** Command sequences per domain; default 5. */
  readonly sequences?: number;
  /** fast-check seed, so a failing upgrade can be reproduced; default 1. */
  readonly seed?: number;
  /** Told when a domain could not be seeded at version `k` (with the reason). */
  readonly note?: (line: string) => void;
}

type Invoke = (...args: unknown[]) => Promise<unknown>;

/** A `MigrationSeed` for `checkMigrations`: `(url, k) => Promise<void>`. */
export function seedWithDomains(registry: readonly DomainDefinition[], options: SeedOptions = {}) {
  return async (url: string, k: number): Promise<void> => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const db = drizzle(pool, { schema });
      for (const domain of registry) {
        const clock = new TickingClock(CLOCK_BASE_MS);
        const domains = closure(domain, registry);
        const repos: Repos = Object.fromEntries(domains.map((d) => [d.name, d.drizzle({ clock, db })]));
        const sequences = fc.sample(fc.array(fc.oneof(...domain.commands()), { minLength: 5, maxLength: 30 }), {
          numRuns: options.sequences ?? 5,
          seed: (options.seed ?? 1) + k,
        });
        try {
          for (const calls of sequences) await runSequence(calls, repos, registry);
        } catch (e) {
          options.note?.(`seed at migration ${k}: ${domain.name} stopped: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      await pool.end();
    }
  };
}

async function runSequence(calls: readonly Call[], repos: Repos, registry: readonly DomainDefinition[]): Promise<void> {
  const book = new IdBook();
  for (const call of calls) {
    const spec = (registry.find((d) => d.name === call.domain)?.methods as Record<string, MethodSpec> | undefined)?.[call.method];
    if (spec === 'read') continue;
    try {
      const result = await (repos[call.domain] as Record<string, Invoke>)[call.method]!(...book.resolveArgs(call.args));
      if (typeof spec === 'object') book.add(spec.create, (result as { id: string }).id);
    } catch (e) {
      if (!isContractError(e)) throw e;
    }
  }
}
