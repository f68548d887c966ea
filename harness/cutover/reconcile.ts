/**
 * `reconcile`: replays open dual-write gaps until Postgres matches Mongo for them.
 *
 * A gap records that a mirror write failed. Replaying the failed *operation* is not enough: a
 * later write may already have overwritten it in Mongo, writes of two requests may have reached
 * Postgres out of order, and a write like `address.setPrimary` also changed rows other than its
 * argument. So reconcile replays *state*: it re-syncs ({@link resync}) every domain with an open
 * gap, and the domains those depend on — deleting the Postgres rows whose Mongo document no longer
 * exists (rows of append-only tables excepted: reported, never deleted; a deleted row's child-table
 * rows go with it, and deferred references to it are cleared first), then running `backfill`
 * (upserts keyed on `legacy_object_id`, idempotent) — and marks each gap resolved unless the
 * document it names was skipped. Running it twice changes nothing the second time.
 *
 * @public
 */
import type { Db } from 'mongodb';
import { sql } from 'drizzle-orm';
import { closure, type DomainDefinition, type PgDatabase } from '../../contracts/domain.ts';
import { domains as defaultRegistry } from '../../contracts/index.ts';
import { STORED_ENTITIES } from '../../repos/legacy/index.ts';
import { backfill, type BackfillReport } from './backfill.ts';
import { TableSql, childTableSql } from './stream-postgres.ts';

/** What {@link reconcile} did. */
export interface ReconcileReport {
  /** Open gaps found, by domain. */
  readonly open: Readonly<Record<string, number>>;
  /** Postgres rows deleted because their Mongo document is gone (table, legacy id). */
  readonly deleted: readonly { readonly table: string; readonly id: string }[];
  /** Rows whose Mongo document is gone but that may not be deleted (append-only tables: the funds ledger, config history). */
  readonly kept: readonly { readonly table: string; readonly id: string }[];
  /** The backfill that re-synced the affected domains (null when no gap was open). */
  readonly backfill: BackfillReport | null;
  /** Gaps marked resolved. */
  readonly resolved: number;
  /** Gaps left open: the document they name was skipped by the backfill (see `backfill.skipped`). */
  readonly remaining: number;
  readonly durationMs: number;
}

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  readonly mongoDb: Db;
  readonly pg: PgDatabase;
  /** The domain registry (for dependencies); default `contracts/index.ts`. */
  readonly registry?: readonly DomainDefinition[];
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What {@link resync} did. */
export interface ResyncReport {
  readonly domains: readonly string[];
  readonly deleted: readonly { readonly table: string; readonly id: string }[];
  readonly kept: readonly { readonly table: string; readonly id: string }[];
  readonly backfill: BackfillReport;
}

/**
 * Makes Postgres hold Mongo's state for `domains` and the domains they depend on (a payment
 * needs its user): deletes rows whose Mongo document is gone (children first; rows of append-only
 * tables (the funds ledger, config history) are kept and listed), then backfills. Idempotent. This is also the repair for writes a
 * crash lost without recording a gap: no gap points at them, so only a re-sync finds them.
 */
export async function resync(opts: { mongoDb: Db; pg: PgDatabase; domains: readonly string[]; registry?: readonly DomainDefinition[] }): Promise<ResyncReport> {
  const registry = opts.registry ?? defaultRegistry;
  const names = [...new Set(opts.domains.flatMap((n) => {
    const d = registry.find((x) => x.name === n);
    return d ? closure(d, registry).map((x) => x.name) : [n];
  }))];
  const deleted: { table: string; id: string }[] = [];
  const kept: { table: string; id: string }[] = [];
  // Children before parents, so a delete never trips a foreign key.
  for (const spec of [...STORED_ENTITIES].reverse().filter((e) => names.includes(e.domain))) {
    const rows = await opts.pg.execute<{ id: string }>(sql`SELECT legacy_object_id AS id FROM ${sql.identifier(spec.table)} WHERE legacy_object_id IS NOT NULL`);
    for (const id of await missingInMongo(opts.mongoDb, spec.collection, rows.rows.map((r) => r.id))) {
      if (spec.appendOnly) {
        kept.push({ table: spec.table, id });
        continue;
      }
      await deleteRow(opts.pg, spec, id);
      deleted.push({ table: spec.table, id });
    }
  }
  return { domains: names, deleted, kept, backfill: await backfill({ mongoDb: opts.mongoDb, pg: opts.pg, domains: names }) };
}

