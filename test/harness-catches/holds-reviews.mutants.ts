/** Seeded faults of the release-hold and review domains: real implementations with one deliberate, realistic bug each. */
import { and, count, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ObjectId } from 'mongodb';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import { RELEASE_HOLD_ACTIVE_KEY, RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, validateNewReleaseHold, type ReleaseHoldRepository } from '../../contracts/release-hold.ts';
import { summarizeRatings, type ReviewRepository } from '../../contracts/review.ts';
import { drizzleReviewRepository } from '../../repos/drizzle/review.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { mongoReleaseHoldRepository, releaseHoldFromDoc, type ReleaseHoldDoc } from '../../repos/mongo/release-hold.ts';
import { nextSequence } from '../../repos/mongo/sequence.ts';
import { newObjectId, toObjectId } from '../../repos/mongo/support.ts';
import { reviews } from '../../schema/reviews.ts';
import { users } from '../../schema/users.ts';

/**
 * Mongo release holds whose `place` never looks at the payment's status, so a hold lands on a
 * payment whose funds were already released (the source system's Mongo path had no such check to
 * copy, and nothing in FerretDB would stop it).
 */
export function mongoHoldOnReleasedPayment(ctx: MongoContext): ReleaseHoldRepository {
  const repo = mongoReleaseHoldRepository(ctx);
  const holds = ctx.db.collection<ReleaseHoldDoc>('releaseHolds');
  return {
    ...repo,
    async place(input) {
      const v = validateNewReleaseHold(input);
      const paymentId = toObjectId(v.paymentId);
      const payment = paymentId && (await ctx.db.collection<{ _id: ObjectId; userId: ObjectId }>('payments').findOne({ _id: paymentId }));
      if (!paymentId || !payment) throw new NotFoundError('payment', v.paymentId);
      const requestId = toObjectId(v.purchaseRequestId);
      const request = requestId && (await ctx.db.collection<{ _id: ObjectId; buyerId: ObjectId }>('purchaseRequests').findOne({ _id: requestId }));
      if (!requestId || !request) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      const placedBy = toObjectId(v.placedBy);
      if (!placedBy || !(await ctx.db.collection('users').findOne({ _id: placedBy }))) throw new NotFoundError('user', v.placedBy);
      if (!payment.userId.equals(request.buyerId)) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, 'not the buyer');
      if (await holds.findOne({ paymentId, status: 'active' })) throw new DuplicateKeyError(RELEASE_HOLD_ACTIVE_KEY);
      const now = new Date(ctx.clock.now());
      const doc: ReleaseHoldDoc = { _id: newObjectId(v.id), paymentId, purchaseRequestId: requestId, placedBy, reason: v.reason, status: 'active', seq: await nextSequence(ctx.db, 'releaseHolds'), placedAt: now, createdAt: now, updatedAt: now };
      await holds.insertOne(doc);
      return releaseHoldFromDoc(doc);
    },
  };
}

const seller = alias(users, 'seller');

/**
 * Drizzle reviews whose seller summary filters on "not pending" instead of "published", so a
 * review a moderator hid still counts in the seller's rating.
 */
export function drizzleSummaryCountsHidden(ctx: DrizzleContext): ReviewRepository {
  const repo = drizzleReviewRepository(ctx);
  return {
    ...repo,
    async sellerSummary(sellerId) {
      const rows = await ctx.db
        .select({ rating: reviews.rating, n: count() })
        .from(reviews)
        .innerJoin(seller, eq(seller.id, reviews.sellerId))
        .where(and(byId(seller, sellerId), inArray(reviews.status, ['published', 'hidden'])))
        .groupBy(reviews.rating);
      const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      for (const { rating, n } of rows) counts[rating - 1] = Number(n);
      return summarizeRatings(counts);
    },
  };
}
