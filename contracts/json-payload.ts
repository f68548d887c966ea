/**
 * JSON payloads: a value stored in a Postgres `jsonb` column (`schema/json-column.ts`) and as an
 * embedded value (subdocument, array or scalar) in Mongo, for example a notification's `data`, a
 * level's `perks`, a dispute's `evidence`, a config setting's `value`. One validator, called by
 * every implementation (model, Mongo, Drizzle) and by the backfill specs before either store is
 * written, so a payload is either stored so that it reads back exactly as given (deep-equal, value
 * for value) or refused with an error naming the input field and the path inside the payload.
 *
 * What cannot round-trip, and why it is refused:
 * - text (string values and object keys) with a NUL character (`jsonb` refuses `\u0000`) or a lone
 *   UTF-16 surrogate (node-postgres and BSON write it as U+FFFD): the text policy of
 *   `contracts/text.ts`, reported like every other payload rule as a `ValidationError` of the
 *   payload's field (a payload is data, not a text field);
 * - numbers that are not finite (JSON has none), outside ±(2^53-1) (`jsonb` keeps them exactly
 *   but JS reads them back rounded, and a double that large is an integer JS cannot hold exactly),
 *   or negative zero (`jsonb` and JSON text turn it into `0`, BSON keeps `-0`);
 * - object keys Mongo cannot hold as field names or JS cannot assign: empty, starting with `$`,
 *   containing `.`, or `__proto__`;
 * - an array directly inside an array (`[[1]]`): FerretDB 1.24, the CI's Mongo server, refuses
 *   nested arrays ("nested arrays are not supported"), and Mongo implementations stay inside what
 *   every server stores (DESIGN.md section 5). `[{ "items": [1] }]` is fine;
 * - anything that is not JSON as `JSON.parse` makes it: `undefined`, functions, symbols, bigints,
 *   dates, class instances (ObjectId, Map …), null-prototype objects (drizzle-orm 0.45 crashes on
 *   them: it reads the prototype's constructor), symbol keys, arrays with holes, cycles;
 * - nesting deeper than {@link MAX_JSON_DEPTH}.
 *
 * A JSON string such as `"10.5"` stays that string: nothing here parses or re-encodes a payload.
 * Not part of a payload's value, by any store's contract: the key order of objects (`jsonb` keeps
 * keys in its own order); compare payloads as values, never as text.
 *
 * @public
 */
import { UnsafeInputError, ValidationError } from './errors.ts';
import { assertSafeText } from './text.ts';

/** A JSON value as the contracts carry it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting of arrays and objects a payload may have (Mongo allows 100; we need far fewer). */
export const MAX_JSON_DEPTH = 16;

/**
 * Returns a deep copy of `value` (so later changes by the caller cannot reach a store) when it is
 * a JSON value every store keeps exactly; otherwise throws `ValidationError(field, rule)`, for
 * every rule, unsafe text included. `field` is the input field (`data`, `patch.fields`); the rule
 * ends with the path inside the payload (`(at $.list[2])`).
 *
 * A top-level `null` is refused unless `allowNull`: an optional payload is omitted, never null
 * (results never hold null). `null` inside a payload is always fine.
 */
export function validateJsonPayload(field: string, value: unknown, options: { readonly allowNull?: boolean } = {}): JsonValue {
  if (value === null && !options.allowNull) throw new ValidationError(field, 'must be a JSON value other than null (omit it instead)');
  return copy(field, value, '$', 0, new Set());
}

function at(path: string): string {
  return ` (at ${path})`;
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function keyPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function copy(field: string, v: unknown, path: string, depth: number, seen: Set<object>): JsonValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    safe(field, v, path);
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(field, `numbers must be finite${at(path)}`);
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER) throw new ValidationError(field, `numbers must be within ±(2^53-1), the safe integer range${at(path)}`);
    if (Object.is(v, -0)) throw new ValidationError(field, `must not contain negative zero (it reads back as 0)${at(path)}`);
    return v;
  }
  if (typeof v !== 'object') throw new ValidationError(field, `must be JSON (found ${v === undefined ? 'undefined' : `a ${typeof v}`}${at(path)})`);
  if (seen.has(v)) throw new ValidationError(field, `must not contain a cycle${at(path)}`);
  if (depth >= MAX_JSON_DEPTH) throw new ValidationError(field, `must be nested at most ${MAX_JSON_DEPTH} levels deep${at(path)}`);
  seen.add(v);
  let out: JsonValue;
  if (Array.isArray(v)) {
    const list: JsonValue[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = `${path}[${i}]`;
      if (!(i in v)) throw new ValidationError(field, `arrays must not have holes${at(p)}`);
      if (Array.isArray(v[i])) throw new ValidationError(field, `an array must not directly contain an array (FerretDB cannot store it; wrap it in an object)${at(p)}`);
      list.push(copy(field, v[i], p, depth + 1, seen));
    }
    out = list;
  } else {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype) {
      const kind = proto === null ? 'a null-prototype object' : `a ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object`;
      throw new ValidationError(field, `must be JSON: plain objects only (found ${kind}${at(path)})`);
    }
    if (Object.getOwnPropertySymbols(v).length > 0) throw new ValidationError(field, `must be JSON (found a symbol key${at(path)})`);
    const obj: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) {
      const p = keyPath(path, k);
      safe(field, k, p);
      if (k === '' || k.startsWith('$') || k.includes('.') || k === '__proto__') {
        throw new ValidationError(field, `object keys must be non-empty, must not start with "$", contain "." or be "__proto__"${at(p)}`);
      }
      obj[k] = copy(field, x, p, depth + 1, seen);
    }
    out = obj;
  }
  seen.delete(v);
  return out;
}

/** {@link assertSafeText}'s rule, as a `ValidationError` with the path inside the payload. */
function safe(field: string, s: string, path: string): void {
  try {
    assertSafeText(field, s);
  } catch (e) {
    if (e instanceof UnsafeInputError) throw new ValidationError(field, `text ${e.rule}${at(path)}`);
    throw e;
  }
}
