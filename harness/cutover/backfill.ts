/**
 * Backfill: copies Mongo documents into Postgres, entity by entity in dependency order (users,
 * categories, addresses, payments, ledger entries), so that afterwards `verify` finds zero diff.
 *
 * - **State is copied, not replayed**: rows get the document's `createdAt`, `updatedAt`,
 *   `isPrimary`, `isActive`, `status` exactly, through each spec's `toRow`; no repository rule
 *   runs (a repository would stamp new times and re-decide primaries).
 * - **Keyed on `legacy_object_id`**: a row whose legacy id exists is compared with the document's
 *   canonical record and updated only when it differs, so a second run writes nothing. The
 *   `id_map` trigger maps every inserted row. Ledger rows are append-only: an existing ledger row
 *   is never updated (a differing one is reported).
 * - **Nothing is dropped silently**: every document is inserted, updated, unchanged or skipped
 *   with its rule (`Rejection`), and repairs are listed (policies in `repos/legacy/*.ts`).
 * - **Bounded memory**: one Mongo cursor sorted by `_id`, consumed `batchSize` documents at a
 *   time; the state kept across batches is a compact id index per referenced collection
 *   (~21 bytes a document), the policies' pre-pass maps (categories, users with a primary
 *   address) and the few rows deferred by ordering conflicts.
 * - **Batches**: each batch is one transaction (in a dry run, one savepoint inside a transaction
 *   that is rolled back at the end, so a dry run reports exactly what a run would do and writes
 *   nothing). A batch Postgres refuses is replayed row by row under savepoints, so one bad row
 *   is reported and the others are written.
 * - **Ordering conflicts**: a row refused by a unique index (another row still holds the name or
 *   the primary flag it takes, and is about to change) or whose parent category comes later in
 *   `_id` order is deferred and retried after the stream until no retry makes progress.
 *
 * Mongo is only read. Postgres is written through one connection from `pg`.
 *
 * @public
 */
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { STORED_ENTITIES, dependencyOrder, referencedEntities, selectEntities } from '../../repos/legacy/index.ts';
import { UnresolvedReferenceError, referencesIn, withDeferredOf, type AnyChildTable, type AnyStoredEntity, type CanonicalRecord, type Repair, type Resolve } from '../../repos/legacy/spec.ts';
import { canonicalJson } from './canonical.ts';
import { Expectations, indexReferences, type Expectation, type FlaggedDocument, type Rejection } from './canonical-expectation.ts';
import { IdStatus } from './canonical-id-index.ts';
import { zeroCounts, type BackfillCounts, type BackfillEntityReport, type BackfillReport } from './backfill-report.ts';
import { approximateCount, mongoBatches } from './stream-mongo.ts';
import { TableSql, childTableSql, leaseConnection, pgErrorOf, recordsOf, run, type PgQueryable, type PgSource } from './stream-postgres.ts';

export type { BackfillCounts, BackfillEntityReport, BackfillReport } from './backfill-report.ts';

/** Progress of one entity, reported after every batch. `total` is Mongo's estimate (may be off under writes). */
export interface BackfillProgress {
  readonly entity: string;
  readonly done: number;
  readonly total: number;
}

/** Options of {@link backfill}. */
export interface BackfillOptions {
  /** The Mongo database to read (only read: `find`). */
  readonly mongoDb: Db;
  /** The migrated Postgres database to write: a Drizzle database, a node-postgres Pool or a connected Client. */
  readonly pg: PgSource;
  /**
   * Domains to backfill (`user`, `address`, `category`, `payment`), or tables
   * (`funds_ledger_entries`); all when omitted. Referenced entities outside the selection are read
   * on the Mongo side only (to judge references), never written.
   * @throws Error for an unknown name.
   */
  readonly domains?: readonly string[];
  /** Compute everything inside a transaction that is rolled back: the report of a real run, no write. Default false. */
  readonly dryRun?: boolean;
  /** Documents per Mongo batch and per Postgres transaction. Default 500. */
  readonly batchSize?: number;
  /** Called after each batch. */
  readonly onProgress?: (p: BackfillProgress) => void;
  /** Entries kept in each list of the report (`skipped`, `repairs`, `flagged`); counts are always complete. Default 10,000. */
  readonly maxListed?: number;
  /**
   * The stored entities to choose from (default `STORED_ENTITIES`, or in time every registered
   * domain's `stored`); they are put in dependency order. `domains` selects among them.
   */
  readonly entities?: readonly AnyStoredEntity[];
}

