/**
 * Release holds: a hold linking a payment and the purchase request it pays for. "At most one
 * active hold per payment" is a partial unique index; "releasedAt exactly when the hold ended"
 * and the note's length are CHECKs.
 *
 * Repository rules, not database rules: that the payment was pending or confirmed when the hold
 * was placed (a payment released later, by the payment domain, leaves its hold in place, so no
 * CHECK or trigger over the stored state can say it; a trigger refusing such rows would also refuse
 * their backfill), and that the payment's user is the request's buyer (neither table has a unique
 * key a composite foreign key over (payment, user) and (request, buyer) could point at).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { RELEASE_HOLD_NOTE_LIMIT, RELEASE_HOLD_REASONS, RELEASE_HOLD_STATUSES } from '../contracts/release-hold.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { purchaseRequests } from './marketplace.ts';
import { payments } from './payments.ts';
import { users } from './users.ts';

export const releaseHoldReasonEnum = pgEnum('release_hold_reason', RELEASE_HOLD_REASONS);
export const releaseHoldStatusEnum = pgEnum('release_hold_status', RELEASE_HOLD_STATUSES);

export const releaseHolds = pgTable(
  'release_holds',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // Creation order: the tie-breaker of "oldest first" when two holds share placed_at.
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    // A hold is evidence of why funds were kept: its payment and request cannot be deleted under it.
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    purchaseRequestId: uuid('purchase_request_id')
      .notNull()
      .references(() => purchaseRequests.id, { onDelete: 'restrict' }),
    placedBy: uuid('placed_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: releaseHoldReasonEnum('reason').notNull(),
    status: releaseHoldStatusEnum('status').notNull().default('active'),
    placedAt: msTimestamp('placed_at').notNull(),
    releasedAt: msTimestamp('released_at'),
    releaseNote: text('release_note'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('release_holds', t.legacyObjectId),
    check('release_holds_released_at_iff_ended', sql`(${t.status} <> 'active') = (${t.releasedAt} IS NOT NULL)`),
    check('release_holds_released_after_placed', sql`${t.releasedAt} >= ${t.placedAt}`),
    check('release_holds_release_note_length', sql`char_length(${t.releaseNote}) <= ${sql.raw(String(RELEASE_HOLD_NOTE_LIMIT))}`),
    uniqueIndex('release_holds_active_per_payment')
      .on(t.paymentId)
      .where(sql`${t.status} = 'active'`),
    index('release_holds_request_idx').on(t.purchaseRequestId, t.placedAt, t.seq),
    index('release_holds_placed_by_idx').on(t.placedBy),
  ],
);
