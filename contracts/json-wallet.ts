/**
 * JSON payloads (Postgres `jsonb`, a Mongo subdocument): one policy for what a payload may hold,
 * so that every store reads it back exactly as given.
 *
 * A payload round-trips when it is built from null, booleans, finite numbers, strings, dense
 * arrays and plain objects, and:
 * - numbers are finite, not `-0` (jsonb and JSON text both drop the sign) and within the safe
 *   integer range (`jsonb` keeps any decimal, but a JS number past 2^53 has already lost digits);
 * - strings and keys hold no NUL (jsonb refuses `\u0000`) and no lone surrogate (both drivers
 *   write U+FFFD instead);
 * - keys are not empty, do not start with `$` and hold no `.` (MongoDB reserves them for
 *   operators and paths; FerretDB refuses them);
 * - nesting is at most {@link JSON_MAX_DEPTH} deep.
 * A JSON string such as `"10.5"` stays a string: the Drizzle column is a custom jsonb type that
 * never re-parses what the driver returns (see `schema/json.ts`).
 *
 * @public
 */
import { ValidationError } from './errors.ts';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting of arrays and objects a payload may have. */
export const JSON_MAX_DEPTH = 20;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function text(field: string, s: string, what: string): void {
  if (s.includes('\u0000')) throw new ValidationError(field, `${what} must not contain a NUL character (U+0000)`);
  if (LONE_SURROGATE.test(s)) throw new ValidationError(field, `${what} must not contain a lone UTF-16 surrogate`);
}

function check(field: string, v: unknown, depth: number): void {
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'string') return text(field, v, 'a string');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(field, 'numbers must be finite');
    if (Object.is(v, -0)) throw new ValidationError(field, 'numbers must not be -0 (JSON cannot keep the sign)');
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER) throw new ValidationError(field, 'numbers must be within the safe integer range (±2^53-1)');
    return;
  }
  if (depth >= JSON_MAX_DEPTH) throw new ValidationError(field, `must be nested at most ${JSON_MAX_DEPTH} deep`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) throw new ValidationError(field, 'arrays must not have holes');
      check(field, v[i], depth + 1);
    }
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new ValidationError(field, 'must hold only JSON values (plain objects, arrays, strings, numbers, booleans, null)');
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === '' || k.startsWith('$') || k.includes('.')) throw new ValidationError(field, `object keys must be non-empty and hold no leading "$" and no "." (found ${JSON.stringify(k)})`);
      if (k === '__proto__') throw new ValidationError(field, 'object keys must not be "__proto__"');
      text(field, k, 'an object key');
      check(field, x, depth + 1);
    }
    return;
  }
  throw new ValidationError(field, `must hold only JSON values (found a ${typeof v})`);
}

/**
 * Validates a JSON payload (see the module comment) and returns a deep copy, so a later change
 * to the caller's object cannot change what was stored. Top-level `null` is refused: a column
 * that holds a payload always holds one. Throws `ValidationError(field, rule)`.
 */
export function validateJson(field: string, value: unknown): JsonValue {
  if (value === null || value === undefined) throw new ValidationError(field, 'must be a JSON value (not null)');
  check(field, value, 0);
  return structuredClone(value) as JsonValue;
}
