/**
 * The inputs the walking-skeleton issue names, each pinned as its own test (the example specs
 * cover them on every implementation too; these add what an example cannot see).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { ValidationError } from '../contracts/errors.ts';
import { validateAmount } from '../contracts/money.ts';
import { TickingClock } from '../contracts/clock.ts';
import * as schema from '../schema/index.ts';
import { drizzlePaymentRepository } from '../repos/drizzle/payment.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { pgErrorOf } from '../repos/drizzle/errors.ts';
import type { PgScratch } from '../harness/isolation.ts';
import { openStores, type TestStores } from './support.ts';

let stores: TestStores;
let scratch: PgScratch;
beforeAll(async () => {
  stores = await openStores();
  scratch = await stores.pg();
});
afterAll(() => stores?.dispose());

/** A pool whose every statement is recorded (the real driver; only `query` is observed). */
function recordingPool(pool: pg.Pool, seen: string[]): pg.Pool {
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: unknown[]) => {
          const q = args[0] as string | { text: string };
          seen.push(typeof q === 'string' ? q : q.text);
          return query(...args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('inputs that must behave', () => {
  it('rejects a 35-digit USDT amount in the validator and sends Postgres no statement at all', async () => {
    expect(() => validateAmount('amount', '10000000000000000000000000000000001', 'USDT')).toThrow(ValidationError);
    const clock = new TickingClock(0);
    const user = await drizzleUserRepository({ db: scratch.db, clock }).create({ email: 'big@example.com' });
    const seen: string[] = [];
    const pool = scratch.newPool(1);
    const db = drizzle(recordingPool(pool, seen), { schema });
    const repo = drizzlePaymentRepository({ db, clock });
    await expect(repo.create({ userId: user.id, amount: '10000000000000000000000000000000001', currency: 'USDT', provider: 'direct' })).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
    // The same repository does reach Postgres for a valid amount, so the recorder is live.
    await repo.create({ userId: user.id, amount: '0.123456', currency: 'USDT', provider: 'direct' });
    expect(seen.length).toBeGreaterThan(0);
    await pool.end();
  });

  it.each([
    ['UPDATE funds_ledger_entries SET amount = amount', 'UPDATE'],
    ['TRUNCATE funds_ledger_entries', 'TRUNCATE'],
    ['DELETE FROM funds_ledger_entries', 'DELETE'],
  ])('rejects %s with the trigger error even on an empty table', async (statement, op) => {
    await scratch.reset();
    const [{ n }] = (await scratch.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM funds_ledger_entries`)).rows as [{ n: number }];
    expect(n).toBe(0);
    const error = await scratch.db.execute(sql.raw(statement)).then(
      () => undefined,
      (e: unknown) => e,
    );
    const pgError = pgErrorOf(error);
    expect(pgError?.constraint).toBe('funds_ledger_append_only');
    expect(pgError?.message).toBe(`funds_ledger_entries is append-only: ${op} is not allowed`);
  });
});
