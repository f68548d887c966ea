/**
 * JSON payloads (jsonb columns, Mongo subdocuments): one validator every implementation runs
 * before any store is written, so a payload is accepted only when all three (model, Mongo,
 * Postgres jsonb) can hold it and give it back unchanged.
 *
 * Rejected, with `ValidationError(field, rule)` naming the input field: text with a NUL
 * (Postgres jsonb refuses `\u0000`) or a lone surrogate (re-encoded as U+FFFD), non-finite
 * numbers, integers outside the safe range (not exact as a double), negative zero (jsonb reads it
 * back as 0), `undefined` (JSON has none), non-plain objects (Date, ObjectId, Map …), object keys
 * that Mongo cannot store or that JS cannot assign (empty, leading `$`, a `.`, `__proto__`), and
 * nesting deeper than {@link MAX_JSON_DEPTH}, and an array directly inside an array (`[[1]]`):
 * FerretDB 1.24, our CI's Mongo server, refuses nested arrays ("nested arrays are not
 * supported"), and Mongo implementations stay inside what both servers store (DESIGN.md
 * section 5). Wrap the inner array in an object (`[{"items":[1]}]`) instead.
 *
 * Not preserved, by any store's contract: the key order of objects (Postgres jsonb sorts keys);
 * compare payloads as values, never as text.
 *
 * @public
 */
import { ValidationError } from './errors.ts';

/** A JSON value as the contracts carry it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting of arrays/objects a payload may have (Mongo allows 100; we need far fewer). */
export const MAX_JSON_DEPTH = 16;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function text(field: string, path: string, s: string, what: string): void {
  if (s.includes('\u0000')) throw new ValidationError(field, `${what} at ${path} must not contain a NUL character (U+0000)`);
  if (LONE_SURROGATE.test(s)) throw new ValidationError(field, `${what} at ${path} must not contain a lone UTF-16 surrogate`);
}

function walk(field: string, path: string, v: unknown, depth: number): JsonValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    text(field, path, v, 'text');
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(field, `number at ${path} must be finite`);
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) throw new ValidationError(field, `integer at ${path} must be within ±(2^53-1)`);
    if (Object.is(v, -0)) throw new ValidationError(field, `number at ${path} must not be negative zero`);
    return v;
  }
  if (depth >= MAX_JSON_DEPTH) throw new ValidationError(field, `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) throw new ValidationError(field, `array at ${path} must not have holes`);
      if (Array.isArray(v[i])) throw new ValidationError(field, `array at ${path} must not hold an array directly (FerretDB stores no nested arrays)`);
      out.push(walk(field, `${path}[${i}]`, v[i], depth + 1));
    }
    return out;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new ValidationError(field, `value at ${path} must be a plain JSON object`);
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === '' || k.startsWith('$') || k.includes('.') || k === '__proto__') {
        throw new ValidationError(field, `key ${JSON.stringify(k)} at ${path} must be non-empty, not start with "$", contain no "." and not be "__proto__"`);
      }
      text(field, path, k, 'key');
      out[k] = walk(field, `${path}.${k}`, x, depth + 1);
    }
    return out;
  }
  throw new ValidationError(field, `value at ${path} must be JSON (found ${typeof v})`);
}

/**
 * Validates a JSON payload and returns a deep copy (the caller's object may change later).
 * A top-level `null` is refused unless `allowNull`.
 */
export function validateJson(field: string, value: unknown, options: { allowNull?: boolean } = {}): JsonValue {
  if (value === null && !options.allowNull) throw new ValidationError(field, 'must be a JSON value other than null');
  return walk(field, '$', value, 0);
}
