/**
 * Translation of Postgres ids to the legacy (Mongo) ids `id_map` holds for them: what a Mongo
 * mirror needs in the reverse dual-write mode (it knows no uuid), and what a shadow read or a
 * differential check needs to compare a Postgres answer with a Mongo one.
 *
 * @public
 */
import { sql } from 'drizzle-orm';
import { isUuid } from '../contracts/ids.ts';
import type { PgDatabase } from '../contracts/domain.ts';

/** Every uuid string found anywhere in `value` (object keys excluded), without repeats. */
export function uuidsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (isUuid(value)) out.add(value);
  else if (Array.isArray(value)) for (const v of value) uuidsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, out);
  return out;
}

/** `value` with every string replaced through `map` (absent keys kept; structure copied). */
export function replaceStrings(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, map));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, map)]));
  }
  return value;
}

/**
 * `value` with every Postgres uuid that `id_map` maps replaced by its legacy id (24 hex); uuids
 * without a mapping (rows that never had a Mongo id) are kept. One query, for just the uuids the
 * value holds.
 */
export async function toLegacyIds(db: PgDatabase, value: unknown): Promise<unknown> {
  const uuids = [...uuidsIn(value)];
  if (uuids.length === 0) return value;
  const r = await db.execute<{ pg_id: string; legacy_object_id: string }>(
    sql`SELECT pg_id::text, legacy_object_id FROM id_map WHERE pg_id = ANY(${`{${uuids.join(',')}}`}::uuid[])`,
  );
  return replaceStrings(value, new Map(r.rows.map((x) => [x.pg_id, x.legacy_object_id])));
}
