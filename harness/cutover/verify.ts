/**
 * Verify: does Postgres hold exactly what Mongo says it should? Read-only by construction.
 *
 * For each entity (dependency order):
 * 1. **Expected state** — each Mongo document goes through the same decision as in `backfill`
 *    (`canonical-expectation.ts`): its canonical record after the repair policies, or a
 *    rejection (listed, not a difference: backfill is told to skip it).
 * 2. **Checksums per bucket** — both sides are streamed once, concurrently: Mongo with one cursor
 *    sorted by `_id`, Postgres with keyset pages ordered by `legacy_object_id` (references
 *    translated through `id_map`). Each canonical record is hashed (SHA-256 of its canonical JSON,
 *    first 64 bits) into the bucket of its id: `2^bucketBits` equal id ranges, each holding a
 *    count and a sum of hashes mod 2^64. Memory: the buckets, one batch, the id index.
 * 3. **Bisection** — a bucket whose count or sum differs is halved (at the middle of the ids seen)
 *    and only that range is re-read on both sides, level by level (all ranges of a level in one
 *    query per side), until a range holds at most `leafSize` records per side; those ranges are
 *    re-read once more and merged by id into differences: `only: 'mongo' | 'postgres'` or the
 *    fields that differ.
 * 4. Child tables (`StoredEntity.children`: what a document embeds) are read with their parents,
 *    one query per child table and page, and are part of the parent's canonical record: a
 *    missing, extra or changed child row is a difference of the parent, in the field it fills.
 * 5. Rows with no `legacy_object_id` are Postgres-only by definition; the open
 *    `pg_dualwrite_gaps` backlog is counted.
 *
 * Read-only: every Postgres statement runs in one `BEGIN ISOLATION LEVEL REPEATABLE READ READ
 * ONLY` transaction (one snapshot; Postgres itself refuses any write in it), ended with ROLLBACK;
 * the report says what `transaction_read_only` and `transaction_isolation` were. Mongo is only
 * read with `find` (FerretDB has no snapshot: under live writes a document changed during the run
 * can show as a transient difference — run verify again to confirm one).
 *
 * @public
 */
import type { Db, Document } from 'mongodb';
import { STORED_ENTITIES, dependencyOrder, referencedEntities, selectEntities } from '../../repos/legacy/index.ts';
import type { AnyStoredEntity, CanonicalRecord } from '../../repos/legacy/spec.ts';
import { fieldDifferences, recordHash, type FieldDifference } from './canonical.ts';
import { Expectations, hexId, indexReferences, type Rejection } from './canonical-expectation.ts';
import { ID_SPACE_END, idToBigInt, mongoBatches, mongoIdBounds, rangesFilter, type IdRange } from './stream-mongo.ts';
import { TableSql, leaseConnection, recordsOf, type PgQueryable, type PgSource } from './stream-postgres.ts';
import { BucketGrid, RangeSet, Summary, halve } from './verify-buckets.ts';

export type { FieldDifference } from './canonical.ts';

/** A record that is not the same on both sides. `id` is the legacy id (a uuid for a row without one). */
export type Difference =
  | { readonly entity: string; readonly id: string; readonly only: 'mongo' | 'postgres'; readonly reason?: string }
  | { readonly entity: string; readonly id: string; readonly fields: readonly FieldDifference[] };

/** One entity's result. */
export interface VerifyEntityReport {
  readonly entity: string;
  readonly collection: string;
  readonly table: string;
  readonly mongo: {
    /** Documents read. */
    readonly documents: number;
    /** Documents whose canonical record Postgres should hold. */
    readonly expected: number;
    /** Documents backfill is told to skip (listed in `VerifyReport.rejected`). */
    readonly rejected: number;
    /** Expected records changed by a repair policy. */
    readonly repaired: number;
  };
  readonly postgres: { readonly rows: number; readonly withoutLegacyId: number };
  readonly buckets: { readonly total: number; readonly differing: number };
  /** Bisection work: levels descended and ranges re-read on each side. */
  readonly bisect: { readonly levels: number; readonly rangesReread: number; readonly leafRanges: number };
  readonly differences: number;
  readonly durationMs: number;
  /** Where the time went: the policy pre-pass, each side of the checksum pass (they overlap), and the bisection. */
  readonly timingMs: { readonly prePass: number; readonly mongo: number; readonly postgres: number; readonly bisect: number };
}

