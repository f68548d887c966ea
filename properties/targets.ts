/**
 * Targets: one implementation kind's repositories for a set of domains, built over scratch
 * stores, plus what the runner checks after each command (the domains' invariants; for
 * DualWrite also the gap table and a shadow read of every read call on the mirror).
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from 'mongodb';
import type { Clock } from '../contracts/clock.ts';
import { ModelState } from '../contracts/model-state.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import { closure, type Call, type DomainDefinition, type PgDatabase, type Repos, type StoreProbe } from '../contracts/domain.ts';

export { closure };
import { wireDualWrite } from '../harness/factory.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import type { GapRecorder } from '../repos/dualwrite.ts';
import { LegacyIdCache, toLegacyIds } from '../repos/legacy-ids.ts';
import { outcomeOf, type Outcome } from '../contracts/outcome.ts';

/** The implementation kinds the harness compares. */
/**
 * The implementation kinds the harness compares: the reference model, each store alone, and the
 * two dual-write modes of the repository factory (`dual`: Mongo primary, Postgres mirror;
 * `dual-pg`: the factory's `pg` mode, Postgres primary, Mongo mirror).
 */
export type ImplementationKind = 'model' | 'mongo' | 'drizzle' | 'dual' | 'dual-pg';

/** Every kind except the model, in report order. */
export const IMPLEMENTATIONS: readonly Exclude<ImplementationKind, 'model'>[] = ['mongo', 'drizzle', 'dual', 'dual-pg'];

/** True for the two dual-write kinds. */
export const isDualKind = (kind: ImplementationKind): kind is 'dual' | 'dual-pg' => kind === 'dual' || kind === 'dual-pg';

/** The stores a target may use (only what its kind needs must be present). */
export interface TargetStores {
  readonly mongo?: Db;
  readonly pg?: PgDatabase;
}

/** One implementation kind's repositories and its post-command checks. */
export interface Target {
  readonly kind: ImplementationKind;
  readonly repos: Repos;
  readonly probe: StoreProbe;
  /**
   * Called after every command with the call (ids resolved) and its outcome; returns violations
   * (invariants broken, gaps recorded, shadow-read mismatches). Empty when all is well.
   */
  afterCommand(call: Call, outcome: Outcome, isRead: boolean): Promise<string[]>;
  /** The store-level checks alone (invariants; for DualWrite also open and lost gaps). */
  storeViolations(): Promise<string[]>;
}

/** The stores an implementation kind writes (the others need no reset between runs). */
export function storesOf(kind: ImplementationKind): { readonly mongo: boolean; readonly pg: boolean } {
  return { mongo: kind === 'mongo' || isDualKind(kind), pg: kind === 'drizzle' || isDualKind(kind) };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`target needs a ${what} store`);
  return value;
}

const build = (domains: readonly DomainDefinition[], make: (d: DomainDefinition) => object): Repos =>
  Object.fromEntries(domains.map((d) => [d.name, make(d)]));

async function countPg(db: PgDatabase, table: string): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return r.rows[0]?.n ?? 0;
}

/**
 * The domains of `domains` whose invariants a write to domain `written` can break: `written`
 * itself and every domain that depends on it (transitively). An invariant reads its own domain's
 * tables and those of its dependencies, so a write elsewhere cannot change its verdict (a
 * `user.create` in a payment run need not re-check the ledger).
 */
export function affectedBy(written: string, domains: readonly DomainDefinition[]): DomainDefinition[] {
  const dependsOn = (d: DomainDefinition, seen = new Set<string>()): boolean =>
    d.name === written ||
    d.dependsOn.some((n) => {
      if (seen.has(n)) return false;
      seen.add(n);
      const dep = domains.find((x) => x.name === n);
      return n === written || (dep !== undefined && dependsOn(dep, seen));
    });
  return domains.filter((d) => dependsOn(d));
}

/** {@link affectedBy}, memoized per written domain for one target. */
function scoped(domains: readonly DomainDefinition[]): (written: string) => readonly DomainDefinition[] {
  const memo = new Map<string, DomainDefinition[]>();
  return (written) => {
    let out = memo.get(written);
    if (!out) memo.set(written, (out = affectedBy(written, domains)));
    return out;
  };
}

/**
 * Every invariant of `domains` on the given stores, all queries in flight at once (they only read,
 * and nothing writes while they run: the runner awaits them before the next command); the
 * violations come back in declaration order, Postgres before Mongo per invariant.
 */
