/**
 * The fault-injected convergence property (DESIGN.md section 2.6). Generated command sequences
 * run through the DualWrite wrapper while faults are injected between the Mongo write and the
 * Postgres write:
 * - `constraint`: the mirror refuses the write (a contract error) — a gap is recorded;
 * - `dropped-connection`: the mirror's connection is terminated by the server just before the
 *   write (`pg_terminate_backend`), a real driver error — a gap is recorded;
 * - `timeout`: the caller stops waiting for the mirror, which may still commit later — a gap is
 *   recorded although the write may have landed;
 * - `crash`: the process "dies" after the Mongo write: neither the mirror write nor the gap
 *   insert happens — only a backfill can find it;
 * - `deferred`: the mirror write is held back and released later in an order `fc.scheduler`
 *   picks (and shrinks), as when two requests' mirror writes overtake each other.
 * Then, after every held-back or timed-out write has finished: Mongo never lost a write (every
 * answer equals the reference model's), and after `reconcile` and `backfill`, `verify` reports
 * zero difference and no open gap.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../contracts/clock.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import { DuplicateKeyError } from '../contracts/errors.ts';
import { ModelState } from '../contracts/model-state.ts';
import type { Call, DomainDefinition, MethodSpec, PgDatabase } from '../contracts/domain.ts';
import type { Db } from 'mongodb';
import { outcomeOf } from '../contracts/outcome.ts';
import * as schema from '../schema/index.ts';
import { dualWrite, type GapRecorder } from '../repos/dualwrite.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { reconcile, resync } from '../harness/cutover/reconcile.ts';
import { verify } from '../harness/cutover/verify.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { CLOCK_BASE_MS, formatCall } from './differential.ts';
import { IdBook } from './id-book.ts';
import { closure } from './targets.ts';

/** The faults the property injects into mirror writes. */
export const FAULTS = ['none', 'constraint', 'dropped-connection', 'timeout', 'crash', 'deferred'] as const;
export type Fault = (typeof FAULTS)[number];

/** Thrown by the crash fault; the gap recorder drops it, as a dead process records nothing. */
class SimulatedCrash extends Error {}

type Invoke = (...args: unknown[]) => Promise<unknown>;

interface Step {
  readonly call: Call;
  readonly fault: Fault;
}

const fault = fc.oneof({ weight: 6, arbitrary: fc.constant<Fault>('none') }, { weight: 4, arbitrary: fc.constantFrom<Fault>(...FAULTS.slice(1)) });

/** Options of {@link runConvergence}. */
export interface ConvergenceOptions extends PropertyOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  /**
   * The repair under test, run after the faults: default `reconcile` (replays the gaps) then a
   * `resync` of the domains (finds what a crash lost without a gap). Returns what it skipped.
   */
  readonly repair?: (stores: { mongoDb: Db; pg: PgDatabase }, domains: readonly string[]) => Promise<{ skipped: number; detail: string; gapsLeft: number }>;
}

/** The default repair: reconcile the gaps, then re-sync the domains. */
export async function reconcileThenResync(stores: { mongoDb: Db; pg: PgDatabase }, domains: readonly string[], registry?: readonly DomainDefinition[]) {
  const rec = await reconcile({ ...stores, ...(registry && { registry }) });
  // A crash loses writes without a gap; only a full re-sync (deletes + backfill) finds them.
  const fill = (await resync({ ...stores, domains, ...(registry && { registry }) })).backfill;
  return { skipped: fill.totals.skipped, detail: JSON.stringify(fill.skipped.slice(0, 3)), gapsLeft: rec.remaining };
}