/** The open `pg_dualwrite_gaps` backlog (`resolved_at IS NULL`). `oldestAt` is UTC ms. */
export interface GapBacklog {
  readonly open: number;
  readonly oldestAt: number | null;
  readonly byDomain: Readonly<Record<string, number>>;
}

/** What {@link verify} found. */
export interface VerifyReport {
  /** No difference in any verified entity (rejections and gaps are reported separately). */
  readonly zeroDiff: boolean;
  readonly entities: readonly VerifyEntityReport[];
  /** The first `maxDifferences` differences; `differenceCount` counts them all. */
  readonly differences: readonly Difference[];
  readonly differenceCount: number;
  /** Documents the backfill policy excludes (first `maxListed`). */
  readonly rejected: readonly Rejection[];
  readonly rejectedCount: number;
  readonly gaps: GapBacklog;
  /** What Postgres reported inside the verify transaction. */
  readonly transaction: { readonly readOnly: boolean; readonly isolation: string };
  readonly bucketBits: number;
  /** Records streamed in the checksum pass (Mongo documents + Postgres rows). */
  readonly records: number;
  readonly durationMs: number;
  readonly recordsPerSec: number;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The Mongo database (read with `find` only). */
  readonly mongoDb: Db;
  /** The Postgres database: a Drizzle database, a node-postgres Pool or a connected Client (one connection is used). */
  readonly pg: PgSource;
  /** Domains (`user`, `address`, `category`, `payment`) or tables to verify; all when omitted. @throws Error for an unknown one. */
  readonly domains?: readonly string[];
  /** log2 of the number of checksum buckets per entity, 0..20. Default 12 (4096 buckets). */
  readonly bucketBits?: number;
  /** Bisection stops when a range holds at most this many records per side. Default 64. */
  readonly leafSize?: number;
  /** Mongo batch and Postgres page size. Default 1000. */
  readonly batchSize?: number;
  /** Differences listed (all are counted). Default 1000. */
  readonly maxDifferences?: number;
  /** Rejections listed (all are counted). Default 1000. */
  readonly maxListed?: number;
  /** The stored entities to choose from (default `STORED_ENTITIES`); put in dependency order. `domains` selects among them. */
  readonly entities?: readonly AnyStoredEntity[];
}

/** More ranges than this in one Mongo query: read their cover and filter here (FerretDB scans anyway). */
const MAX_OR_RANGES = 64;

/**
 * Compares Mongo and Postgres for the selected domains (see the module comment).
 *
 * @throws Error for an unknown domain or bad option; `CollationOrderError` when Postgres orders
 *   legacy ids differently from their bytes; server errors (the transaction is rolled back).
 */
export async function verify(opts: VerifyOptions): Promise<VerifyReport> {
  const bucketBits = opts.bucketBits ?? 12;
  const leafSize = opts.leafSize ?? 64;
  const batchSize = opts.batchSize ?? 1000;
  if (!Number.isInteger(leafSize) || leafSize < 1) throw new RangeError(`leafSize must be a positive integer (got ${leafSize})`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
  new BucketGrid(bucketBits, 0n, 0n); // validates bucketBits before any connection is made
  const registry = dependencyOrder(opts.entities ?? STORED_ENTITIES);
  const selected = selectEntities(opts.domains, registry);
  const support = referencedEntities(selected, registry);
  const expectations = new Expectations(registry);
  const out = new Findings(opts.maxDifferences ?? 1000, opts.maxListed ?? 1000);
  const started = performance.now();
  const lease = await leaseConnection(opts.pg);
  const client = lease.client;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const { rows } = await client.query(`SELECT current_setting('transaction_read_only') AS ro, current_setting('transaction_isolation') AS iso`);
      const transaction = { readOnly: rows[0]?.ro === 'on', isolation: String(rows[0]?.iso) };
      const entities: VerifyEntityReport[] = [];
      let records = 0;
      expectations.startPlans(registry.filter((e) => selected.includes(e) || support.includes(e)), opts.mongoDb, batchSize);
      for (const spec of registry) {
        if (support.includes(spec)) await indexReferences(spec, opts.mongoDb, batchSize, expectations);
        if (!selected.includes(spec)) continue;
        const v = new EntityVerifier(spec, { mongoDb: opts.mongoDb, client, bucketBits, leafSize, batchSize }, expectations, out);
        const report = await v.run();
        records += report.mongo.documents + report.postgres.rows + report.postgres.withoutLegacyId;
        entities.push(report);
      }
      const gaps = await gapBacklog(client, selected);
      const durationMs = performance.now() - started;
      return {
        zeroDiff: out.differenceCount === 0,
        entities,
        differences: out.differences,
        differenceCount: out.differenceCount,
        rejected: out.rejected,
        rejectedCount: out.rejectedCount,
        gaps,
        transaction,
        bucketBits,
        records,
        durationMs,
        recordsPerSec: durationMs > 0 ? Math.round((records / durationMs) * 1000) : 0,
      };
    } finally {
      await client.query('ROLLBACK');
    }
  } finally {
    lease.release();
  }
}

