/**
 * Money: a canonical decimal string, never a JS number (DESIGN.md section 4).
 *
 * Canonical form: no sign for non-negative values, no exponent, no leading zeros, trailing
 * fractional zeros stripped, no trailing dot (`"10.5"`, `"0.000001"`, `"0"`). Balances may be
 * negative (`"-1.5"`); stored amounts are always positive.
 *
 * Limits come from the Postgres column `numeric(38,18)`: at most 20 integer digits and 18
 * fractional digits. Each currency has a scale; an amount with more fractional digits than its
 * currency's scale is invalid. The same table of scales generates the Postgres CHECK constraints
 * (`schema/money.ts`), so the validator accepts a value iff Postgres does.
 *
 * @public
 */
import { ValidationError } from './errors.ts';

/** Currencies the source system settles in; the Postgres enum `currency` has the same values. */
export const CURRENCIES = ['USDT', 'USDC', 'ETH', 'BTC', 'TRY'] as const;

/** One of {@link CURRENCIES}. */
export type Currency = (typeof CURRENCIES)[number];

/** Fractional digits allowed per currency (the token's or the fiat's smallest unit). */
export const CURRENCY_SCALE: Readonly<Record<Currency, number>> = {
  USDT: 6,
  USDC: 6,
  ETH: 18,
  BTC: 8,
  TRY: 2,
};

/** Integer digits `numeric(38,18)` can hold (38 - 18). */
export const MONEY_INTEGER_DIGITS = 20;

/** Fractional digits `numeric(38,18)` can hold. */
export const MONEY_MAX_SCALE = 18;

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const UNIT = 10n ** BigInt(MONEY_MAX_SCALE);

/** True when `value` is one of {@link CURRENCIES}. */
export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

/**
 * Canonical form of a decimal string of any size (used to read values back from a store).
 * Throws `ValidationError(field, …)` when `value` is not a plain decimal string.
 */
export function canonicalDecimal(value: string, field = 'amount'): string {
  const m = DECIMAL.exec(value);
  if (!m) throw new ValidationError(field, 'must be a decimal string such as "10.5" (digits, one optional dot, no exponent)');
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] && body !== '0' ? `-${body}` : body;
}

/**
 * Validates a positive amount in `currency` and returns its canonical form.
 *
 * Rules, in order (each a `ValidationError(field, rule)`):
 * 1. a string (a JS number loses digits: `0.1 + 0.2`), in plain decimal notation, not negative;
 * 2. at most {@link MONEY_INTEGER_DIGITS} integer digits (so Postgres never sees an overflow);
 * 3. at most `CURRENCY_SCALE[currency]` fractional digits after stripping trailing zeros;
 * 4. greater than zero.
 */
export function validateAmount(field: string, value: unknown, currency: Currency): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a decimal string, not a ' + typeof value);
  if (value.startsWith('-')) throw new ValidationError(field, 'must not be negative');
  const canonical = canonicalDecimal(value, field);
  const [int = '', frac = ''] = canonical.split('.');
  if (int.length > MONEY_INTEGER_DIGITS) {
    throw new ValidationError(field, `must have at most ${MONEY_INTEGER_DIGITS} integer digits (numeric(38,18))`);
  }
  const scale = CURRENCY_SCALE[currency];
  if (frac.length > scale) throw new ValidationError(field, `must have at most ${scale} decimal places for ${currency}`);
  if (canonical === '0') throw new ValidationError(field, 'must be greater than zero');
  return canonical;
}

/** Exact fixed-point value of a canonical decimal, in units of 10^-18. */
export function toUnits(canonical: string): bigint {
  const negative = canonical.startsWith('-');
  const [int = '0', frac = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  if (frac.length > MONEY_MAX_SCALE) throw new ValidationError('amount', `must have at most ${MONEY_MAX_SCALE} decimal places`);
  const units = BigInt(int) * UNIT + BigInt(frac.padEnd(MONEY_MAX_SCALE, '0'));
  return negative ? -units : units;
}

/** Canonical decimal string of a value in units of 10^-18 (inverse of {@link toUnits}). */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const int = (abs / UNIT).toString();
  const frac = (abs % UNIT).toString().padStart(MONEY_MAX_SCALE, '0').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative ? `-${body}` : body;
}