/**
 * Copies the selected domains from Mongo to Postgres (see the module comment) and returns what
 * it did.
 *
 * @throws Error for an unknown domain or a `batchSize` < 1; errors of either server that are not
 *   about one document (connection lost, missing tables) are rethrown after a dry run's
 *   transaction is rolled back.
 */
export async function backfill(opts: BackfillOptions): Promise<BackfillReport> {
  const batchSize = opts.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer (got ${batchSize})`);
  const dryRun = opts.dryRun ?? false;
  const maxListed = opts.maxListed ?? 10_000;
  const registry = dependencyOrder(opts.entities ?? STORED_ENTITIES);
  const selected = selectEntities(opts.domains, registry);
  const support = referencedEntities(selected, registry);
  const order = registry.filter((e) => selected.includes(e) || support.includes(e));
  const expectations = new Expectations(registry);
  const lists = new Lists(maxListed);
  const entities: BackfillEntityReport[] = [];
  const started = performance.now();
  const lease = await leaseConnection(opts.pg);
  try {
    if (dryRun) await lease.client.query('BEGIN');
    expectations.startPlans(order, opts.mongoDb, batchSize);
    try {
      for (const spec of order) {
        if (selected.includes(spec)) {
          entities.push(await backfillEntity(spec, { ...opts, batchSize, dryRun }, lease.client, expectations, lists));
        } else {
          await indexReferences(spec, opts.mongoDb, batchSize, expectations);
        }
      }
      // Last pass: references that close a cycle (see `StoredEntity.deferredReferences`).
      for (const spec of order) {
        const report = entities.find((e) => e.entity === spec.name);
        if (report && spec.deferredReferences) await linkDeferred(spec, { ...opts, batchSize, dryRun }, lease.client, expectations, report.counts, lists);
      }
    } finally {
      if (dryRun) await lease.client.query('ROLLBACK');
    }
  } finally {
    lease.release();
  }
  const totals = zeroCounts();
  for (const e of entities) for (const k of Object.keys(totals) as (keyof BackfillCounts)[]) totals[k] += e.counts[k];
  const durationMs = performance.now() - started;
  return {
    dryRun,
    batchSize,
    entities,
    totals,
    skipped: lists.skipped,
    repairs: lists.repairs,
    flagged: lists.flagged,
    flagCounts: lists.flagCounts,
    unlisted: lists.unlisted,
    durationMs,
    docsPerSec: rate(totals.seen, durationMs),
  };
}

/** Report lists with a cap. */
class Lists {
  readonly skipped: Rejection[] = [];
  readonly repairs: Repair[] = [];
  readonly flagged: FlaggedDocument[] = [];
  readonly flagCounts: Record<string, number> = {};
  readonly unlisted = { skipped: 0, repairs: 0, flagged: 0 };
  constructor(private readonly max: number) {}
  push<K extends 'skipped' | 'repairs' | 'flagged'>(list: K, item: Lists[K][number]): void {
    const target = this[list] as unknown[];
    if (target.length < this.max) target.push(item);
    else this.unlisted[list]++;
  }
}

type RecordExpectation = Extract<Expectation, { kind: 'record' }>;

/** A row to write: the parent's values, its uuid and, per child table of the spec, the child rows. */
interface RowWrite {
  readonly e: RecordExpectation;
  readonly uuid: string;
  readonly row: Record<string, unknown>;
  readonly children: readonly Record<string, unknown>[][];
}

interface EntityContext extends BackfillOptions {
  readonly batchSize: number;
  readonly dryRun: boolean;
}

async function backfillEntity(spec: AnyStoredEntity, ctx: EntityContext, client: PgQueryable, expectations: Expectations, lists: Lists): Promise<BackfillEntityReport> {
  const started = performance.now();
  const counts = zeroCounts();
  await expectations.plan(spec, ctx.mongoDb, ctx.batchSize);
  const total = await approximateCount(ctx.mongoDb, spec.collection);
  const builder = expectations.indexBuilder(spec);
  const writer = new EntityWriter(client, spec, expectations, counts, lists, ctx.dryRun);
  const timingMs = { mongoWait: 0, postgres: 0 };
  const batches = mongoBatches(ctx.mongoDb, spec.collection, ctx.batchSize);
  try {
    for (;;) {
      const waitStarted = performance.now();
      const next = await batches.next();
      timingMs.mongoWait += performance.now() - waitStarted;
      if (next.done) break;
      const batch = next.value;
      const records: RecordExpectation[] = [];
      for (const doc of batch) {
        counts.seen++;
        const e = expectations.expect(spec, doc);
        expectations.note(spec, builder, e);
        if (e.kind === 'rejected') {
          writer.skip(e.rejection);
          continue;
        }
        if (e.repairs.length) {
          counts.repaired++;
          for (const r of e.repairs) lists.push('repairs', r);
        }
        if (e.flags.length) {
          counts.flagged++;
          for (const f of e.flags) {
            lists.flagCounts[f.note] = (lists.flagCounts[f.note] ?? 0) + 1;
            lists.push('flagged', { entity: spec.name, id: e.id, ...f });
          }
        }
        records.push(e);
      }
      const writeStarted = performance.now();
      await writer.write(records, false);
      timingMs.postgres += performance.now() - writeStarted;
      ctx.onProgress?.({ entity: spec.name, done: counts.seen, total: Math.max(total, counts.seen) });
    }
  } finally {
    await batches.return(undefined); // closes the cursor when a write failed mid-stream
  }
  const retryStarted = performance.now();
  await writer.retryDeferred();
  timingMs.postgres += performance.now() - retryStarted;
  const index = expectations.finishIndex(spec, builder);
  for (const id of writer.refused) index.setStatus(id, IdStatus.failed);
  const durationMs = performance.now() - started;
  return {
    entity: spec.name,
    collection: spec.collection,
    table: spec.table,
    counts,
    durationMs,
    docsPerSec: rate(counts.seen, durationMs),
    timingMs: { mongoWait: Math.round(timingMs.mongoWait), postgres: Math.round(timingMs.postgres) },
  };
}

/** SQLSTATEs of conflicts that another row of the same run may resolve (unique index, foreign key). */
const ORDERING_CONFLICTS = new Set(['23505', '23503']);

/** Writes one entity's records batch by batch; see the module comment for the rules. */
class EntityWriter {
  private readonly sql: TableSql;
  private deferred: RecordExpectation[] = [];
  private readonly deferredIds = new Set<string>();
  /** Ids Postgres refused (their dependents are reported as such). */
  readonly refused = new Set<string>();

  constructor(
    private readonly client: PgQueryable,
    private readonly spec: AnyStoredEntity,
    private readonly expectations: Expectations,
    private readonly counts: BackfillCounts,
    private readonly lists: Lists,
    private readonly nested: boolean,
  ) {
    this.sql = new TableSql(spec);
  }

  skip(r: Rejection): void {
    this.counts.skipped++;
    this.lists.push('skipped', r);
  }

  private refuse(e: RecordExpectation, field: string, rule: string, cause: Rejection['cause']): void {
    this.refused.add(e.id);
    this.skip({ entity: this.spec.name, collection: this.spec.collection, id: e.id, field, rule, cause });
  }

  private defer(e: RecordExpectation): void {
    this.deferred.push(e);
    this.deferredIds.add(e.id);
  }

  /** Retries deferred rows until a round makes no progress; the last round reports what is left. */
  async retryDeferred(): Promise<void> {
    let previous = Infinity;
    while (this.deferred.length > 0) {
      const final = this.deferred.length >= previous;
      previous = this.deferred.length;
      const todo = this.deferred;
      this.deferred = [];
      for (let i = 0; i < todo.length; i += 500) await this.write(todo.slice(i, i + 500), final);
      if (final) break;
    }
    this.counts.deferred = this.deferredIds.size;
  }

  /** Writes one batch of records; with `final`, ordering conflicts are reported instead of deferred. */
  async write(items: readonly RecordExpectation[], final: boolean): Promise<void> {
    if (items.length === 0) return;
    const { spec, sql } = this;
    const existing = new Map<string, { record: CanonicalRecord; uuid: string }>();
    const found = (await run(this.client, sql.byLegacyIds(items.map((e) => e.id)))).rows;
    const foundRecords = await recordsOf(this.client, spec, sql, found);
    found.forEach((row, i) => existing.set(foundRecords[i]!.id, { record: foundRecords[i]!, uuid: String(row.id) }));
    const known = await this.resolveReferences(items);
    const own = known.get(spec.table) ?? new Map<string, string>();
    known.set(spec.table, own);
    const minted = new Map<string, string>();
    for (const e of items) if (!existing.has(e.id)) minted.set(e.id, randomUUID());
    for (const [id, uuid] of minted) own.set(id, uuid);

    // Rows whose references cannot be resolved drop out; a new row's children in this batch then
    // drop out too (fixpoint), so no insert references a row that will not exist.
    let pending = [...items];
    for (let changed = true; changed; ) {
      changed = false;
      const next: RecordExpectation[] = [];
      for (const e of pending) {
        const missing = this.unresolved(e.record, known);
        if (!missing) {
          next.push(e);
          continue;
        }
        changed = true;
        if (minted.has(e.id)) own.delete(e.id);
        if (missing.table === spec.table && !final) this.defer(e);
        else {
          const rule = (missing.table === spec.table ? undefined : this.expectations.referenceProblem(missing.table, missing.id)) ?? `references ${missing.table} ${missing.id}, which is not in Postgres`;
          this.refuse(e, missing.field, rule, 'reference');
        }
      }
      pending = next;
    }

    const resolve = (table: string, legacyId: string) => {
      const uuid = known.get(table)?.get(legacyId);
      if (uuid === undefined) throw new UnresolvedReferenceError(table, legacyId); // a defect: references were resolved above
      return uuid;
    };
    const inserts: RowWrite[] = [];
    const updates: RowWrite[] = [];
    for (const e of pending) {
      const ex = existing.get(e.id);
      // Deferred references are the last pass's business: compared as Postgres has them now.
      if (!ex) {
        const uuid = minted.get(e.id)!;
        inserts.push({ e, uuid, row: { id: uuid, ...this.firstRow(e.record, resolve) }, children: this.childRows(e.record, uuid, resolve) });
      } else if (canonicalJson(ex.record) === canonicalJson(withDeferredOf(spec, e.record, ex.record))) {
        this.counts.unchanged++;
      } else if (spec.appendOnly) {
        this.refuse(e, '(row)', `${spec.table} is append-only: the existing row differs from the document and cannot be updated`, 'append-only');
      } else {
        updates.push({ e, uuid: ex.uuid, row: this.firstRow(e.record, resolve), children: this.childRows(e.record, ex.uuid, resolve) });
      }
    }
    if (inserts.length === 0 && updates.length === 0) return;
    await this.apply(inserts, updates, final);
  }

  /** Insert/update values of a record's own row, without its deferred references (NULL when new, kept when existing). */
  private firstRow(record: CanonicalRecord, resolve: Resolve): Record<string, unknown> {
    const row = this.spec.toRow(withDeferredOf(this.spec, record), resolve) as Record<string, unknown>;
    for (const field of Object.keys(this.spec.deferredReferences ?? {})) delete row[field];
    return row;
  }

  /** Rows of each child table for a record whose own row has `uuid`. */
  private childRows(record: CanonicalRecord, uuid: string, resolve: Resolve): Record<string, unknown>[][] {
    return (this.spec.children ?? []).map((child) =>
      child.read(record).map((c: unknown, i: number) => ({ [child.parentKey]: uuid, ...(child.toRow(c, i, resolve) as Record<string, unknown>) })),
    );
  }

  /**
   * Writes the child rows of `items`; with `replace` (the parents exist) only what changed: the
   * stored rows no new row equals are deleted and the new rows no stored row equals inserted (see
   * {@link staleChildRows}).
   */
  private async writeChildren(items: readonly RowWrite[], replace: boolean): Promise<void> {
    const children = this.spec.children ?? [];
    if (items.length === 0 || children.length === 0) return;
    for (const [i, child] of children.entries()) {
      const csql = childTableSql(child);
      const rows = replace ? await this.staleChildRows(child, csql, items, i) : items.flatMap((x) => x.children[i]!);
      if (rows.length === 0) continue;
      const perStatement = Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(rows[0] ?? { a: 1 }).length)));
      for (let j = 0; j < rows.length; j += perStatement) await run(this.client, csql.insert(rows.slice(j, j + perStatement)));
    }
  }

  /**
   * Brings the stored rows of child table `i` of the existing parents `items` to their new rows,
   * leaving every row that did not change in place, and returns the new rows still to insert.
   * Deleting and re-inserting all of a parent's rows would trip a foreign key another table holds
   * to an unchanged row (a chat message's sender must be a participant of its chat: a composite
   * foreign key to `chat_participants`, which a later message-only update of the chat must not
   * break). Rows are compared by the columns the new rows set (their driver values); a parent
   * whose stored or new rows repeat one another gets all of them replaced.
   */
  private async staleChildRows(child: AnyChildTable, csql: TableSql, items: readonly RowWrite[], i: number): Promise<Record<string, unknown>[]> {
    const stored = new Map<string, Record<string, unknown>[]>();
    for (const row of (await run(this.client, csql.byParents(child.parentKey, [], items.map((x) => x.uuid)))).rows) {
      const parent = String(row[child.parentKey]);
      stored.set(parent, [...(stored.get(parent) ?? []), row]);
    }
    const insert: Record<string, unknown>[] = [];
    for (const x of items) {
      const next = x.children[i]!;
      const old = stored.get(x.uuid) ?? [];
      if (old.length === 0) {
        insert.push(...next);
        continue;
      }
      if (next.length === 0) {
        await run(this.client, csql.deleteByParents(child.parentKey, [x.uuid]));
        continue;
      }
      const keys = Object.keys(next[0]!).sort();
      const oldSigs = old.map((r) => csql.signature(r, keys));
      const wanted = new Set(next.map((r) => csql.signature(r, keys)));
      if (new Set(oldSigs).size !== oldSigs.length || wanted.size !== next.length) {
        await run(this.client, csql.deleteByParents(child.parentKey, [x.uuid]));
        insert.push(...next);
        continue;
      }
      const kept = new Set<string>();
      for (const [j, r] of old.entries()) {
        if (wanted.has(oldSigs[j]!)) kept.add(oldSigs[j]!);
        else await run(this.client, csql.deleteMatching(r, keys));
      }
      insert.push(...next.filter((r) => !kept.has(csql.signature(r, keys))));
    }
    return insert;
  }

  /** Legacy id → uuid for every referenced table of `items` (children included), from `id_map`. */
  private async resolveReferences(items: readonly RecordExpectation[]): Promise<Map<string, Map<string, string>>> {
    const wanted = new Map<string, Set<string>>();
    for (const e of items) {
      for (const { table, id } of referencesIn(this.spec, e.record)) {
        if (!wanted.has(table)) wanted.set(table, new Set());
        wanted.get(table)!.add(id);
      }
    }
    const known = new Map<string, Map<string, string>>();
    for (const [table, ids] of wanted) {
      const { rows } = await this.client.query('SELECT legacy_object_id, pg_id::text AS pg_id FROM id_map WHERE entity = $1 AND legacy_object_id = ANY($2::varchar[])', [table, [...ids]]);
      known.set(table, new Map(rows.map((r) => [r.legacy_object_id as string, r.pg_id as string])));
    }
    return known;
  }

  private unresolved(record: CanonicalRecord, known: Map<string, Map<string, string>>): { field: string; table: string; id: string } | undefined {
    return referencesIn(this.spec, record).find((r) => !known.get(r.table)?.has(r.id));
  }

  /** One transaction (or savepoint) for the batch; on a refusal, row by row under savepoints. */
  private async apply(inserts: RowWrite[], updates: RowWrite[], final: boolean): Promise<void> {
    const c = this.client;
    const [begin, commit, rollback] = this.nested
      ? ['SAVEPOINT backfill_batch', 'RELEASE SAVEPOINT backfill_batch', 'ROLLBACK TO SAVEPOINT backfill_batch; RELEASE SAVEPOINT backfill_batch']
      : ['BEGIN', 'COMMIT', 'ROLLBACK'];
    await c.query(begin);
    try {
      const perStatement = Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(inserts[0]?.row ?? { a: 1 }).length)));
      for (let i = 0; i < inserts.length; i += perStatement) await run(c, this.sql.insert(inserts.slice(i, i + perStatement).map((x) => x.row)));
      for (const u of updates) await run(c, this.sql.update(u.e.id, u.row));
      await this.writeChildren(inserts, false);
      await this.writeChildren(updates, true);
      await c.query(commit);
      this.counts.inserted += inserts.length;
      this.counts.updated += updates.length;
      return;
    } catch (e) {
      await c.query(rollback);
      if (!pgErrorOf(e)) throw e;
    }
    // Row by row: updates first (they release names and primary flags new rows may take).
    await c.query(begin);
    try {
      for (const [op, list] of [['update', updates], ['insert', inserts]] as const) {
        for (const x of list) {
          await c.query('SAVEPOINT backfill_row');
          try {
            await run(c, op === 'insert' ? this.sql.insert([x.row]) : this.sql.update(x.e.id, x.row));
            await this.writeChildren([x], op === 'update');
            await c.query('RELEASE SAVEPOINT backfill_row');
            this.counts[op === 'insert' ? 'inserted' : 'updated']++;
          } catch (err) {
            await c.query('ROLLBACK TO SAVEPOINT backfill_row; RELEASE SAVEPOINT backfill_row');
            const pg = pgErrorOf(err);
            if (!pg) throw err;
            if (!final && ORDERING_CONFLICTS.has(pg.code) && pg.constraint !== `${this.spec.table}_legacy_object_id_unique`) this.defer(x.e);
            else this.refuse(x.e, pg.constraint ?? `SQLSTATE ${pg.code}`, `Postgres refused the row: ${pg.message} (SQLSTATE ${pg.code})`, 'postgres');
          }
        }
      }
      await c.query(commit);
    } catch (e) {
      await c.query(rollback).catch(() => {});
      throw e;
    }
  }
}

/**
 * The last pass for an entity with `deferredReferences`: streams its collection again and sets
 * each deferred column of the backfilled rows to the referenced row's uuid (from `id_map`), in one
 * UPDATE per batch that only touches rows whose value differs (so a second run writes nothing).
 * A target missing from Postgres, or one Postgres refuses (a foreign key), is left unset and
 * listed as a repair. Counts rows changed in `counts.linked`.
 */
async function linkDeferred(spec: AnyStoredEntity, ctx: EntityContext, client: PgQueryable, expectations: Expectations, counts: BackfillCounts, lists: Lists): Promise<void> {
  const tsql = new TableSql(spec);
  const [begin, commit, rollback] = ctx.dryRun
    ? ['SAVEPOINT backfill_link', 'RELEASE SAVEPOINT backfill_link', 'ROLLBACK TO SAVEPOINT backfill_link; RELEASE SAVEPOINT backfill_link']
    : ['BEGIN', 'COMMIT', 'ROLLBACK'];
  const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
  for (const [field, table] of Object.entries(spec.deferredReferences ?? {})) {
    const col = q(tsql.columnOf(field));
    const update = `UPDATE ${q(tsql.table)} t SET ${col} = v.target FROM unnest($1::varchar[], $2::uuid[]) AS v(id, target) WHERE t.legacy_object_id = v.id AND t.${col} IS DISTINCT FROM v.target`;
    const unset = (id: string, action: string) => lists.push('repairs', { entity: spec.name, id, field, rule: `must reference a ${table} row that is in Postgres`, action });
    for await (const batch of mongoBatches(ctx.mongoDb, spec.collection, ctx.batchSize)) {
      const pairs: { id: string; target: string | null }[] = [];
      for (const doc of batch) {
        const e = expectations.expect(spec, doc);
        if (e.kind !== 'record') continue;
        const v = (e.record as unknown as Record<string, unknown>)[field];
        pairs.push({ id: e.id, target: typeof v === 'string' ? v : null });
      }
      const targets = [...new Set(pairs.flatMap((p) => (p.target === null ? [] : [p.target])))];
      const { rows } = await client.query('SELECT legacy_object_id, pg_id::text AS pg_id FROM id_map WHERE entity = $1 AND legacy_object_id = ANY($2::varchar[])', [table, targets]);
      const known = new Map(rows.map((r) => [String(r.legacy_object_id), String(r.pg_id)]));
      const ids: string[] = [];
      const uuids: (string | null)[] = [];
      for (const p of pairs) {
        const uuid = p.target === null ? null : (known.get(p.target) ?? null);
        if (p.target !== null && uuid === null) unset(p.id, `left unset: ${table} ${p.target} is not in Postgres`);
        ids.push(p.id);
        uuids.push(uuid);
      }
      if (ids.length === 0) continue;
      await client.query(begin);
      try {
        counts.linked += (await client.query(update, [ids, uuids])).rowCount ?? 0;
        await client.query(commit);
        continue;
      } catch (e) {
        await client.query(rollback);
        if (!pgErrorOf(e)) throw e;
      }
      // Row by row: one refused reference leaves only its own row unset.
      await client.query(begin);
      try {
        for (let i = 0; i < ids.length; i++) {
          await client.query('SAVEPOINT backfill_link_row');
          try {
            counts.linked += (await client.query(update, [[ids[i]], [uuids[i]]])).rowCount ?? 0;
            await client.query('RELEASE SAVEPOINT backfill_link_row');
          } catch (err) {
            await client.query('ROLLBACK TO SAVEPOINT backfill_link_row; RELEASE SAVEPOINT backfill_link_row');
            const pg = pgErrorOf(err);
            if (!pg) throw err;
            unset(ids[i]!, `left unset: Postgres refused it: ${pg.message} (SQLSTATE ${pg.code})`);
          }
        }
        await client.query(commit);
      } catch (e) {
        await client.query(rollback).catch(() => {});
        throw e;
      }
    }
  }
}

function rate(n: number, ms: number): number {
  return ms > 0 ? Math.round((n / ms) * 1000) : 0;
}
