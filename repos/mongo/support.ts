/** Shared helpers of the Mongo implementations: id parsing and document/contract conversion. */
import { ObjectId } from 'mongodb';
import { isObjectIdHex } from '../../contracts/ids.ts';

/** The ObjectId of a 24-hex contract id, or null for any other id (which names no document). */
export function toObjectId(id: unknown): ObjectId | null {
  return isObjectIdHex(id) ? ObjectId.createFromHexString(id) : null;
}

/** A new ObjectId, or the one the primary store minted (DualWrite reverse mode, backfill). */
export function newObjectId(id: string | undefined): ObjectId {
  return id === undefined ? new ObjectId() : ObjectId.createFromHexString(id);
}

/** Copies the keys of `source` whose value is not undefined/null into `target` (absent stays absent). */
export function assignPresent<T extends object>(target: T, source: Record<string, unknown>, keys: readonly string[]): T {
  for (const k of keys) {
    const v = source[k];
    if (v !== undefined && v !== null) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}

/**
 * Splits a validated patch into `$set` and `$unset` (a `null` clears the field, so it reads back
 * as absent), always stamping `updatedAt`.
 */
export function patchUpdate(patch: Record<string, unknown>, now: number): { $set: Record<string, unknown>; $unset?: Record<string, ''> } {
  const $set: Record<string, unknown> = { updatedAt: new Date(now) };
  const $unset: Record<string, ''> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) $unset[k] = '';
    else if (v !== undefined) $set[k] = v;
  }
  return Object.keys($unset).length ? { $set, $unset } : { $set };
}
