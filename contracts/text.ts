/**
 * Text rules shared by every implementation: one safety policy and one key normalization, so the
 * reference model, Mongo, Postgres and the database's own indexes agree on every string.
 *
 * @public
 */
import { UnsafeInputError, ValidationError } from './errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Throws `UnsafeInputError(field, …)` when `value` holds a NUL character (Postgres `text` cannot
 * store it: SQLSTATE 22021) or a lone UTF-16 surrogate (node-postgres and BSON encode it as
 * U+FFFD, a silent change). Called before either store is written (DESIGN.md section 4).
 */
export function assertSafeText(field: string, value: string): void {
  if (value.includes('\u0000')) throw new UnsafeInputError(field, 'must not contain a NUL character (U+0000)');
  if (LONE_SURROGATE.test(value)) throw new UnsafeInputError(field, 'must not contain a lone UTF-16 surrogate');
}

/**
 * Validates a required text field: a string, safe ({@link assertSafeText}), not blank after
 * trimming spaces, and at most `max` Unicode code points (Postgres `char_length` counts code
 * points, JS `length` counts UTF-16 units; we count like Postgres). Returns the value unchanged.
 */
export function requireText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  assertSafeText(field, value);
  if (trimSpaces(value) === '') throw new ValidationError(field, 'must not be blank');
  if (codePointLength(value) > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return value;
}

/**
 * Validates an optional text field: `undefined` (absent) stays absent; otherwise as
 * {@link requireText} but blank is allowed. `null` is accepted only where `allowNull` (a patch
 * clearing the field).
 */
export function optionalText(field: string, value: unknown, max: number, allowNull = false): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null && allowNull) return null;
  if (typeof value !== 'string') throw new ValidationError(field, allowNull ? 'must be a string or null' : 'must be a string');
  assertSafeText(field, value);
  if (codePointLength(value) > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return value;
}

/** Number of Unicode code points (what Postgres `char_length` returns for UTF-8 text). */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Strips leading and trailing U+0020 only: exactly Postgres `btrim(text)` with no second argument. */
export function trimSpaces(value: string): string {
  return value.replace(/^ +| +$/g, '');
}

/**
 * The normalization behind unique names: `btrim` (spaces only, so a tab or U+00A0 is kept) then
 * ASCII-only lower case. It equals Postgres `lower(btrim(x) COLLATE "C")` on every server,
 * whatever the database locale; the source system's `lower(btrim(name))` depends on the
 * database's LC_CTYPE, which is why we pin the collation (see docs/design-notes.md).
 */
export function normalizeKey(value: string): string {
  return trimSpaces(value).replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
