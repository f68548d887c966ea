/**
 * Readers of legacy Mongo document fields: every shape the source system has stored over the
 * years, turned into the one canonical form the contracts use (DESIGN.md section 4).
 *
 * - ids: an `ObjectId`, or (references only) a 24-hex string in either case → lower-case hex;
 * - money: a decimal string (trailing zeros allowed), a JS number (read through its shortest
 *   round-trip string, and flagged: the number may already have lost digits when it was
 *   written), a BSON `Decimal128`, or a `Long`/bigint → the canonical decimal string;
 * - times: a `Date`, an integer of UTC milliseconds, or an ISO 8601 string with a zone
 *   (`Z` or `±hh:mm`) → UTC milliseconds;
 * - optional fields: missing, `undefined` and `null` all read as absent.
 *
 * A value that cannot be read is a {@link LegacyShapeError}; a value that can be read but breaks a
 * contract rule (a NUL in a name, too many decimals) is *not* a shape error: the spec's
 * `validate` reports it.
 *
 * @public
 */
import { ObjectId, type Document } from 'mongodb';
import { canonicalDecimal } from '../../contracts/money.ts';
import { ValidationError } from '../../contracts/errors.ts';

/**
 * A legacy document whose field cannot be read into the canonical form (a missing required
 * field, a wrong type, an unparsable time). `field` is the document field (`createdAt`,
 * `amount`), `rule` says what the value must be. Searchable code: `LEGACY_SHAPE`.
 */
export class LegacyShapeError extends Error {
  readonly code = 'LEGACY_SHAPE' as const;
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'LegacyShapeError';
  }
}

/**
 * Something about a readable document worth knowing but not worth refusing, for example money
 * stored as a JS number (`note: 'money-number'`). Reported by backfill, never part of the
 * canonical record.
 */
export interface ShapeFlag {
  readonly field: string;
  /** `money-number` | `sub-millisecond-time` | `upper-case-id` | `defaulted` | `duplicate-removed`. */
  readonly note: ShapeNote;
  /** A sentence for humans, with the stored value when it helps. */
  readonly detail: string;
}

/** Kinds of {@link ShapeFlag}. */
export type ShapeNote = 'money-number' | 'sub-millisecond-time' | 'upper-case-id' | 'defaulted' | 'duplicate-removed';

/** Collects the flags raised while one document is read. */
export class ShapeReader {
  readonly flags: ShapeFlag[] = [];
  constructor(readonly doc: Document) {}

  /** Adds a flag. */
  flag(field: string, note: ShapeNote, detail: string): void {
    this.flags.push({ field, note, detail });
  }

  /** The document's `_id` as 24 lower-case hex. Throws `LegacyShapeError('_id')` unless it is an ObjectId. */
  id(): string {
    const v: unknown = this.doc._id;
    if (v instanceof ObjectId) return v.toHexString();
    throw new LegacyShapeError('_id', `must be an ObjectId (found ${describe(v)})`);
  }

  /**
   * A reference: an ObjectId or a 24-hex string (upper case is lower-cased and flagged).
   * Absent (missing/null) is `undefined` when `optional`, else `LegacyShapeError`.
   */
  ref(field: string, optional: true): string | undefined;
  ref(field: string, optional?: false): string;
  ref(field: string, optional = false): string | undefined {
    const v: unknown = this.doc[field];
    if (v === undefined || v === null) {
      if (optional) return undefined;
      throw new LegacyShapeError(field, 'is required (an ObjectId or a 24-hex string)');
    }
    if (v instanceof ObjectId) return v.toHexString();
    if (typeof v === 'string' && /^[0-9a-fA-F]{24}$/.test(v)) {
      const lower = v.toLowerCase();
      if (lower !== v) this.flag(field, 'upper-case-id', `stored as upper-case hex "${v}"`);
      return lower;
    }
    throw new LegacyShapeError(field, `must be an ObjectId or a 24-hex string (found ${describe(v)})`);
  }

  /** A required string (any content: the contract's text rules are checked by `validate`). */
  string(field: string): string {
    const v: unknown = this.doc[field];
    if (typeof v === 'string') return v;
    throw new LegacyShapeError(field, `must be a string (found ${describe(v)})`);
  }

