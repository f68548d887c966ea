/** Shared helpers of the Drizzle implementations: id conditions and row/contract conversion. */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { canonicalDecimal } from '../../contracts/money.ts';
import { isObjectIdHex, isUuid } from '../../contracts/ids.ts';

/** A table with the two id columns every table with a Mongo origin has. */
export interface IdColumns {
  id: PgColumn;
  legacyObjectId: PgColumn;
}

/**
 * WHERE condition selecting the row named by a contract id: a uuid matches `id`, a 24-hex id
 * matches `legacy_object_id` (DESIGN.md section 4), anything else matches nothing, so a
 * malformed id is "not found", never a query error.
 */
export function byId(t: IdColumns, id: unknown): SQL {
  if (isUuid(id)) return eq(t.id, id);
  if (isObjectIdHex(id)) return eq(t.legacyObjectId, id);
  return sql`false`;
}

/** UTC ms of a timestamp column value. */
export const ms = (d: Date): number => d.getTime();

/** Canonical money string of a `numeric` column value (`"1.500000000000000000"` → `"1.5"`). */
export const money = (v: string): string => canonicalDecimal(v);

/** Copies the keys of `row` whose value is not null into `target`: absent stays absent. */
export function assignPresent<T extends object>(target: T, row: Record<string, unknown>, keys: readonly string[]): T {
  for (const k of keys) {
    const v = row[k];
    if (v !== null && v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}

/** Drops `undefined` values from a validated patch (Drizzle would otherwise skip or null them inconsistently). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
