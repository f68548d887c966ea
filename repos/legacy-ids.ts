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

/**
 * A bounded cache of `id_map`'s uuid → legacy id pairs in front of {@link toLegacyIds}: the
 * dual-write wrapper {@link LegacyIdCache.remember}s every pair its creates produce, so a
 * translation queries Postgres only for uuids it has not seen. Sound because a row's uuid and
 * legacy id never change once written (no repository updates `legacy_object_id`; a re-synced
 * row gets a new uuid, and uuids are never reused). Oldest pairs are evicted past `capacity`.
 */
export class LegacyIdCache {
  private readonly pairs = new Map<string, string>();
  /** Queries sent to Postgres (for benchmarks and tests). */
  queries = 0;

  constructor(
    private readonly db: PgDatabase,
    private readonly capacity = 100_000,
  ) {}

  /** Records that Postgres row `uuid` carries legacy id `legacyId`. Ignores anything else. */
  remember(uuid: unknown, legacyId: unknown): void {
    if (!isUuid(uuid) || typeof legacyId !== 'string' || isUuid(legacyId)) return;
    this.pairs.delete(uuid);
    this.pairs.set(uuid, legacyId);
    if (this.pairs.size > this.capacity) this.pairs.delete(this.pairs.keys().next().value!);
  }

  /** As {@link toLegacyIds}, querying only the uuids not cached (and caching the answers). */
  async toLegacy(value: unknown): Promise<unknown> {
    const missing = [...uuidsIn(value)].filter((u) => !this.pairs.has(u));
    if (missing.length > 0) {
      this.queries++;
      const r = await this.db.execute<{ pg_id: string; legacy_object_id: string }>(
        sql`SELECT pg_id::text, legacy_object_id FROM id_map WHERE pg_id = ANY(${`{${missing.join(',')}}`}::uuid[])`,
      );
      for (const x of r.rows) this.remember(x.pg_id, x.legacy_object_id);
    }
    return this.pairs.size === 0 ? value : replaceStrings(value, this.pairs);
  }
}
