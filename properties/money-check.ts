/**
 * Property: the TypeScript money validator accepts an amount iff Postgres accepts it, for the
 * payment domain's money tables (payments, the ledger, quotes in their quote currency) and every currency (DESIGN.md section 2.3). Inputs are decimal strings that
 * `numeric(38,18)` holds exactly, plus 21-22 integer digits (overflow), zero and negatives.
 *
 * Outside that domain the two cannot agree by construction: Postgres rounds a 19th fractional
 * digit away before any CHECK runs, so the validator must reject such inputs before they reach
 * the database (the example specs check that it does).
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { ValidationError } from '../contracts/errors.ts';
import { validateAmount, type Currency } from '../contracts/money.ts';
import type { PgScratch } from '../harness/isolation.ts';
import { currency, exactDecimal } from '../fixtures/money.ts';
import { pgErrorOf } from '../repos/drizzle/errors.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';

const amount = fc.oneof(
  { weight: 8, arbitrary: exactDecimal() },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 20, max: 21 })).map(([d, n]) => `${d}${'0'.repeat(n)}`) },
  { weight: 1, arbitrary: exactDecimal().map((s) => `-${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('0', '0.000000000000000000', '99999999999999999999.999999999999999999', '100000000000000000000') },
);

function validatorAccepts(value: string, c: Currency): boolean {
  try {
    validateAmount('amount', value, c);
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

/** SQLSTATEs that mean "Postgres rejected the value": check violation, numeric overflow. */
const REJECTIONS = new Set(['23514', '22003']);

/** Runs the property on a scratch database. */
export async function runMoneyCheckAgreement(pg: PgScratch, options: PropertyOptions): Promise<PropertyOutcome> {
  await pg.reset();
  const pool = pg.newPool(1);
  const client = await pool.connect();
  try {
    const property = fc.asyncProperty(amount, currency(), fc.constantFrom('payments', 'funds_ledger_entries', 'payment_quotes'), async (value, c, table) => {
      const expected = validatorAccepts(value, c);
      await client.query('BEGIN');
      let rejected: string | undefined;
      try {
        const user = (await client.query<{ id: string }>(`INSERT INTO users (email, created_at, updated_at) VALUES ('m@example.com', now(), now()) RETURNING id`)).rows[0]!.id;
        const paymentAmount = table === 'payments' ? value : '1';
        const payment = await client.query<{ id: string }>(
          `INSERT INTO payments (user_id, amount, currency, provider, created_at, updated_at) VALUES ($1, $2, $3, 'direct', now(), now()) RETURNING id`,
          [user, paymentAmount, c],
        );
        if (table === 'payment_quotes') {
          await client.query(
            `INSERT INTO payment_quotes (payment_id, provider, base_currency, quote_currency, rate, amount, expires_at, raw, created_at) VALUES ($1, 'oracle', 'USDT', $2, '1', $3, now(), '{}'::jsonb, now())`,
            [payment.rows[0]!.id, c, value],
          );
        }
        if (table === 'funds_ledger_entries') {
          await client.query(
            `INSERT INTO funds_ledger_entries (payment_id, user_id, currency, direction, kind, amount, created_at) VALUES ($1, $2, $3, 'credit', 'deposit', $4, now())`,
            [payment.rows[0]!.id, user, c, value],
          );
        }
      } catch (e) {
        const pgError = pgErrorOf(e);
        if (!pgError || !REJECTIONS.has(pgError.code)) throw e;
        rejected = `${pgError.code} ${pgError.constraint ?? pgError.message}`;
      } finally {
        await client.query('ROLLBACK');
      }
      const actual = rejected === undefined;
      if (actual !== expected) {
        throw new Error(
          `${table}.amount ${JSON.stringify(value)} ${c}: the validator ${expected ? 'accepts' : 'rejects'} it, Postgres ${actual ? 'accepts' : `rejects it (${rejected})`}`,
        );
      }
    });
    return await checkProperty(property, options);
  } finally {
    client.release();
    await pool.end();
  }
}
