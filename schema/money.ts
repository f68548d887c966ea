/**
 * Money columns and their CHECK constraints, generated from the same currency table the
 * TypeScript validator uses (`contracts/money.ts`), so the two cannot drift apart.
 */
import { sql, type SQL } from 'drizzle-orm';
import { check, numeric, pgEnum } from 'drizzle-orm/pg-core';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { CURRENCIES, CURRENCY_SCALE } from '../contracts/money.ts';

/** Postgres enum `currency`. */
export const currencyEnum = pgEnum('currency', CURRENCIES);

/** `numeric(38,18)`, read as a string: never a JS number. */
export const moneyColumn = (name: string) => numeric(name, { precision: 38, scale: 18 });

/** `CASE currency WHEN 'USDT' THEN 6 … END`: the currency's scale, from `CURRENCY_SCALE`. */
function scaleOf(currency: AnyPgColumn): SQL {
  const arms = CURRENCIES.map((c) => `WHEN '${c}' THEN ${CURRENCY_SCALE[c]}`).join(' ');
  return sql`CASE ${currency} ${sql.raw(arms)} END`;
}

/**
 * The two money CHECKs of a table: `<table>_<column>_positive` (> 0) and `<table>_<column>_scale`
 * (no more fractional digits than the currency allows: `amount = round(amount, scale)`).
 */
export function moneyChecks(table: string, amount: AnyPgColumn, currency: AnyPgColumn) {
  return [
    check(`${table}_${amount.name}_positive`, sql`${amount} > 0`),
    check(`${table}_${amount.name}_scale`, sql`${amount} = round(${amount}, ${scaleOf(currency)})`),
  ];
}