/** Postgres returned legacy ids in an order other than their bytes' (a collation that is not byte-wise for hex). */
export class CollationOrderError extends Error {
  readonly code = 'COLLATION_ORDER' as const;
  constructor(table: string, previous: string, next: string) {
    super(`${table}: Postgres ordered legacy_object_id "${next}" after "${previous}"; verify needs hex ids in byte order (a "C" or ICU/glibc collation does that)`);
    this.name = 'CollationOrderError';
  }
}

/** Differences and rejections found so far, with caps. */
class Findings {
  readonly differences: Difference[] = [];
  differenceCount = 0;
  readonly rejected: Rejection[] = [];
  rejectedCount = 0;
  constructor(
    private readonly maxDifferences: number,
    private readonly maxRejected: number,
  ) {}
  difference(d: Difference): void {
    this.differenceCount++;
    if (this.differences.length < this.maxDifferences) this.differences.push(d);
  }
  reject(r: Rejection): void {
    this.rejectedCount++;
    if (this.rejected.length < this.maxRejected) this.rejected.push(r);
  }
}

interface VerifierContext {
  readonly mongoDb: Db;
  readonly client: PgQueryable;
  readonly bucketBits: number;
  readonly leafSize: number;
  readonly batchSize: number;
}

/** One side's item in a merge by id. */
interface Item {
  readonly id: string;
  readonly record?: CanonicalRecord;
  readonly rejection?: Rejection;
}

interface Pending {
  readonly range: IdRange;
  readonly mongo: Summary;
  readonly pg: Summary;
}

class EntityVerifier {
  private readonly sql: TableSql;
  private differences = 0;
  private levels = 0;
  private rangesReread = 0;
  private leafRanges = 0;

  constructor(
    private readonly spec: AnyStoredEntity,
    private readonly ctx: VerifierContext,
    private readonly expectations: Expectations,
    private readonly out: Findings,
  ) {
    this.sql = new TableSql(spec);
  }

  private difference(d: Difference): void {
    this.differences++;
    this.out.difference(d);
  }

