/**
 * Mongo implementation of the review contract (collection `reviews`).
 *
 * "One review per reviewer and request" is the unique index `reviews.reviewer_per_request`
 * (a plain compound unique index: MongoDB and FerretDB 1.24 both have it). Lists sort by
 * `createdAt`, then `seq` (a creation counter, see `sequence.ts`), both descending.
 */
import type { Db, ObjectId } from 'mongodb';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import {
  REVIEW_NOT_SELF,
  REVIEW_TRANSITION,
  REVIEW_TRANSITIONS,
  REVIEW_UNIQUE_KEY,
  starCounts,
  summarizeRatings,
  validateNewReview,
  type Review,
  type ReviewRepository,
  type ReviewStatus,
} from '../../contracts/review.ts';
import { mapMongoError } from './errors.ts';
import { nextSequence } from './sequence.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `reviews` document. */
export interface ReviewDoc {
  _id: ObjectId;
  purchaseRequestId: ObjectId;
  reviewerId: ObjectId;
  sellerId: ObjectId;
  rating: number;
  comment?: string;
  status: ReviewStatus;
  seq: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
}

/** Creates the collection's indexes, the unique one included. */
export async function ensureReviewIndexes(db: Db): Promise<void> {
  await db.collection('reviews').createIndex({ purchaseRequestId: 1, reviewerId: 1 }, { name: REVIEW_UNIQUE_KEY, unique: true });
  await db.collection('reviews').createIndex({ sellerId: 1, status: 1, createdAt: -1, seq: -1 }, { name: 'reviews.seller_newest' });
}

/** Contract view of a stored document. */
export function reviewFromDoc(d: ReviewDoc): Review {
  const out: Review = {
    id: d._id.toHexString(),
    purchaseRequestId: d.purchaseRequestId.toHexString(),
    reviewerId: d.reviewerId.toHexString(),
    sellerId: d.sellerId.toHexString(),
    rating: d.rating,
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  assignPresent(out, d as unknown as Record<string, unknown>, ['comment']);
  if (d.publishedAt) out.publishedAt = d.publishedAt.getTime();
  return out;
}

/** {@link ReviewRepository} over MongoDB. */
export function mongoReviewRepository({ db, clock }: MongoContext): ReviewRepository {
  const reviews = db.collection<ReviewDoc>('reviews');
  const requests = db.collection('purchaseRequests');
  const users = db.collection('users');
  const exists = async (c: typeof users, id: string) => {
    const _id = toObjectId(id);
    return _id && (await c.findOne({ _id }, { projection: { _id: 1 } })) ? _id : null;
  };
  const move = (to: ReviewStatus) => async (id: string) => {
    const _id = toObjectId(id);
    const r = _id && (await reviews.findOne({ _id }));
    if (!r) throw new NotFoundError('review', id);
    if (!REVIEW_TRANSITIONS[r.status].includes(to)) throw new InvariantViolation(REVIEW_TRANSITION, `${r.status} -> ${to} is not allowed`);
    const now = new Date(clock.now());
    const $set: Partial<ReviewDoc> = { status: to, updatedAt: now, ...(to === 'published' && { publishedAt: now }) };
    // Conditional on the status read above, so a concurrent transition cannot be overwritten.
    const after = await reviews.findOneAndUpdate({ _id: r._id, status: r.status }, { $set }, { returnDocument: 'after' });
    if (!after) throw new InvariantViolation(REVIEW_TRANSITION, `the review left ${r.status} concurrently`);
    return reviewFromDoc(after);
  };
  const published = (sellerId: string) => {
    const sid = toObjectId(sellerId);
    return sid ? reviews.find({ sellerId: sid, status: 'published' }).sort({ createdAt: -1, seq: -1 }).toArray() : Promise.resolve([]);
  };
  return {
    async create(input) {
      const v = validateNewReview(input);
      const purchaseRequestId = await exists(requests, v.purchaseRequestId);
      if (!purchaseRequestId) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      const reviewerId = await exists(users, v.reviewerId);
      if (!reviewerId) throw new NotFoundError('user', v.reviewerId);
      const sellerId = await exists(users, v.sellerId);
      if (!sellerId) throw new NotFoundError('user', v.sellerId);
      if (reviewerId.equals(sellerId)) throw new InvariantViolation(REVIEW_NOT_SELF, 'a user cannot review themselves');
      const now = new Date(clock.now());
      const doc: ReviewDoc = {
        _id: newObjectId(v.id),
        purchaseRequestId,
        reviewerId,
        sellerId,
        rating: v.rating,
        status: 'pending',
        seq: await nextSequence(db, 'reviews'),
        createdAt: now,
        updatedAt: now,
      };
      if (v.comment !== undefined) doc.comment = v.comment;
      await reviews.insertOne(doc).catch((e) => mapMongoError(e, REVIEW_UNIQUE_KEY));
      return reviewFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const r = _id && (await reviews.findOne({ _id }));
      return r ? reviewFromDoc(r) : null;
    },
    async listForSeller(sellerId) {
      return (await published(sellerId)).map(reviewFromDoc);
    },
    publish: move('published'),
    hide: move('hidden'),
    async sellerSummary(sellerId) {
      return summarizeRatings(starCounts((await published(sellerId)).map((r) => r.rating)));
    },
  };
}
