/**
 * Reading JSON payloads (jsonb columns) out of legacy Mongo documents, the one reader every spec
 * with a payload uses (dispute `evidence`, notification `data`, level `perks`, config values,
 * request-template `fields`, shop `paymentRails`): a payload must be plain JSON data; a BSON value
 * JSON has no equivalent (Date, ObjectId, Decimal128, Binary …) cannot be read into the canonical
 * record (`LegacyShapeError`). Whether the JSON is one every store can hold unchanged is the
 * contract's rule (`validateJsonPayload` in `contracts/json-payload.ts`), checked by each spec's
 * `validate`.
 *
 * @public
 */
import type { JsonValue } from '../../contracts/json-payload.ts';
import { describe, LegacyShapeError } from './shape.ts';

function walk(field: string, v: unknown): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x) => walk(field, x));
  if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(field, x)]));
  }
  throw new LegacyShapeError(field, `must hold JSON data only (found ${describe(v)})`);
}

/** The JSON payload stored in `doc[field]`; missing/null is `LegacyShapeError` unless `optional`. */
export function readJson(doc: Readonly<Record<string, unknown>>, field: string, optional: true): JsonValue | undefined;
export function readJson(doc: Readonly<Record<string, unknown>>, field: string, optional?: false): JsonValue;
export function readJson(doc: Readonly<Record<string, unknown>>, field: string, optional = false): JsonValue | undefined {
  const v = doc[field];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new LegacyShapeError(field, 'is required (JSON data other than null)');
  }
  return walk(field, v);
}

/** A required safe integer (counts, versions). */
export function readInteger(doc: Readonly<Record<string, unknown>>, field: string, fallback?: number): number {
  const v = doc[field];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw new LegacyShapeError(field, `must be an integer (found ${describe(v)})`);
}