/** Runs the property on scratch stores. */
export async function runConvergence(opts: ConvergenceOptions): Promise<PropertyOutcome> {
  const domains = closure(opts.domain, opts.registry);
  // What resync and verify compare: the domains that store entities (a pseudo-domain such as
  // `journey` stores none of its own; its dependencies' entities are compared).
  const names = domains.filter((d) => d.stored.length > 0).map((d) => d.name);
  const specOf = (c: Call) => (opts.registry.find((d) => d.name === c.domain)?.methods as Record<string, MethodSpec>)[c.method]!;
  const steps = fc.array(
    fc.record({ call: fc.oneof(...opts.domain.commands()), fault }).map((s): Step => s),
    { maxLength: 25 },
  );
  const mirrorPool = opts.pg.newPool(1);
  try {
    const property = fc.asyncProperty(steps, fc.scheduler(), async (plan, s) => {
      await Promise.all([opts.pg.reset(), opts.mongo.reset()]);
      const clock = new ManualClock(CLOCK_BASE_MS);
      const pinned = new PinnedClock(clock);
      const state = new ModelState();
      const model = Object.fromEntries(domains.map((d) => [d.name, d.model({ clock, state })]));
      const mirrorDb = drizzle(mirrorPool, { schema });
      const inFlight: Promise<unknown>[] = [];
      let current: Fault = 'none';
      const recorder = new PgGapRecorder(opts.pg.db);
      const gaps: GapRecorder = { record: async (g) => (g.error instanceof SimulatedCrash ? undefined : recorder.record(g)) };
      const repos = Object.fromEntries(
        domains.map((d) => {
          const real = d.drizzle({ clock: pinned, db: mirrorDb }) as Record<string, Invoke>;
          const faulty: Record<string, Invoke> = {};
          for (const [method, spec] of Object.entries(d.methods) as [string, MethodSpec][]) {
            const f = real[method]!.bind(real);
            faulty[method] = spec === 'read' ? f : (...args) => inject(current, d.name, method, args, () => f(...args));
          }
          return [d.name, dualWrite(d, d.mongo({ clock: pinned, db: opts.mongo.db }), faulty, gaps, { clock: pinned })];
        }),
      );

      /** Runs the mirror write `w` (`domain.method(args)`) under fault `kind`. */
      async function inject(kind: Fault, domain: string, method: string, args: unknown[], w: () => Promise<unknown>): Promise<unknown> {
        switch (kind) {
          case 'none':
            return w();
          case 'constraint':
            throw new DuplicateKeyError('injected');
          case 'dropped-connection': {
            const { rows } = await mirrorPool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
            await opts.pg.db.execute(sql`SELECT pg_terminate_backend(${rows[0]!.pid})`);
            return w();
          }
          case 'timeout': {
            const landing = w().catch(() => undefined);
            inFlight.push(landing);
            throw new Error('injected timeout: the mirror did not answer in time');
          }
          case 'crash':
            throw new SimulatedCrash('injected crash after the Mongo write');
          case 'deferred': {
            // Held back: runs when the scheduler releases it; a failure then records a gap, as a
            // late write would.
            const later = s
              .schedule(Promise.resolve(), `deferred ${domain}.${method}`)
              .then(() => w())
              .catch((error: unknown) => recorder.record({ domain, method, entityId: typeof args[0] === 'string' ? args[0] : undefined, args, error }));
            inFlight.push(later);
            return undefined;
          }
        }
      }

      const modelBook = new IdBook();
      const dualBook = new IdBook();
      let step = 0;
      for (const { call, fault: f } of plan) {
        clock.set(CLOCK_BASE_MS + ++step * 1001);
        current = f;
        const spec = specOf(call);
        const expected = await outcomeOf(() => (model[call.domain] as Record<string, Invoke>)[call.method]!(...modelBook.resolveArgs(call.args)));
        const actual = await outcomeOf(() => (repos[call.domain] as Record<string, Invoke>)[call.method]!(...dualBook.resolveArgs(call.args)));
        current = 'none';
        if (typeof spec === 'object') {
          if ('ok' in expected) modelBook.add(spec.create, (expected.ok as { id: string }).id);
          if ('ok' in actual) dualBook.add(spec.create, (actual.ok as { id: string }).id);
        }
        if (!isDeepStrictEqual(modelBook.normalize(expected), dualBook.normalize(actual))) {
          throw new Error(`Mongo lost or changed a write: ${formatCall(call)} under fault ${f} answered ${JSON.stringify(actual)}, the model ${JSON.stringify(expected)}`);
        }
      }
      await s.waitAll();
      await Promise.all(inFlight);

      const stores = { mongoDb: opts.mongo.db, pg: opts.pg.db };
      const repaired = await (opts.repair ?? ((st, ds) => reconcileThenResync(st, ds, opts.registry)))(stores, names);
      const v = await verify({ ...stores, domains: names });
      const problems = [
        ...(v.zeroDiff ? [] : [`verify found ${v.differenceCount} differences: ${JSON.stringify(v.differences.slice(0, 3))}`]),
        ...(v.gaps.open > 0 ? [`${v.gaps.open} gaps still open after the repair (${repaired.gapsLeft} left by it)`] : []),
        ...(repaired.skipped > 0 ? [`the repair skipped ${repaired.skipped}: ${repaired.detail}`] : []),
      ];
      if (problems.length) throw new Error(`the stores did not converge:\n  ${problems.join('\n  ')}`);
    });
    return await checkProperty(property, opts, ([plan, s]) => [...plan.map((p) => `  [${p.fault}] ${formatCall(p.call)}`), `  scheduler: ${String(s)}`].join('\n'));
  } finally {
    await mirrorPool.end();
  }
}
