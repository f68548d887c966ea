/**
 * The canonical form backfill and verify compare: canonical records (see `repos/legacy/spec.ts`)
 * serialized as JSON with sorted keys, their 64-bit hashes, and field-level differences.
 *
 * Canonical JSON: object keys sorted by code unit, no whitespace, absent fields absent (records
 * hold no `null` and no `undefined`), numbers as JSON prints them (only UTC ms and booleans
 * appear), strings as JSON escapes them. Two records are equal iff their canonical JSON is.
 *
 * @public
 */
import { createHash } from 'node:crypto';

/** JSON of `value` with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * 64-bit hash of a record: the first 8 bytes (big-endian) of SHA-256 over its canonical JSON.
 * Checksums add these modulo 2^64 (order-independent; unlike XOR, a record counted twice does
 * not cancel out).
 */
export function recordHash(record: unknown): bigint {
  return createHash('sha256').update(canonicalJson(record)).digest().readBigUInt64BE(0);
}

/** 2^64 − 1: checksums are sums of {@link recordHash} masked with it. */
export const HASH_MASK = (1n << 64n) - 1n;

/**
 * One field that differs between the two sides' canonical records. An absent field is `null`
 * (a canonical record never holds null, so `null` always means "absent").
 */
export interface FieldDifference {
  readonly field: string;
  readonly mongo: unknown;
  readonly postgres: unknown;
}

/** The fields whose canonical JSON differs, sorted by name (empty when the records are equal). */
export function fieldDifferences(mongo: object, postgres: object): FieldDifference[] {
  const m = mongo as Record<string, unknown>;
  const p = postgres as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(m), ...Object.keys(p)])].sort();
  const out: FieldDifference[] = [];
  for (const field of fields) {
    const a = m[field];
    const b = p[field];
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) out.push({ field, mongo: a ?? null, postgres: b ?? null });
  }
  return out;
}
