/**
 * Point transactions (the source system's `PointTransaction`): an append-only ledger per user.
 * UPDATE/DELETE/TRUNCATE are rejected by triggers (custom migration `points_notify_rules`), so the
 * user FK restricts (a cascade would be a DELETE the triggers refuse anyway).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { MAX_POINTS, POINT_KINDS } from '../contracts/points.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

export const pointKindEnum = pgEnum('point_kind', POINT_KINDS);

export const pointTransactions = pgTable(
  'point_transactions',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // Creation order: the tie-breaker of "newest first" when two rows share created_at.
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    amount: integer('amount').notNull(),
    kind: pointKindEnum('kind').notNull(),
    reference: text('reference'),
    idempotencyKey: text('idempotency_key'),
    createdAt: msTimestamp('created_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('point_transactions', t.legacyObjectId),
    check('point_transactions_amount_range', sql`${t.amount} <> 0 AND abs(${t.amount}) <= ${sql.raw(String(MAX_POINTS))}`),
    // Credits are positive, debits (redemptions) negative.
    check('point_transactions_amount_sign', sql`(${t.kind} = 'redeem') = (${t.amount} < 0)`),
    check('point_transactions_reference_length', sql`char_length(${t.reference}) <= 200`),
    check('point_transactions_idempotency_key_length', sql`char_length(${t.idempotencyKey}) BETWEEN 1 AND 100`),
    uniqueIndex('point_transactions_user_idempotency_key_uq').on(t.userId, t.idempotencyKey),
    index('point_transactions_user_created_idx').on(t.userId, t.createdAt, t.seq),
  ],
);
