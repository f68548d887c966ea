/**
 * Stored-entity spec of reviews: collection `reviews` ↔ table `reviews`. The Mongo `seq` and the
 * Postgres identity `seq` are each store's own creation order, not part of the record.
 *
 * Canonical record: {@link Review} with legacy ids. `rating` is read as stored when it is a
 * number (an out-of-range or fractional rating is a rule violation, which Postgres's CHECK would
 * refuse too); anything else is a shape error.
 *
 * Not checked per record: "one review per reviewer and request" spans documents; the Mongo
 * unique index and the Postgres one hold it on both sides.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { isRating, MAX_RATING, MIN_RATING, REVIEW_COMMENT_LIMIT, REVIEW_STATUSES, type Review } from '../../contracts/review.ts';
import { optionalText } from '../../contracts/text.ts';
import { reviews } from '../../schema/reviews.ts';
import { LegacyShapeError, readTime, ShapeReader, describe } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `reviews` row as Drizzle reads it. */
export type ReviewRow = typeof reviews.$inferSelect;
/** Insert values of a `reviews` row (the identity `seq` is the database's). */
export type ReviewInsert = typeof reviews.$inferInsert;

const OPTIONAL = ['comment', 'publishedAt'];

/** Canonical {@link Review} of a `reviews` document; a missing status reads as `pending` (flagged). Throws `LegacyShapeError`. */
export function reviewFromLegacy(doc: Document): LegacyReading<Review> {
  const r = new ShapeReader(doc);
  const rating: unknown = doc.rating;
  if (typeof rating !== 'number') throw new LegacyShapeError('rating', `must be a number (found ${describe(rating)})`);
  const review: Review = {
    id: r.id(),
    purchaseRequestId: r.ref('purchaseRequestId'),
    reviewerId: r.ref('reviewerId'),
    sellerId: r.ref('sellerId'),
    rating,
    status: r.oneOf('status', REVIEW_STATUSES, 'pending'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const publishedAt = doc.publishedAt === undefined || doc.publishedAt === null ? undefined : readTime('publishedAt', doc.publishedAt, r);
  return { record: present(review, { comment: r.optionalString('comment'), publishedAt }, OPTIONAL), flags: r.flags };
}

/** Contract rules of a review record: the rating range, the comment, no self-review, a published review has `publishedAt`. */
export function validateReviewRecord(v: Review): RuleViolation[] {
  return collectViolations([
    () => {
      if (!isRating(v.rating)) throw new ValidationError('rating', `must be an integer from ${MIN_RATING} to ${MAX_RATING}`);
    },
    () => optionalText('comment', v.comment, REVIEW_COMMENT_LIMIT),
    () => {
      if (v.reviewerId === v.sellerId) throw new ValidationError('sellerId', 'must differ from reviewerId');
    },
    () => {
      if (v.status === 'published' && v.publishedAt === undefined) throw new ValidationError('publishedAt', 'must be present on a published review');
    },
  ]);
}

/** The `reviews` spec. */
export const reviewEntity: StoredEntity<Review, ReviewRow, ReviewInsert> = {
  name: 'review',
  domain: 'review',
  collection: 'reviews',
  table: 'reviews',
  pgTable: reviews,
  references: { purchaseRequestId: 'purchase_requests', reviewerId: 'users', sellerId: 'users' },
  appendOnly: false,
  fromDocument: reviewFromLegacy,
  validate: validateReviewRecord,
  fromRow(row, refs) {
    const v: Review = {
      id: rowId(row),
      purchaseRequestId: refId(refs, 'purchaseRequestId', row.purchaseRequestId),
      reviewerId: refId(refs, 'reviewerId', row.reviewerId),
      sellerId: refId(refs, 'sellerId', row.sellerId),
      rating: row.rating,
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(v, { comment: row.comment, publishedAt: row.publishedAt?.getTime() }, OPTIONAL);
  },
  toRow(v, resolve) {
    return {
      legacyObjectId: v.id,
      purchaseRequestId: resolve('purchase_requests', v.purchaseRequestId),
      reviewerId: resolve('users', v.reviewerId),
      sellerId: resolve('users', v.sellerId),
      rating: v.rating,
      comment: v.comment ?? null,
      status: v.status,
      createdAt: new Date(v.createdAt),
      updatedAt: new Date(v.updatedAt),
      publishedAt: v.publishedAt === undefined ? null : new Date(v.publishedAt),
    };
  },
};
