/**
 * Drizzle implementation of the points contract (table `point_transactions`, append-only).
 *
 * `award` and `redeem` run in one transaction that first locks the user's `users` row
 * (`FOR UPDATE`): concurrent writers of one user serialize, so the idempotency lookup, the
 * balance check and the insert see a stable ledger. The unique index on
 * (user_id, idempotency_key) is the database's own backstop for idempotency.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  BALANCE_INVARIANT,
  validateAward,
  validateRedemption,
  type PointTransaction,
  type PointsRepository,
  type ValidPointTransaction,
} from '../../contracts/points.ts';
import { pointTransactions } from '../../schema/points.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, ms } from './support.ts';

type Row = typeof pointTransactions.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function pointTransactionFromRow(r: Row): PointTransaction {
  const t: PointTransaction = { id: r.id, userId: r.userId, amount: r.amount, kind: r.kind, createdAt: ms(r.createdAt) };
  return assignPresent(t, r, ['reference', 'idempotencyKey']);
}

const sum = sql<string>`coalesce(sum(${pointTransactions.amount}), 0)::text`;

/** {@link PointsRepository} over Postgres with Drizzle. */
export function drizzlePointsRepository({ db, clock }: DrizzleContext): PointsRepository {
  const record = (v: ValidPointTransaction) =>
    inTransaction(db, async (tx) => {
      const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, v.userId)).for('update');
      if (!u) throw new NotFoundError('user', v.userId);
      if (v.idempotencyKey !== undefined) {
        const [first] = await tx
          .select()
          .from(pointTransactions)
          .where(and(eq(pointTransactions.userId, u.id), eq(pointTransactions.idempotencyKey, v.idempotencyKey)));
        if (first) return pointTransactionFromRow(first);
      }
      if (v.amount < 0) {
        const [{ balance }] = (await tx.select({ balance: sum }).from(pointTransactions).where(eq(pointTransactions.userId, u.id))) as [{ balance: string }];
        if (Number(balance) + v.amount < 0) throw new InvariantViolation(BALANCE_INVARIANT, `redeeming ${-v.amount} points exceeds the balance of ${balance}`);
      }
      const { id, ...rest } = v;
      const [row] = await tx
        .insert(pointTransactions)
        .values({ ...rest, legacyObjectId: id, userId: u.id, createdAt: new Date(clock.now()) })
        .returning();
      return pointTransactionFromRow(row!);
    }).catch((e) => mapPgError(e));
  return {
    async award(input) {
      return record(validateAward(input));
    },
    async redeem(input) {
      return record(validateRedemption(input));
    },
    async balance(userId) {
      const [r] = await db
        .select({ balance: sum })
        .from(pointTransactions)
        .innerJoin(users, eq(users.id, pointTransactions.userId))
        .where(byId(users, userId));
      return Number(r?.balance ?? 0);
    },
    async history(userId) {
      const rows = await db
        .select({ t: pointTransactions })
        .from(pointTransactions)
        .innerJoin(users, eq(users.id, pointTransactions.userId))
        .where(byId(users, userId))
        .orderBy(desc(pointTransactions.createdAt), desc(pointTransactions.seq));
      return rows.map((r) => pointTransactionFromRow(r.t));
    },
  };
}
