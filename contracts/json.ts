/**
 * JSON payloads (Postgres `jsonb`, an embedded value in Mongo): one validator that every
 * implementation calls before either store is written, so a payload is either stored so that it
 * reads back exactly as given (deep-equal, value for value) or refused with a
 * `ValidationError`/`UnsafeInputError` naming the field.
 *
 * What cannot round-trip, and why it is refused:
 * - NUL characters and lone surrogates, in values and in keys (Postgres `jsonb` rejects `\u0000`;
 *   BSON and node-postgres replace a lone surrogate with U+FFFD);
 * - non-finite numbers (JSON has none), integers outside the safe range (they come back rounded),
 *   and `-0` (JSON text and FerretDB both turn it into `0`);
 * - `undefined`, functions, dates, class instances (not JSON values);
 * - object keys starting with `$` or containing `.`, and arrays directly inside arrays: the Mongo
 *   servers we target cannot store them (FerretDB 1.24 refuses them; DESIGN.md section 5 keeps the
 *   Mongo side inside what every server accepts);
 * - nesting deeper than {@link MAX_JSON_DEPTH}.
 *
 * Object key order is not part of a payload's value: `jsonb` stores keys in its own order.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { assertSafeText } from './text.ts';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Deepest nesting of arrays and objects a payload may have. */
export const MAX_JSON_DEPTH = 16;

/**
 * Returns `value` (a deep copy, so later changes by the caller do not leak into a store) when it
 * is a JSON value every store keeps exactly; throws `ValidationError(field, …)` or
 * `UnsafeInputError(field, …)` otherwise. The error names `field`, never a path inside it.
 */
export function validateJson(field: string, value: unknown): Json {
  const copy = (v: unknown, depth: number, inArray: boolean): Json => {
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      assertSafeText(field, v);
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ValidationError(field, 'must not contain NaN or an infinite number');
      if (Object.is(v, -0)) throw new ValidationError(field, 'must not contain -0 (it reads back as 0)');
      if (Number.isInteger(v) && !Number.isSafeInteger(v)) throw new ValidationError(field, 'must not contain an integer outside the safe range');
      return v;
    }
    if (depth >= MAX_JSON_DEPTH) throw new ValidationError(field, `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(v)) {
      if (inArray) throw new ValidationError(field, 'must not hold an array directly inside an array');
      return v.map((x) => copy(x, depth + 1, true));
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: { [key: string]: Json } = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        assertSafeText(field, k);
        if (k.startsWith('$') || k.includes('.')) throw new ValidationError(field, 'must not have a key that starts with $ or contains a dot');
        if (x === undefined) throw new ValidationError(field, 'must not contain undefined');
        out[k] = copy(x, depth + 1, false);
      }
      return out;
    }
    throw new ValidationError(field, `must be a JSON value (found ${v === undefined ? 'undefined' : typeof v})`);
  };
  return copy(value, 0, false);
}
