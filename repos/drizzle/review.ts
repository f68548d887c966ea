/**
 * Drizzle implementation of the review contract (table `reviews`).
 *
 * The unique index `reviews_reviewer_per_request` decides duplicates (no read-then-insert
 * race). Lists sort by `created_at`, then the identity column `seq` (creation order), both
 * descending. The summary counts published reviews per rating in SQL and formats them with the
 * contract's shared {@link summarizeRatings}.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  REVIEW_NOT_SELF,
  REVIEW_TRANSITION,
  REVIEW_TRANSITIONS,
  REVIEW_UNIQUE_KEY,
  summarizeRatings,
  validateNewReview,
  type Review,
  type ReviewRepository,
  type ReviewStatus,
} from '../../contracts/review.ts';
import { purchaseRequests } from '../../schema/marketplace.ts';
import { reviews } from '../../schema/reviews.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, ms } from './support.ts';

type Row = typeof reviews.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function reviewFromRow(r: Row): Review {
  const out: Review = {
    id: r.id,
    purchaseRequestId: r.purchaseRequestId,
    reviewerId: r.reviewerId,
    sellerId: r.sellerId,
    rating: r.rating,
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  assignPresent(out, r, ['comment']);
  if (r.publishedAt) out.publishedAt = ms(r.publishedAt);
  return out;
}

/** What the review constraints mean when a write trips them. */
export const REVIEW_CONSTRAINTS: ConstraintErrors = {
  reviews_reviewer_per_request: () => new DuplicateKeyError(REVIEW_UNIQUE_KEY),
  reviews_not_self: () => new InvariantViolation(REVIEW_NOT_SELF, 'a user cannot review themselves'),
};

const seller = alias(users, 'seller');

/** {@link ReviewRepository} over Postgres with Drizzle. */
export function drizzleReviewRepository({ db, clock }: DrizzleContext): ReviewRepository {
  const move = (to: ReviewStatus) => async (id: string) =>
    inTransaction(db, async (tx) => {
      const [r] = await tx.select().from(reviews).where(byId(reviews, id)).for('update');
      if (!r) throw new NotFoundError('review', id);
      if (!REVIEW_TRANSITIONS[r.status].includes(to)) throw new InvariantViolation(REVIEW_TRANSITION, `${r.status} -> ${to} is not allowed`);
      const now = new Date(clock.now());
      const [row] = await tx
        .update(reviews)
        .set({ status: to, updatedAt: now, ...(to === 'published' && { publishedAt: now }) })
        .where(eq(reviews.id, r.id))
        .returning();
      return reviewFromRow(row!);
    }).catch((e) => mapPgError(e, REVIEW_CONSTRAINTS));
  return {
    async create(input) {
      const v = validateNewReview(input);
      const idOf = async (t: typeof users | typeof purchaseRequests, id: string) => (await db.select({ id: t.id }).from(t).where(byId(t, id)))[0]?.id;
      const requestId = await idOf(purchaseRequests, v.purchaseRequestId);
      if (!requestId) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      const reviewerId = await idOf(users, v.reviewerId);
      if (!reviewerId) throw new NotFoundError('user', v.reviewerId);
      const sellerId = await idOf(users, v.sellerId);
      if (!sellerId) throw new NotFoundError('user', v.sellerId);
      if (reviewerId === sellerId) throw new InvariantViolation(REVIEW_NOT_SELF, 'a user cannot review themselves');
      const now = new Date(clock.now());
      const [row] = await db
        .insert(reviews)
        .values({
          legacyObjectId: v.id,
          purchaseRequestId: requestId,
          reviewerId,
          sellerId,
          rating: v.rating,
          ...(v.comment !== undefined && { comment: v.comment }),
          status: 'pending',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .catch((e) => mapPgError(e, REVIEW_CONSTRAINTS));
      return reviewFromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(reviews).where(byId(reviews, id));
      return row ? reviewFromRow(row) : null;
    },
    async listForSeller(sellerId) {
      const rows = await db
        .select({ r: reviews })
        .from(reviews)
        .innerJoin(seller, eq(seller.id, reviews.sellerId))
        .where(and(byId(seller, sellerId), eq(reviews.status, 'published')))
        .orderBy(desc(reviews.createdAt), desc(reviews.seq));
      return rows.map((x) => reviewFromRow(x.r));
    },
    publish: move('published'),
    hide: move('hidden'),
    async sellerSummary(sellerId) {
      const rows = await db
        .select({ rating: reviews.rating, n: count() })
        .from(reviews)
        .innerJoin(seller, eq(seller.id, reviews.sellerId))
        .where(and(byId(seller, sellerId), eq(reviews.status, 'published')))
        .groupBy(reviews.rating);
      const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      for (const { rating, n } of rows) counts[rating - 1] = Number(n);
      return summarizeRatings(counts);
    },
  };
}
