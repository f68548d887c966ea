/**
 * Reviews of sellers per purchase request. "One review per reviewer and request" is a unique
 * index; the rating range, "not a self-review" and "published implies publishedAt" are CHECKs.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgEnum, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { MAX_RATING, MIN_RATING, REVIEW_COMMENT_LIMIT, REVIEW_STATUSES } from '../contracts/review.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { purchaseRequests } from './marketplace.ts';
import { users } from './users.ts';

export const reviewStatusEnum = pgEnum('review_status', REVIEW_STATUSES);

export const reviews = pgTable(
  'reviews',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // Creation order: the tie-breaker of "newest first" when two reviews share created_at.
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    // A request, reviewer or seller with reviews cannot be deleted out from under them: the
    // seller's summary would silently change.
    purchaseRequestId: uuid('purchase_request_id')
      .notNull()
      .references(() => purchaseRequests.id, { onDelete: 'restrict' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    status: reviewStatusEnum('status').notNull().default('pending'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
    publishedAt: msTimestamp('published_at'),
  },
  (t) => [
    legacyObjectIdCheck('reviews', t.legacyObjectId),
    check('reviews_rating_range', sql`${t.rating} BETWEEN ${sql.raw(String(MIN_RATING))} AND ${sql.raw(String(MAX_RATING))}`),
    check('reviews_comment_length', sql`char_length(${t.comment}) <= ${sql.raw(String(REVIEW_COMMENT_LIMIT))}`),
    check('reviews_not_self', sql`${t.reviewerId} <> ${t.sellerId}`),
    check('reviews_published_has_time', sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
    uniqueIndex('reviews_reviewer_per_request').on(t.purchaseRequestId, t.reviewerId),
    index('reviews_seller_published_idx').on(t.sellerId, t.createdAt, t.seq).where(sql`${t.status} = 'published'`),
  ],
);
