/**
 * JSON payloads stored in a `jsonb` column on one side and a BSON subdocument on the other (for
 * example a notification's `data`, a level's `perks`). A payload must read back exactly as given
 * from every store, so the shared validator rejects, before either store is written, every value
 * that one of them would change:
 * - text (string values and object keys) with a NUL character (`jsonb` refuses `\u0000`) or a lone
 *   surrogate (both stores would replace it with U+FFFD);
 * - numbers that are not finite, outside the safe integer range (`jsonb` keeps them exactly but
 *   JS reads them back rounded), or negative zero (`jsonb` writes `0`, BSON keeps `-0`);
 * - object keys Mongo cannot hold as field names (empty, starting with `$`, containing `.`);
 * - an array directly inside an array (`[[1]]`): FerretDB 1.24, the CI's Mongo server, refuses
 *   nested arrays ("nested arrays are not supported"); `[{ "a": [1] }]` is fine;
 * - anything that is not JSON (undefined, functions, dates, class instances, null-prototype
 *   objects, cycles).
 * A JSON string such as `"10.5"` stays that string: nothing here parses or re-encodes a payload.
 *
 * @public
 */
import { UnsafeInputError, ValidationError } from './errors.ts';
import { assertSafeText } from './text.ts';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting accepted (objects and arrays). */
export const JSON_MAX_DEPTH = 20;

/**
 * Returns `value` unchanged when it is a JSON value every store round-trips; otherwise throws
 * `ValidationError(field, rule)` or `UnsafeInputError(field, rule)` naming the field (with the
 * path inside the payload in the rule). A top-level `null` is refused unless `allowNull`: an
 * optional payload is omitted, never null (results never hold null).
 */
export function validateJsonPayload(field: string, value: unknown, allowNull = false): JsonValue {
  if (value === null && !allowNull) throw new ValidationError(field, 'must be a JSON value other than null (omit it instead)');
  check(field, value, '', 0, new Set());
  return value as JsonValue;
}

function at(path: string): string {
  return path === '' ? '' : ` (at ${path})`;
}

function check(field: string, v: unknown, path: string, depth: number, seen: Set<object>): void {
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'string') return safe(field, v, path);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(field, `numbers must be finite${at(path)}`);
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER) throw new ValidationError(field, `numbers must be within the safe integer range${at(path)}`);
    if (Object.is(v, -0)) throw new ValidationError(field, `must not contain negative zero${at(path)}`);
    return;
  }
  if (typeof v !== 'object') throw new ValidationError(field, `must be JSON (found a ${typeof v}${at(path)})`);
  if (depth >= JSON_MAX_DEPTH) throw new ValidationError(field, `must be nested at most ${JSON_MAX_DEPTH} levels deep`);
  if (seen.has(v)) throw new ValidationError(field, `must not contain a cycle${at(path)}`);
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) throw new ValidationError(field, `arrays must not have holes${at(`${path}[${i}]`)}`);
      if (Array.isArray(v[i])) throw new ValidationError(field, `an array must not directly contain an array (FerretDB cannot store it)${at(`${path}[${i}]`)}`);
      check(field, v[i], `${path}[${i}]`, depth + 1, seen);
    }
  } else {
    const proto = Object.getPrototypeOf(v);
    // Only plain objects, as JSON.parse makes them: drizzle-orm 0.45 crashes on a
    // null-prototype object (it reads the prototype's constructor).
    if (proto !== Object.prototype) throw new ValidationError(field, `must be JSON (found a ${proto === null ? 'null-prototype' : (proto?.constructor?.name ?? 'non-plain')} object${at(path)})`);
    if (Object.getOwnPropertySymbols(v).length) throw new ValidationError(field, `must be JSON (found a symbol key${at(path)})`);
    for (const [k, x] of Object.entries(v)) {
      safe(field, k, `${path}{key}`);
      if (k === '' || k.startsWith('$') || k.includes('.') || k === '__proto__') {
        throw new ValidationError(field, `object keys must be non-empty, must not start with "$", contain "." or be "__proto__"${at(`${path}.${k}`)}`);
      }
      check(field, x, path === '' ? k : `${path}.${k}`, depth + 1, seen);
    }
  }
  seen.delete(v);
}

function safe(field: string, s: string, path: string): void {
  try {
    assertSafeText(field, s);
  } catch (e) {
    if (e instanceof UnsafeInputError) throw new UnsafeInputError(field, `${e.rule}${at(path)}`);
    throw e;
  }
}