  /** An optional string: missing/null → undefined. */
  optionalString(field: string): string | undefined {
    const v: unknown = this.doc[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    throw new LegacyShapeError(field, `must be a string when present (found ${describe(v)})`);
  }

  /**
   * One of `values`. A missing/null value takes `fallback` (flagged `defaulted`) when one is
   * given — only where the contract itself has that default — else `LegacyShapeError`.
   */
  oneOf<T extends string>(field: string, values: readonly T[], fallback?: T): T {
    const v: unknown = this.doc[field];
    if ((v === undefined || v === null) && fallback !== undefined) {
      this.flag(field, 'defaulted', `missing; read as the contract default "${fallback}"`);
      return fallback;
    }
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    throw new LegacyShapeError(field, `must be one of ${values.join(', ')} (found ${describe(v)})`);
  }

  /** A boolean; missing/null takes `fallback` (flagged `defaulted`). */
  boolean(field: string, fallback: boolean): boolean {
    const v: unknown = this.doc[field];
    if (v === undefined || v === null) {
      this.flag(field, 'defaulted', `missing; read as the contract default ${fallback}`);
      return fallback;
    }
    if (typeof v === 'boolean') return v;
    throw new LegacyShapeError(field, `must be a boolean (found ${describe(v)})`);
  }

  /** A required time as UTC ms (see {@link readTime}). */
  time(field: string): number {
    return readTime(field, this.doc[field], this);
  }

  /** A required money value as a canonical decimal string (see {@link readMoney}). */
  money(field: string): string {
    return readMoney(field, this.doc[field], this);
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * UTC milliseconds of a legacy time value:
 * - a valid `Date`;
 * - a safe integer of milliseconds since the epoch (old documents written with `Date.now()`);
 * - an ISO 8601 string **with** a zone (`2019-03-04T10:00:00Z`, `…+03:00`); fractional seconds
 *   beyond milliseconds are truncated and flagged `sub-millisecond-time`. A string without a zone
 *   is refused: its instant depends on the writer's time zone, which is unknown.
 *
 * @throws LegacyShapeError(field, …) for anything else (missing, NaN, a zone-less string …).
 */
export function readTime(field: string, value: unknown, reader?: ShapeReader): number {
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isFinite(t)) return t;
    throw new LegacyShapeError(field, 'must be a valid Date (found an invalid Date)');
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new LegacyShapeError(field, `must be an integer number of UTC milliseconds (found ${value})`);
  }
  if (typeof value === 'string') {
    const m = ISO.exec(value);
    if (!m) throw new LegacyShapeError(field, `must be an ISO 8601 time with a zone, e.g. 2019-03-04T10:00:00.000Z (found "${value}")`);
    const frac = m[7] ?? '';
    if (frac.length > 3 && /[1-9]/.test(frac.slice(3))) reader?.flag(field, 'sub-millisecond-time', `"${value}" read to the millisecond`);
    const zone = m[8] === 'Z' ? 'Z' : `${m[8]!.slice(0, 3)}:${m[8]!.slice(-2)}`;
    const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}.${frac.slice(0, 3).padEnd(3, '0')}${zone}`);
    if (Number.isFinite(t)) return t;
    throw new LegacyShapeError(field, `must be a valid ISO 8601 time (found "${value}")`);
  }
  throw new LegacyShapeError(field, `must be a Date, UTC milliseconds or an ISO 8601 string (found ${describe(value)})`);
}

/**
 * Canonical decimal string of a legacy money value (no exponent, no leading zeros, trailing
 * fractional zeros stripped; see `contracts/money.ts`):
 * - a string in plain decimal notation (`"12.500000"` → `"12.5"`); an exponent (`"1e3"`) or any
 *   other text is a shape error;
 * - a JS number (BSON double, int32): its shortest round-trip string (`String(n)`, expanded when
 *   it has an exponent). **Precision loss is possible**: a double holds ~15-17 significant
 *   digits, and a value such as `0.1 + 0.2` reads as `"0.30000000000000004"` — which the
 *   currency's scale rule then rejects. The reader flags every such value `money-number`;
 * - a BSON `Decimal128` (exact; a real mongod may hold one) or `Long`/bigint: exact.
 *
 * Sign and range are not checked here: `validateAmount` does that (a rule, not a shape).
 *
 * @throws LegacyShapeError(field, …) when the value is missing or not a number at all.
 */
export function readMoney(field: string, value: unknown, reader?: ShapeReader): string {
  try {
    if (typeof value === 'string') return canonicalDecimal(value, field);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new LegacyShapeError(field, `must be a finite number (found ${value})`);
      const text = plainDecimal(String(value));
      reader?.flag(field, 'money-number', `stored as the JS number ${String(value)}; read as "${text}" (a double may already have lost digits)`);
      return text;
    }
    if (typeof value === 'bigint') return value.toString();
    const bson = (value as { _bsontype?: unknown } | null)?._bsontype;
    if (bson === 'Decimal128') return plainDecimal((value as { toString(): string }).toString());
    if (bson === 'Long' || bson === 'Int32' || bson === 'Double') return plainDecimal(String((value as { toString(): string }).toString()));
  } catch (e) {
    if (e instanceof LegacyShapeError) throw e;
    if (e instanceof ValidationError) throw new LegacyShapeError(field, `must be a plain decimal string such as "10.5" (found ${describe(value)})`);
    throw e;
  }
  throw new LegacyShapeError(field, `must be a decimal string or a number (found ${describe(value)})`);
}

/**
 * Plain, canonical decimal notation of a numeric text that may carry an exponent
 * (`"1e+21"` → `"1000000000000000000000"`, `"1.2300E-8"` → `"0.0000000123"`).
 * Throws `ValidationError` when `text` is not numeric.
 */
export function plainDecimal(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new ValidationError('amount', 'must be numeric');
  const sign = m[1] === '-' ? '-' : '';
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  const digits = int + frac;
  const point = int.length + exp; // position of the decimal point within `digits`
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return canonicalDecimal(sign + out);
}

/** Short description of a value for error messages (never the whole value). */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (v instanceof Date) return `Date ${Number.isFinite(v.getTime()) ? v.toISOString() : 'Invalid'}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  const bson = (v as { _bsontype?: unknown })._bsontype;
  if (typeof bson === 'string') return `BSON ${bson}`;
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}
