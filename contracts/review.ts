/**
 * Review contract: a buyer-side review of a seller for one purchase request, moderated before it
 * counts (`pending` → `published` / `hidden`).
 *
 * Rules:
 * - one review per reviewer and purchase request: `DuplicateKeyError('reviews.reviewer_per_request')`
 *   (a unique index in Postgres and in Mongo);
 * - `rating` is an integer from 1 to 5 (`ValidationError('rating')`; Postgres: smallint with a
 *   CHECK over the same range, so the validator accepts a value iff the column does);
 * - nobody reviews themselves: `InvariantViolation('review.not_self')`;
 * - status changes: `publish` from pending or hidden, `hide` from pending or published; anything
 *   else (including to the same status) is `InvariantViolation('review.status_transition')`.
 *   `publishedAt` is the time of the latest publication and stays when the review is hidden;
 * - a seller's list and rating summary count published reviews only.
 *
 * The summary's average is a decimal string with exactly two fraction digits: the exact mean
 * (sum of ratings / count) rounded half up (`4.125` → `"4.13"`, `4.5` → `"4.50"`), computed in
 * integers by {@link summarizeRatings}, which every implementation shares. With no published
 * review there is no average (the key is absent), the count is 0 and every star count 0.
 *
 * Who may review (the request's buyer after delivery) is the route's authorization concern, not
 * the store's; the store keeps the uniqueness so a retried submission cannot double-count.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const REVIEW_STATUSES = ['pending', 'published', 'hidden'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const MIN_RATING = 1;
export const MAX_RATING = 5;
export const REVIEW_COMMENT_LIMIT = 2000;

/** Allowed status transitions. */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStatus, readonly ReviewStatus[]>> = {
  pending: ['published', 'hidden'],
  published: ['hidden'],
  hidden: ['published'],
};

export const REVIEW_TRANSITION = 'review.status_transition';
export const REVIEW_NOT_SELF = 'review.not_self';
/** Contract key of the one-review-per-reviewer-and-request rule (Postgres and Mongo index). */
export const REVIEW_UNIQUE_KEY = 'reviews.reviewer_per_request';

/** A stored review. Times are UTC ms; `publishedAt` is present once the review was published. */
export interface Review {
  id: string;
  purchaseRequestId: string;
  reviewerId: string;
  sellerId: string;
  rating: number;
  comment?: string;
  status: ReviewStatus;
  createdAt: number;
  updatedAt: number;
  publishedAt?: number;
}

/** Input of `create`. */
export interface NewReview {
  id?: string;
  purchaseRequestId: string;
  reviewerId: string;
  sellerId: string;
  rating: number;
  comment?: string;
}

/** Star counts of published reviews, by rating. */
export type StarCounts = Record<'1' | '2' | '3' | '4' | '5', number>;

/** A seller's rating summary over published reviews. */
export interface SellerRatingSummary {
  count: number;
  /** Two fraction digits, rounded half up; absent when `count` is 0. */
  average?: string;
  stars: StarCounts;
}

/** The review repository every implementation provides. */
export interface ReviewRepository {
  /**
   * Creates a `pending` review. Throws, in this order: `ValidationError` / `UnsafeInputError`,
   * `NotFoundError('purchaseRequest')`, `NotFoundError('user')` (reviewer, then seller),
   * `InvariantViolation('review.not_self')`, `DuplicateKeyError('reviews.reviewer_per_request')`.
   */
  create(input: NewReview): Promise<Review>;
  /** The review with this id (either id form), or null. */
  get(id: string): Promise<Review | null>;
  /** The seller's published reviews, newest first (ties: the later created first). Empty for an unknown seller. */
  listForSeller(sellerId: string): Promise<Review[]>;
  /** Publishes (stamps `publishedAt`, `updatedAt`). Throws `NotFoundError('review')`, `InvariantViolation('review.status_transition')`. */
  publish(id: string): Promise<Review>;
  /** Hides (stamps `updatedAt`). Throws `NotFoundError('review')`, `InvariantViolation('review.status_transition')`. */
  hide(id: string): Promise<Review>;
  /** The seller's summary over published reviews (the empty summary for an unknown seller). */
  sellerSummary(sellerId: string): Promise<SellerRatingSummary>;
}

export const reviewMethods: MethodMap<ReviewRepository> = {
  create: { create: 'review' },
  get: 'read',
  listForSeller: 'read',
  publish: 'write',
  hide: 'write',
  sellerSummary: 'read',
};

/** True when `v` is a valid rating (what the Postgres CHECK accepts in a smallint). */
export const isRating = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= MIN_RATING && v <= MAX_RATING;

/** Validates `create` input; errors name the field. */
export function validateNewReview(input: NewReview): NewReview {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  for (const f of ['purchaseRequestId', 'reviewerId', 'sellerId'] as const) {
    if (typeof input[f] !== 'string') throw new ValidationError(f, 'must be an id string');
  }
  if (!isRating(input.rating)) throw new ValidationError('rating', `must be an integer from ${MIN_RATING} to ${MAX_RATING}`);
  const out: NewReview = { purchaseRequestId: input.purchaseRequestId, reviewerId: input.reviewerId, sellerId: input.sellerId, rating: input.rating };
  if (input.id !== undefined) out.id = input.id;
  const comment = optionalText('comment', input.comment, REVIEW_COMMENT_LIMIT);
  if (typeof comment === 'string') out.comment = comment;
  return out;
}

/** The summary of published ratings given as star counts (index 0 = one star). */
export function summarizeRatings(counts: readonly [number, number, number, number, number]): SellerRatingSummary {
  const stars: StarCounts = { '1': counts[0], '2': counts[1], '3': counts[2], '4': counts[3], '5': counts[4] };
  const count = counts.reduce((a, b) => a + b, 0);
  if (count === 0) return { count, stars };
  const sum = counts.reduce((a, n, i) => a + n * (i + 1), 0);
  // Half up of sum*100/count in integers: floor((2*sum*100 + count) / (2*count)).
  const hundredths = Math.floor((200 * sum + count) / (2 * count));
  const average = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  return { count, average, stars };
}

/** Star counts of the given ratings (ratings outside 1..5 are a defect, not counted). */
export function starCounts(ratings: Iterable<number>): [number, number, number, number, number] {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of ratings) if (isRating(r)) counts[r - 1]!++;
  return counts;
}
