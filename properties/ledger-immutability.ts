/**
 * Property: the funds ledger is append-only in Postgres itself. Raw SQL (not the repository)
 * tries to change random existing rows and columns, all rows, no row, the whole table, or the
 * table through a cascade or an upsert; every statement must fail with the trigger's error
 * (`funds_ledger_append_only`) and leave every row exactly as it was.
 */
import fc from 'fast-check';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { TickingClock } from '../contracts/clock.ts';
import type { PgDatabase } from '../contracts/domain.ts';
import { drizzlePaymentRepository } from '../repos/drizzle/payment.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { pgErrorOf } from '../repos/drizzle/errors.ts';
import { fundsLedgerEntries } from '../schema/payments.ts';
import type { PgScratch } from '../harness/isolation.ts';
import { validAmount } from '../fixtures/money.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { CLOCK_BASE_MS } from './differential.ts';

/** Column names of the ledger table, from the Drizzle schema (not a hand-kept list). */
const COLUMNS = Object.values(getTableColumns(fundsLedgerEntries)).map((c) => c.name);

/** A change to a column that is not a no-op, where one is easy to write; otherwise `col = col`. */
const CHANGES: Record<string, string> = {
  amount: 'amount * 2',
  memo: `'tampered'`,
  created_at: `created_at + interval '1 ms'`,
  direction: `CASE direction WHEN 'credit' THEN 'debit'::ledger_direction ELSE 'credit'::ledger_direction END`,
};

type Scope = 'one row' | 'all rows' | 'no row';

interface Attempt {
  entries: number;
  op: 'update' | 'delete' | 'truncate' | 'truncate payments cascade' | 'upsert';
  column: string;
  change: boolean;
  scope: Scope;
  pick: number;
}

const attempt: fc.Arbitrary<Attempt> = fc.record({
  entries: fc.nat({ max: 4 }),
  op: fc.constantFrom('update', 'delete', 'truncate', 'truncate payments cascade', 'upsert'),
  column: fc.constantFrom(...COLUMNS),
  change: fc.boolean(),
  scope: fc.constantFrom<Scope>('one row', 'all rows', 'no row'),
  pick: fc.nat(),
});

function statement(a: Attempt, ids: readonly string[]): SQL {
  const col = sql.identifier(a.column);
  const where =
    a.scope === 'all rows' ? sql`true` : a.scope === 'no row' || ids.length === 0 ? sql`false` : sql`id = ${ids[a.pick % ids.length]}`;
  switch (a.op) {
    case 'update':
      return sql`UPDATE funds_ledger_entries SET ${col} = ${a.change && CHANGES[a.column] ? sql.raw(CHANGES[a.column]!) : col} WHERE ${where}`;
    case 'delete':
      return sql`DELETE FROM funds_ledger_entries WHERE ${where}`;
    case 'truncate':
      return sql`TRUNCATE funds_ledger_entries`;
    case 'truncate payments cascade':
      return sql`TRUNCATE payments CASCADE`;
    case 'upsert':
      return sql`INSERT INTO funds_ledger_entries SELECT * FROM funds_ledger_entries WHERE ${where} ON CONFLICT (id) DO UPDATE SET memo = 'tampered'`;
  }
}

async function snapshot(db: PgDatabase): Promise<string> {
  const r = await db.execute<{ s: string | null }>(sql`SELECT json_agg(e ORDER BY e.id)::text AS s FROM funds_ledger_entries e`);
  return r.rows[0]?.s ?? '[]';
}

/** Runs the property on a scratch database. */
export async function runLedgerImmutability(pg: PgScratch, options: PropertyOptions): Promise<PropertyOutcome> {
  const property = fc.asyncProperty(attempt, validAmount('USDT'), async (a, amount) => {
    await pg.reset();
    const clock = new TickingClock(CLOCK_BASE_MS);
    const users = drizzleUserRepository({ db: pg.db, clock });
    const payments = drizzlePaymentRepository({ db: pg.db, clock });
    const ids: string[] = [];
    if (a.entries > 0) {
      const u = await users.create({ email: 'ledger@example.com' });
      const p = await payments.create({ userId: u.id, amount: '100', currency: 'USDT', provider: 'direct' });
      for (let i = 0; i < a.entries; i++) {
        ids.push((await payments.appendLedgerEntry({ paymentId: p.id, direction: i % 2 ? 'debit' : 'credit', kind: 'deposit', amount })).id);
      }
    }
    const before = await snapshot(pg.db);
    let error: unknown;
    try {
      await pg.db.execute(statement(a, ids));
    } catch (e) {
      error = e;
    }
    const pgError = pgErrorOf(error);
    if (!pgError) throw new Error(`the statement succeeded (or failed outside Postgres: ${String(error)})`);
    if (pgError.constraint !== 'funds_ledger_append_only') {
      throw new Error(`the statement failed, but not by the append-only trigger: SQLSTATE ${pgError.code} ${pgError.message}`);
    }
    const after = await snapshot(pg.db);
    if (after !== before) throw new Error('the ledger changed although the statement failed');
  });
  return checkProperty(property, options);
}