async function invariantViolations(domains: readonly DomainDefinition[], stores: TargetStores): Promise<string[]> {
  const checks: Promise<string[]>[] = [];
  for (const d of domains) {
    for (const inv of d.invariants) {
      if (stores.pg && inv.pg) checks.push(inv.pg(stores.pg).then((vs) => vs.map((v) => `postgres: ${inv.name}: ${v}`)));
      if (stores.mongo && inv.mongo) checks.push(inv.mongo(stores.mongo).then((vs) => vs.map((v) => `mongo: ${inv.name}: ${v}`)));
    }
  }
  // Settled, not Promise.all: a failing query must not return while the others still run (the
  // next run's reset would race them).
  const settled = await Promise.allSettled(checks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.flatMap((r) => (r as PromiseFulfilledResult<string[]>).value);
}

/** Replaces every Postgres uuid found in `value` by the legacy id `id_map` maps it to. */
export { toLegacyIds };

/**
 * Builds the target of `kind` for `domains` over `stores`, stamping times with `clock`.
 * Throws when a store the kind needs is missing.
 */
export function buildTarget(kind: ImplementationKind, domains: readonly DomainDefinition[], stores: TargetStores, clock: Clock): Target {
  const affected = scoped(domains);
  switch (kind) {
    case 'model': {
      const state = new ModelState();
      return {
        kind,
        repos: build(domains, (d) => d.model({ clock, state })),
        probe: { count: async (t) => [state.table(t.model).size] },
        afterCommand: async () => [],
        storeViolations: async () => [],
      };
    }
    case 'mongo': {
      const db = need(stores.mongo, 'mongo');
      return {
        kind,
        repos: build(domains, (d) => d.mongo({ clock, db })),
        probe: { count: async (t) => [await db.collection(t.mongo).countDocuments()] },
        afterCommand: (call) => invariantViolations(affected(call.domain), { mongo: db }),
        storeViolations: () => invariantViolations(domains, { mongo: db }),
      };
    }
    case 'drizzle': {
      const db = need(stores.pg, 'postgres');
      return {
        kind,
        repos: build(domains, (d) => d.drizzle({ clock, db })),
        probe: { count: async (t) => [await countPg(db, t.pg)] },
        afterCommand: (call) => invariantViolations(affected(call.domain), { pg: db }),
        storeViolations: () => invariantViolations(domains, { pg: db }),
      };
    }
    case 'dual':
    case 'dual-pg': {
      const mongo = need(stores.mongo, 'mongo');
      const pg = need(stores.pg, 'postgres');
      // Gaps are counted as they are recorded, so the gap table is only read once there is one.
      const pgGaps = new PgGapRecorder(pg);
      let recorded = 0;
      const gaps: GapRecorder = {
        record: (g) => {
          recorded++;
          return pgGaps.record(g);
        },
      };
      const pinned = new PinnedClock(clock);
      const mode = kind === 'dual' ? 'dual' : 'pg';
      const mongos = build(domains, (d) => d.mongo({ clock: pinned, db: mongo }));
      const drizzles = build(domains, (d) => d.drizzle({ clock: pinned, db: pg }));
      const mirrors = kind === 'dual' ? drizzles : mongos;
      const ids = new LegacyIdCache(pg);
      const repos = build(domains, (d) => wireDualWrite(d, mode, { mongo: mongos[d.name]!, drizzle: drizzles[d.name]! }, gaps, pinned, ids));
      const storeViolations = async (scope: readonly DomainDefinition[] = domains) => {
        const out = await invariantViolations(scope, { mongo, pg });
        if (recorded === 0) return out;
        const open = await pg.execute<{ domain: string; method: string; error_code: string; error_message: string }>(
          sql`SELECT domain, method, error_code, error_message FROM pg_dualwrite_gaps WHERE resolved_at IS NULL`,
        );
        out.push(...open.rows.map((g) => `dual write gap: ${g.domain}.${g.method} failed on the mirror: ${g.error_code} ${g.error_message}`));
        out.push(...pgGaps.lost.map((g) => `dual write gap lost (could not be recorded): ${g.domain}.${g.method}`));
        if (open.rows.length + pgGaps.lost.length < recorded) out.push(`${recorded} dual write gap(s) recorded, but only ${open.rows.length} open in pg_dualwrite_gaps`);
        return out;
      };
      return {
        kind,
        repos,
        probe: { count: async (t) => [await mongo.collection(t.mongo).countDocuments(), await countPg(pg, t.pg)] },
        // A read changes no store, so it is only shadow-read (the stores were checked after the
        // write before it); a write is followed by the invariants and the gap table.
        afterCommand: (call, outcome, isRead) => (isRead ? shadowRead(mirrors, call, outcome, ids, kind) : storeViolations(affected(call.domain))),
        storeViolations: () => storeViolations(),
      };
    }
  }
}

/**
 * Runs a read on the mirror and compares its outcome with the primary's, both in legacy ids
 * (`dual`: the Postgres mirror's uuids mapped; `dual-pg`: the Mongo mirror gets legacy-id
 * arguments, and the Postgres primary's answer is mapped).
 */
async function shadowRead(mirrors: Repos, call: Call, primary: Outcome, ids: LegacyIdCache, kind: 'dual' | 'dual-pg'): Promise<string[]> {
  const repo = mirrors[call.domain] as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const args = kind === 'dual' ? call.args : ((await ids.toLegacy(call.args)) as unknown[]);
  const mirror = await outcomeOf(() => repo[call.method]!(...args));
  const [m, p] = kind === 'dual' ? [await ids.toLegacy(mirror), primary] : [mirror, await ids.toLegacy(primary)];
  const [mirrorName, primaryName] = kind === 'dual' ? ['Postgres', 'Mongo'] : ['Mongo', 'Postgres'];
  return isDeepStrictEqual(m, p)
    ? []
    : [`shadow read ${call.domain}.${call.method}: the ${mirrorName} mirror answered ${JSON.stringify(m)} where ${primaryName} answered ${JSON.stringify(p)}`];
}