/**
 * Deletes the row of `spec` with legacy id `id`: first the deferred references other entities
 * hold to it (set NULL: the backfill that follows sets them again from Mongo), then its child
 * tables' rows (children first, whatever their foreign keys' ON DELETE says), then the row.
 */
async function deleteRow(db: PgDatabase, spec: (typeof STORED_ENTITIES)[number], id: string): Promise<void> {
  const target = sql`(SELECT id FROM ${sql.identifier(spec.table)} WHERE legacy_object_id = ${id})`;
  for (const other of STORED_ENTITIES) {
    for (const [field, table] of Object.entries(other.deferredReferences ?? {})) {
      if (table !== spec.table) continue;
      const col = new TableSql(other).columnOf(field);
      await db.execute(sql`UPDATE ${sql.identifier(other.table)} SET ${sql.identifier(col)} = NULL WHERE ${sql.identifier(col)} = ${target}`);
    }
  }
  for (const child of spec.children ?? []) {
    const csql = childTableSql(child);
    await db.execute(sql`DELETE FROM ${sql.identifier(csql.table)} WHERE ${sql.identifier(csql.columnOf(child.parentKey))} = ${target}`);
  }
  await db.execute(sql`DELETE FROM ${sql.identifier(spec.table)} WHERE legacy_object_id = ${id}`);
}

/**
 * Reconciles every open gap (see the module comment).
 * @throws the servers' errors that are not about one document (connection lost, missing tables).
 */
export async function reconcile(opts: ReconcileOptions): Promise<ReconcileReport> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const gaps = await opts.pg.execute<{ id: number; domain: string; entity_id: string | null }>(
    sql`SELECT id, domain, entity_id FROM pg_dualwrite_gaps WHERE resolved_at IS NULL ORDER BY id`,
  );
  const open: Record<string, number> = {};
  for (const g of gaps.rows) open[g.domain] = (open[g.domain] ?? 0) + 1;
  const domains = Object.keys(open);
  if (domains.length === 0) return { open, deleted: [], kept: [], backfill: null, resolved: 0, remaining: 0, durationMs: performance.now() - t0 };
  log(`reconcile: ${gaps.rows.length} open gaps in ${domains.join(', ')}`);

  const { deleted, kept, backfill: report } = await resync({ ...opts, domains });
  // A gap stays open when the document it names was skipped (it cannot be in Postgres yet); other
  // skipped documents of the domain are the backfill report's business, not this gap's.
  const skipped = new Set(report.skipped.map((s) => s.id));
  const isResolved = (g: { entity_id: string | null }) => g.entity_id === null || !skipped.has(g.entity_id);
  const ids = gaps.rows.filter(isResolved).map((g) => g.id);
  if (ids.length) {
    await opts.pg.execute(sql`UPDATE pg_dualwrite_gaps SET resolved_at = now(), attempts = attempts + 1 WHERE id IN ${sql.raw(`(${ids.map(Number).join(',')})`)}`);
  }
  const left = gaps.rows.filter((g) => !isResolved(g)).map((g) => g.id);
  if (left.length) await opts.pg.execute(sql`UPDATE pg_dualwrite_gaps SET attempts = attempts + 1 WHERE id IN ${sql.raw(`(${left.map(Number).join(',')})`)}`);
  return { open, deleted, kept, backfill: report, resolved: ids.length, remaining: left.length, durationMs: performance.now() - t0 };
}

/** The ids (24-hex) of `ids` that have no document in `collection`. */
async function missingInMongo(db: Db, collection: string, ids: readonly string[]): Promise<string[]> {
  const { ObjectId } = await import('mongodb');
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const found = new Set(
      (await db.collection(collection).find({ _id: { $in: batch.map((id) => ObjectId.createFromHexString(id)) } }, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)),
    );
    out.push(...batch.filter((id) => !found.has(id)));
  }
  return out;
}