  async run(): Promise<VerifyEntityReport> {
    const started = performance.now();
    const { spec, sql, ctx } = this;
    await this.expectations.plan(spec, ctx.mongoDb, ctx.batchSize);
    const prePass = performance.now() - started;
    const timing = { mongo: 0, postgres: 0 };
    const { rows } = await ctx.client.query(sql.stats());
    const stats = rows[0]!;
    const bounds = stats.min != null ? { min: String(stats.min), max: String(stats.max) } : await mongoIdBounds(ctx.mongoDb, spec.collection);
    const grid = new BucketGrid(ctx.bucketBits, bounds ? idToBigInt(bounds.min) : 0n, bounds ? idToBigInt(bounds.max) : ID_SPACE_END - 1n);
    const mongoSums: (Summary | undefined)[] = new Array(grid.size);
    const pgSums: (Summary | undefined)[] = new Array(grid.size);
    const add = (sums: (Summary | undefined)[], hex: string, record: CanonicalRecord) => {
      const id = idToBigInt(hex);
      const b = grid.bucketOf(id);
      (sums[b] ??= new Summary()).add(id, recordHash(record));
    };

    const mongo = { documents: 0, expected: 0, rejected: 0, repaired: 0 };
    const builder = this.expectations.indexBuilder(spec);
    const mongoSide = async () => {
      const t0 = performance.now();
      for await (const batch of mongoBatches(ctx.mongoDb, spec.collection, ctx.batchSize)) {
        for (const doc of batch) {
          mongo.documents++;
          const e = this.expectations.expect(spec, doc);
          this.expectations.note(spec, builder, e);
          if (e.kind === 'rejected') {
            mongo.rejected++;
            this.out.reject(e.rejection);
            continue;
          }
          mongo.expected++;
          if (e.repairs.length) mongo.repaired++;
          add(mongoSums, e.id, e.record);
        }
      }
      timing.mongo = performance.now() - t0;
    };
    let pgRows = 0;
    const pgSide = async () => {
      const t0 = performance.now();
      for await (const { id, record } of this.pgPages()) {
        pgRows++;
        add(pgSums, id, record);
      }
      timing.postgres = performance.now() - t0;
    };
    await Promise.all([mongoSide(), pgSide()]);
    this.expectations.finishIndex(spec, builder);

    let withoutLegacyId = 0;
    for (let after: string | null = null; ; ) {
      const stmt = sql.pageWithoutLegacyId(after, ctx.batchSize);
      const page = (await ctx.client.query(stmt.text, stmt.values)).rows;
      for (const row of page) {
        withoutLegacyId++;
        this.difference({ entity: spec.name, id: String(row.id), only: 'postgres', reason: 'the row has no legacy_object_id (written to Postgres only)' });
      }
      if (page.length < ctx.batchSize) break;
      after = String(page[page.length - 1]!.id);
    }

    const empty = new Summary();
    let pending: Pending[] = [];
    for (let i = 0; i < grid.size; i++) {
      const m = mongoSums[i] ?? empty;
      const p = pgSums[i] ?? empty;
      if (!m.matches(p)) pending.push({ range: grid.range(i), mongo: m, pg: p });
    }
    const differing = pending.length;
    const bisectStarted = performance.now();
    while (pending.length) {
      const leaves = pending.filter((x) => Math.max(x.mongo.count, x.pg.count) <= ctx.leafSize);
      const splits = pending.filter((x) => Math.max(x.mongo.count, x.pg.count) > ctx.leafSize);
      if (leaves.length) await this.diffRanges(leaves.map((x) => x.range));
      pending = [];
      if (splits.length) {
        this.levels++;
        const halves = splits.flatMap((x) => halve(x.range, x.mongo, x.pg));
        this.rangesReread += halves.length;
        const set = new RangeSet(halves);
        const [m, p] = await Promise.all([this.summarizeMongo(set), this.summarizePg(set)]);
        set.ranges.forEach((range, i) => {
          if (!m[i]!.matches(p[i]!)) pending.push({ range, mongo: m[i]!, pg: p[i]! });
        });
      }
    }

    return {
      entity: spec.name,
      collection: spec.collection,
      table: spec.table,
      mongo,
      postgres: { rows: pgRows, withoutLegacyId },
      buckets: { total: grid.size, differing },
      bisect: { levels: this.levels, rangesReread: this.rangesReread, leafRanges: this.leafRanges },
      differences: this.differences,
      durationMs: performance.now() - started,
      timingMs: { prePass: Math.round(prePass), mongo: Math.round(timing.mongo), postgres: Math.round(timing.postgres), bisect: Math.round(performance.now() - bisectStarted) },
    };
  }

  /**
   * Keyset pages of rows with a legacy id, in legacy-id order (checked: the order must be
   * bytewise), as canonical records with their child tables' rows attached.
   */
  private async *pgPages(): AsyncGenerator<{ id: string; record: CanonicalRecord }> {
    let after: string | null = null;
    for (;;) {
      const stmt = this.sql.pageAfter(after, this.ctx.batchSize);
      const { rows } = await this.ctx.client.query(stmt.text, stmt.values);
      const records = await recordsOf(this.ctx.client, this.spec, this.sql, rows);
      for (const [i, row] of rows.entries()) {
        const id = row.legacyObjectId as string;
        if (after !== null && !(id > after)) throw new CollationOrderError(this.spec.table, after, id);
        after = id;
        yield { id, record: records[i]! };
      }
      if (rows.length < this.ctx.batchSize) return;
    }
  }

  /** Mongo documents whose `_id` lies in `set`, decided, in `_id` order. */
  private async *mongoInRanges(set: RangeSet): AsyncGenerator<Item & { range: number }> {
    const filter = set.ranges.length <= MAX_OR_RANGES ? rangesFilter(set.ranges) : rangesFilter([set.cover()]);
    let previous = '';
    for await (const batch of mongoBatches(this.ctx.mongoDb, this.spec.collection, this.ctx.batchSize, filter)) {
      for (const doc of batch as Document[]) {
        const id = hexId(doc);
        if (id === undefined) continue;
        // The merge by id needs both sides in the same order; ObjectIds sort by their bytes.
        if (!(id > previous)) throw new Error(`${this.spec.collection}: the server returned _id ${id} after ${previous}; a sort by _id must be bytewise`);
        previous = id;
        const range = set.indexOf(idToBigInt(id));
        if (range < 0) continue;
        const e = this.expectations.expect(this.spec, doc);
        yield e.kind === 'record' ? { id, range, record: e.record } : { id, range, rejection: e.rejection };
      }
    }
  }

