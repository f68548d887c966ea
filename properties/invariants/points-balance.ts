/**
 * Invariants of the points ledger: no user's balance (the sum of their transactions) is
 * negative, and an idempotency key names at most one transaction per user. Postgres holds the
 * second with a unique index; on Mongo (no partial indexes) these checks are the only guard.
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const pointsBalanceNonNegative: Invariant = {
  name: 'no user has a negative points balance',
  async pg(db) {
    const r = await db.execute<{ user_id: string; balance: string }>(sql`
      SELECT user_id, sum(amount)::text AS balance FROM point_transactions GROUP BY user_id HAVING sum(amount) < 0`);
    return r.rows.map((x) => `user ${x.user_id} has a points balance of ${x.balance}`);
  },
  async mongo(db) {
    const rows = await db
      .collection('pointTransactions')
      .aggregate<{ _id: unknown; balance: number }>([{ $group: { _id: '$userId', balance: { $sum: '$amount' } } }])
      .toArray();
    return rows.filter((x) => x.balance < 0).map((x) => `user ${String(x._id)} has a points balance of ${x.balance}`);
  },
};

export const pointsIdempotencyKeyUnique: Invariant = {
  name: 'an idempotency key names at most one point transaction per user',
  async mongo(db) {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const t of await db.collection('pointTransactions').find({ idempotencyKey: { $exists: true } }, { projection: { userId: 1, idempotencyKey: 1 } }).toArray()) {
      const k = `${String(t.userId)}\u0000${String(t.idempotencyKey)}`;
      if (seen.has(k)) out.push(`user ${String(t.userId)} has two transactions with idempotency key ${JSON.stringify(t.idempotencyKey)}`);
      seen.add(k);
    }
    return out;
  },
};
