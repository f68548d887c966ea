/**
 * Postgres side of backfill and verify: a connection from whatever handle the caller has, the SQL
 * of a stored entity's table built from its Drizzle definition, and rows read back as canonical
 * records (references translated to legacy ids through `id_map`).
 *
 * Like kysely's `PostgresPool`, this depends only on the node-postgres methods it calls
 * (`connect`/`release`, `query`), so any pool or client with that shape can be passed
 * (https://node-postgres.com/apis/pool).
 *
 * @public
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgDatabase } from '../../contracts/domain.ts';
import type { AnyChildTable, AnyStoredEntity, CanonicalRecord, LegacyRefs } from '../../repos/legacy/spec.ts';
import { bigIntToId, ID_SPACE_END, type IdRange } from './stream-mongo.ts';

/** The query method of a node-postgres `Client`/`PoolClient` that we call. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** The part of a node-postgres `Pool` we call: `connect()` lends a client that we `release()`. */
export interface PgPoolLike {
  connect(): Promise<PgQueryable & { release(err?: Error | boolean): void }>;
}

/**
 * A Postgres handle backfill and verify accept: a Drizzle database (its `$client` pool is used),
 * a node-postgres `Pool` (one client is borrowed for the whole run) or a connected `Client`
 * (used as is, never ended).
 */
export type PgSource = PgDatabase | PgPoolLike | PgQueryable;

/** One connection for a whole run (a transaction needs one), and how to give it back. */
export interface PgLease {
  readonly client: PgQueryable;
  release(): void;
}

