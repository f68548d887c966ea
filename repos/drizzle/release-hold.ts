/**
 * Drizzle implementation of the release-hold contract (table `release_holds`).
 *
 * `place` locks the payment row (`FOR UPDATE`) before reading its status and looking for an
 * active hold, so concurrent placers of one payment serialize, and a concurrent status change of
 * the payment waits for the placement (or the placement sees the new status). The partial unique
 * index `release_holds_active_per_payment` is the database's own backstop.
 *
 * `listForRequest` sorts by `placed_at`, then the identity column `seq` (creation order).
 */
import { and, asc, eq } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  RELEASE_HOLD_ACTIVE_KEY,
  RELEASE_HOLD_PAYMENT_HOLDABLE,
  RELEASE_HOLD_PAYMENT_MATCHES_REQUEST,
  RELEASE_HOLD_TRANSITION,
  isHoldable,
  validateNewReleaseHold,
  validateReleaseHoldEnd,
  type ReleaseHold,
  type ReleaseHoldEnd,
  type ReleaseHoldRepository,
} from '../../contracts/release-hold.ts';
import { purchaseRequests } from '../../schema/marketplace.ts';
import { payments } from '../../schema/payments.ts';
import { releaseHolds } from '../../schema/release-holds.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, ms } from './support.ts';

type Row = typeof releaseHolds.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function releaseHoldFromRow(r: Row): ReleaseHold {
  const h: ReleaseHold = {
    id: r.id,
    paymentId: r.paymentId,
    purchaseRequestId: r.purchaseRequestId,
    placedBy: r.placedBy,
    reason: r.reason,
    status: r.status,
    placedAt: ms(r.placedAt),
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  if (r.releasedAt) h.releasedAt = ms(r.releasedAt);
  return assignPresent(h, r, ['releaseNote']);
}

/** What the release-hold constraints mean when a write trips them. */
export const RELEASE_HOLD_CONSTRAINTS: ConstraintErrors = {
  release_holds_active_per_payment: () => new DuplicateKeyError(RELEASE_HOLD_ACTIVE_KEY),
};

/** {@link ReleaseHoldRepository} over Postgres with Drizzle. */
export function drizzleReleaseHoldRepository({ db, clock }: DrizzleContext): ReleaseHoldRepository {
  const end = (status: 'released' | 'cancelled') => async (id: string, e?: ReleaseHoldEnd) => {
    const v = validateReleaseHoldEnd(e);
    return inTransaction(db, async (tx) => {
      const [h] = await tx.select().from(releaseHolds).where(byId(releaseHolds, id)).for('update');
      if (!h) throw new NotFoundError('releaseHold', id);
      if (h.status !== 'active') throw new InvariantViolation(RELEASE_HOLD_TRANSITION, `${h.status} -> ${status} is not allowed`);
      const now = new Date(clock.now());
      const [row] = await tx
        .update(releaseHolds)
        .set({ status, releasedAt: now, updatedAt: now, ...(v.note !== undefined && { releaseNote: v.note }) })
        .where(eq(releaseHolds.id, h.id))
        .returning();
      return releaseHoldFromRow(row!);
    }).catch((err) => mapPgError(err, RELEASE_HOLD_CONSTRAINTS));
  };
  return {
    async place(input) {
      const v = validateNewReleaseHold(input);
      return inTransaction(db, async (tx) => {
        const [payment] = await tx.select({ id: payments.id, userId: payments.userId, status: payments.status }).from(payments).where(byId(payments, v.paymentId)).for('update');
        if (!payment) throw new NotFoundError('payment', v.paymentId);
        const [request] = await tx.select({ id: purchaseRequests.id, buyerId: purchaseRequests.buyerId }).from(purchaseRequests).where(byId(purchaseRequests, v.purchaseRequestId));
        if (!request) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
        const [user] = await tx.select({ id: users.id }).from(users).where(byId(users, v.placedBy));
        if (!user) throw new NotFoundError('user', v.placedBy);
        if (!isHoldable(payment.status)) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_HOLDABLE, `a ${payment.status} payment cannot be held`);
        if (payment.userId !== request.buyerId) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, "the payment's user is not the request's buyer");
        const [open] = await tx.select({ id: releaseHolds.id }).from(releaseHolds).where(and(eq(releaseHolds.paymentId, payment.id), eq(releaseHolds.status, 'active'))).limit(1);
        if (open) throw new DuplicateKeyError(RELEASE_HOLD_ACTIVE_KEY);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(releaseHolds)
          .values({
            legacyObjectId: v.id,
            paymentId: payment.id,
            purchaseRequestId: request.id,
            placedBy: user.id,
            reason: v.reason,
            status: 'active',
            placedAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return releaseHoldFromRow(row!);
      }).catch((e) => mapPgError(e, RELEASE_HOLD_CONSTRAINTS));
    },
    async get(id) {
      const [row] = await db.select().from(releaseHolds).where(byId(releaseHolds, id));
      return row ? releaseHoldFromRow(row) : null;
    },
    async activeForPayment(paymentId) {
      const rows = await db
        .select({ h: releaseHolds })
        .from(releaseHolds)
        .innerJoin(payments, eq(payments.id, releaseHolds.paymentId))
        .where(and(byId(payments, paymentId), eq(releaseHolds.status, 'active')))
        .limit(1);
      return rows[0] ? releaseHoldFromRow(rows[0].h) : null;
    },
    async listForRequest(purchaseRequestId) {
      const rows = await db
        .select({ h: releaseHolds })
        .from(releaseHolds)
        .innerJoin(purchaseRequests, eq(purchaseRequests.id, releaseHolds.purchaseRequestId))
        .where(byId(purchaseRequests, purchaseRequestId))
        .orderBy(asc(releaseHolds.placedAt), asc(releaseHolds.seq));
      return rows.map((x) => releaseHoldFromRow(x.h));
    },
    release: end('released'),
    cancel: end('cancelled'),
  };
}