  /** Postgres rows whose legacy id lies in `set`, in legacy-id order, through a cursor of the verify transaction. */
  private async *pgInRanges(set: RangeSet): AsyncGenerator<Item & { range: number }> {
    const stmt = this.sql.inRanges(set.ranges);
    const c = this.ctx.client;
    await c.query(`DECLARE verify_ranges NO SCROLL CURSOR FOR ${stmt.text}`, stmt.values);
    try {
      for (;;) {
        const { rows } = await c.query(`FETCH ${this.ctx.batchSize} FROM verify_ranges`);
        const records = await recordsOf(c, this.spec, this.sql, rows);
        for (const [i, row] of rows.entries()) {
          const id = row.legacyObjectId as string;
          yield { id, range: set.indexOf(idToBigInt(id)), record: records[i]! };
        }
        if (rows.length < this.ctx.batchSize) break;
      }
    } finally {
      await c.query('CLOSE verify_ranges');
    }
  }

  private async summarizeMongo(set: RangeSet): Promise<Summary[]> {
    const sums = set.ranges.map(() => new Summary());
    for await (const item of this.mongoInRanges(set)) if (item.record) sums[item.range]!.add(idToBigInt(item.id), recordHash(item.record));
    return sums;
  }

  private async summarizePg(set: RangeSet): Promise<Summary[]> {
    const sums = set.ranges.map(() => new Summary());
    for await (const item of this.pgInRanges(set)) if (item.range >= 0) sums[item.range]!.add(idToBigInt(item.id), recordHash(item.record!));
    return sums;
  }

  /** Re-reads leaf ranges on both sides and merges them by id into differences. */
  private async diffRanges(ranges: readonly IdRange[]): Promise<void> {
    this.leafRanges += ranges.length;
    const set = new RangeSet(ranges);
    const m = this.mongoInRanges(set);
    const p = this.pgInRanges(set);
    let a = await m.next();
    let b = await p.next();
    const entity = this.spec.name;
    while (!a.done || !b.done) {
      const cmp = a.done ? 1 : b.done ? -1 : a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0;
      if (cmp < 0) {
        if (a.value!.record) this.difference({ entity, id: a.value!.id, only: 'mongo' });
        a = await m.next();
      } else if (cmp > 0) {
        this.difference({ entity, id: b.value!.id, only: 'postgres', reason: 'no Mongo document has this _id' });
        b = await p.next();
      } else {
        const mine = a.value!;
        const theirs = b.value!;
        if (!mine.record) {
          const r = mine.rejection!;
          this.difference({ entity, id: mine.id, only: 'postgres', reason: `the Mongo document cannot be backfilled: ${r.field}: ${r.rule}` });
        } else {
          const fields = fieldDifferences(mine.record, theirs.record!);
          if (fields.length) this.difference({ entity, id: mine.id, fields });
        }
        a = await m.next();
        b = await p.next();
      }
    }
  }
}

/** The open gap backlog of the selected domains (all domains' rows are counted in `byDomain`). */
async function gapBacklog(client: PgQueryable, selected: readonly AnyStoredEntity[]): Promise<GapBacklog> {
  const { rows } = await client.query(
    `SELECT domain, count(*)::int AS n, min(created_at) AS oldest FROM pg_dualwrite_gaps WHERE resolved_at IS NULL GROUP BY domain ORDER BY domain`,
  );
  const domains = new Set(selected.map((e) => e.domain));
  const byDomain: Record<string, number> = {};
  let open = 0;
  let oldestAt: number | null = null;
  for (const r of rows) {
    byDomain[String(r.domain)] = Number(r.n);
    if (!domains.has(String(r.domain))) continue;
    open += Number(r.n);
    const t = (r.oldest as Date).getTime();
    if (oldestAt === null || t < oldestAt) oldestAt = t;
  }
  return { open, oldestAt, byDomain };
}