/** Borrows one connection from `source` (see {@link PgSource}). */
export async function leaseConnection(source: PgSource): Promise<PgLease> {
  const handle = (source as { $client?: unknown }).$client ?? source;
  const h = handle as Partial<PgPoolLike & PgQueryable> & { idleCount?: unknown };
  if (typeof h.connect === 'function' && ('idleCount' in h || typeof h.query !== 'function')) {
    const client = await (h as PgPoolLike).connect();
    // A connection dropped between two statements emits 'error' on the checked-out client; without
    // a listener that would crash the process instead of failing the next query.
    const events = client as unknown as { on?: (e: string, f: () => void) => void; off?: (e: string, f: () => void) => void };
    const ignore = () => {};
    events.on?.('error', ignore);
    return {
      client,
      release: () => {
        events.off?.('error', ignore);
        client.release();
      },
    };
  }
  if (typeof h.query === 'function') return { client: h as PgQueryable, release: () => {} };
  throw new TypeError('pg must be a Drizzle database, a node-postgres Pool or a connected Client');
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** One column: its key in Drizzle's row objects, its SQL name and its driver-value mapping. */
interface Column {
  readonly key: string;
  readonly name: string;
  /** Drizzle's `mapToDriverValue` of the column (a `jsonb` payload becomes its JSON text). */
  readonly toDriver: (value: unknown) => unknown;
}

/** What {@link TableSql} needs of a stored entity or a child table. */
export interface TableSource {
  readonly pgTable: AnyStoredEntity['pgTable'];
  readonly references: Readonly<Record<string, string>>;
  readonly deferredReferences?: Readonly<Record<string, string>>;
  fromRow(row: never, refs: LegacyRefs): unknown;
}

/**
 * SQL of one stored entity's (or child table's) table. Rows are selected with their columns
 * aliased to Drizzle's keys (so a row has the shape of `table.$inferSelect`: node-postgres parses
 * `timestamptz` into `Date` and returns `numeric` as a string, as Drizzle does) plus, per
 * reference (deferred ones included), the legacy id of the referenced row from `id_map`.
 */
export class TableSql {
  readonly table: string;
  readonly columns: readonly Column[];
  private readonly refs: readonly { field: string; alias: string; join: string }[];
  private readonly select: string;

  constructor(readonly spec: TableSource) {
    this.table = getTableName(spec.pgTable);
    this.columns = Object.entries(getTableColumns(spec.pgTable)).map(([key, col]) => ({ key, name: col.name, toDriver: (v: unknown) => col.mapToDriverValue(v) }));
    this.refs = Object.entries({ ...spec.references, ...spec.deferredReferences }).map(([field, refTable], i) => {
      const col = this.columnOf(field);
      return { field, alias: `ref:${field}`, join: `LEFT JOIN id_map r${i} ON r${i}.entity = '${refTable}' AND r${i}.pg_id = t.${q(col)}` };
    });
    const cols = this.columns.map((c) => `t.${q(c.name)} AS ${q(c.key)}`);
    const refCols = this.refs.map((r, i) => `r${i}.legacy_object_id AS ${q(r.alias)}`);
    this.select = `SELECT ${[...cols, ...refCols].join(', ')} FROM ${q(this.table)} t ${this.refs.map((r) => r.join).join(' ')}`;
  }

  /** SQL name of the column whose Drizzle key is `key`. Throws for an unknown key. */
  columnOf(key: string): string {
    const c = this.columns.find((x) => x.key === key);
    if (!c) throw new Error(`${this.table} has no column for field ${key}`);
    return c.name;
  }

  /**
   * The parameter for `value` in the column whose Drizzle key is `key`: null stays null, anything
   * else goes through the column's `mapToDriverValue`, as a Drizzle insert would send it. Without
   * it node-postgres would send a `jsonb` array as a Postgres array literal (`[]` as `{}`) and a
   * JSON string payload as bare text (`"10.5"` as the number 10.5).
   */
  private param(key: string, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const c = this.columns.find((x) => x.key === key);
    return c ? c.toDriver(value) : value;
  }

  /**
   * A text that is equal for two rows (an insert object, or a row selected by this class's
   * queries) when they send the same values for `keys` (see {@link TableSql.param}). Equal text
   * means equal values; different text may still be equal values (a `jsonb` object's key order,
   * `10.5` and `10.50` in a `numeric`), which only makes a caller rewrite a row it could have kept.
   */
  signature(row: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
    return JSON.stringify(keys.map((k) => this.param(k, row[k])));
  }

  /** `{ text, values }` deleting the rows whose `keys` columns hold `row`'s values (`IS NOT DISTINCT FROM`: null matches null). */
  deleteMatching(row: Readonly<Record<string, unknown>>, keys: readonly string[]): { text: string; values: unknown[] } {
    const values = keys.map((k) => this.param(k, row[k]));
    return { text: `DELETE FROM ${q(this.table)} WHERE ${keys.map((k, i) => `${q(this.columnOf(k))} IS NOT DISTINCT FROM $${i + 1}`).join(' AND ')}`, values };
  }

  /**
   * The record of a row selected by this class's queries, without children (a parent's are
   * attached by {@link recordsOf}).
   */
  toRecord(row: Record<string, unknown>): CanonicalRecord {
    const refs: Record<string, string | null> = {};
    for (const r of this.refs) refs[r.field] = (row[r.alias] as string | null) ?? null;
    return this.spec.fromRow(row as never, refs as LegacyRefs) as CanonicalRecord;
  }

  /** `{ text, values }` selecting the rows whose `parentKey` column is one of `parents` (uuids), by parent then `orderBy`. */
  byParents(parentKey: string, orderBy: readonly string[], parents: readonly string[]): { text: string; values: unknown[] } {
    const parent = q(this.columnOf(parentKey));
    const order = [parent, ...orderBy.map((k) => q(this.columnOf(k)))].map((c) => `t.${c}`).join(', ');
    return { text: `${this.select} WHERE t.${parent} = ANY($1::uuid[]) ORDER BY ${order}`, values: [parents] };
  }

  /** `{ text, values }` deleting the rows whose `parentKey` column is one of `parents` (uuids). */
  deleteByParents(parentKey: string, parents: readonly string[]): { text: string; values: unknown[] } {
    return { text: `DELETE FROM ${q(this.table)} WHERE ${q(this.columnOf(parentKey))} = ANY($1::uuid[])`, values: [parents] };
  }

  /** `{ text, values }` selecting rows whose legacy id is in `ids`. */
  byLegacyIds(ids: readonly string[]): { text: string; values: unknown[] } {
    return { text: `${this.select} WHERE t.legacy_object_id = ANY($1::varchar[])`, values: [ids] };
  }

  /** A keyset page: rows with a legacy id greater than `after` (all when null), in legacy-id order. */
  pageAfter(after: string | null, limit: number): { text: string; values: unknown[] } {
    return after === null
      ? { text: `${this.select} WHERE t.legacy_object_id IS NOT NULL ORDER BY t.legacy_object_id LIMIT $1`, values: [limit] }
      : { text: `${this.select} WHERE t.legacy_object_id > $1 ORDER BY t.legacy_object_id LIMIT $2`, values: [after, limit] };
  }

  /** A keyset page of rows without a legacy id (Postgres-only rows), in uuid order. */
  pageWithoutLegacyId(after: string | null, limit: number): { text: string; values: unknown[] } {
    return after === null
      ? { text: `${this.select} WHERE t.legacy_object_id IS NULL ORDER BY t.id LIMIT $1`, values: [limit] }
      : { text: `${this.select} WHERE t.legacy_object_id IS NULL AND t.id > $1 ORDER BY t.id LIMIT $2`, values: [after, limit] };
  }

  /** Rows whose legacy id lies in any of `ranges`, in legacy-id order (for a cursor). */
  inRanges(ranges: readonly IdRange[]): { text: string; values: unknown[] } {
    const lo = ranges.map((r) => bigIntToId(r.lo));
    const hi = ranges.map((r) => (r.hi >= ID_SPACE_END ? null : bigIntToId(r.hi)));
    return {
      text: `${this.select} JOIN unnest($1::varchar[], $2::varchar[]) AS rg(lo, hi) ON t.legacy_object_id >= rg.lo AND (rg.hi IS NULL OR t.legacy_object_id < rg.hi) ORDER BY t.legacy_object_id`,
      values: [lo, hi],
    };
  }

  /** `min`/`max` legacy id and the counts of rows with and without one. */
  stats(): string {
    return `SELECT min(legacy_object_id) AS min, max(legacy_object_id) AS max, count(legacy_object_id)::bigint AS with_id, (count(*) - count(legacy_object_id))::bigint AS without_id FROM ${q(this.table)}`;
  }

  /**
   * A multi-row INSERT of `rows` (Drizzle insert objects, all with the same keys; `id` included
   * when the caller mints uuids). Values go as parameters; node-postgres serializes a `Date` with
   * its offset, so the instant is exact whatever the process time zone.
   */
  insert(rows: readonly Record<string, unknown>[]): { text: string; values: unknown[] } {
    const keys = Object.keys(rows[0]!);
    const values: unknown[] = [];
    const tuples = rows.map((r) => `(${keys.map((k) => `$${values.push(this.param(k, r[k]))}`).join(', ')})`);
    return { text: `INSERT INTO ${q(this.table)} (${keys.map((k) => q(this.columnOf(k))).join(', ')}) VALUES ${tuples.join(', ')}`, values };
  }

  /**
   * An UPDATE of the row with `legacyId` to `row`'s values. `legacy_object_id` is never in the
   * SET list: assigning it, even unchanged, would fire the `id_map` trigger.
   */
  update(legacyId: string, row: Record<string, unknown>): { text: string; values: unknown[] } {
    const keys = Object.keys(row).filter((k) => k !== 'legacyObjectId' && k !== 'id');
    const values: unknown[] = keys.map((k) => this.param(k, row[k]));
    values.push(legacyId);
    return { text: `UPDATE ${q(this.table)} SET ${keys.map((k, i) => `${q(this.columnOf(k))} = $${i + 1}`).join(', ')} WHERE legacy_object_id = $${values.length}`, values };
  }
}

/** Runs `stmt` on `client`. */
export function run(client: PgQueryable, stmt: { text: string; values: unknown[] }) {
  return client.query(stmt.text, stmt.values);
}

/** The Postgres error inside `e` (SQLSTATE `code`, `constraint`, `message`), if any: see `repos/drizzle/errors.ts`. */
export { pgErrorOf } from '../../repos/drizzle/errors.ts';

const childSql = new WeakMap<AnyChildTable, TableSql>();

/** The {@link TableSql} of a child table (built once). */
export function childTableSql(child: AnyChildTable): TableSql {
  let t = childSql.get(child);
  if (!t) childSql.set(child, (t = new TableSql(child)));
  return t;
}

/**
 * Canonical records of rows of `spec`'s table selected by `sql`'s queries, each with its child
 * tables' rows attached (one query per child table for all of `rows`; see `ChildTable`).
 */
export async function recordsOf(client: PgQueryable, spec: AnyStoredEntity, sql: TableSql, rows: readonly Record<string, unknown>[]): Promise<CanonicalRecord[]> {
  let records = rows.map((r) => sql.toRecord(r));
  if (!spec.children?.length || rows.length === 0) return records;
  const uuids = rows.map((r) => String(r.id));
  for (const child of spec.children) {
    const csql = childTableSql(child);
    const byParent = new Map<string, unknown[]>();
    for (const row of (await run(client, csql.byParents(child.parentKey, child.orderBy, uuids))).rows) {
      const parent = String(row[child.parentKey]);
      const list = byParent.get(parent) ?? [];
      if (list.length === 0) byParent.set(parent, list);
      list.push(csql.toRecord(row));
    }
    records = records.map((r, i) => child.attach(r, byParent.get(uuids[i]!) ?? []) as CanonicalRecord);
  }
  return records;
}
