/** Reference model of the review contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { PurchaseRequest } from './marketplace.ts';
import type { User } from './user.ts';
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
} from './review.ts';

/** Model of {@link ReviewRepository}. Iteration order of the table is creation order. */
export function reviewModel({ clock, state }: ModelContext): ReviewRepository {
  const reviews = state.table<Review>('review');
  const requests = state.table<PurchaseRequest>('purchaseRequest');
  const users = state.table<User>('user');
  const published = (sellerId: string) => [...reviews.values()].filter((r) => r.sellerId === sellerId && r.status === 'published');
  const move = (to: ReviewStatus) => async (id: string) => {
    const r = reviews.get(id);
    if (!r) throw new NotFoundError('review', id);
    if (!REVIEW_TRANSITIONS[r.status].includes(to)) throw new InvariantViolation(REVIEW_TRANSITION, `${r.status} -> ${to} is not allowed`);
    const now = clock.now();
    r.status = to;
    r.updatedAt = now;
    if (to === 'published') r.publishedAt = now;
    return structuredClone(r);
  };
  return {
    async create(input) {
      const v = validateNewReview(input);
      if (!requests.has(v.purchaseRequestId)) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      if (!users.has(v.reviewerId)) throw new NotFoundError('user', v.reviewerId);
      if (!users.has(v.sellerId)) throw new NotFoundError('user', v.sellerId);
      if (v.reviewerId === v.sellerId) throw new InvariantViolation(REVIEW_NOT_SELF, 'a user cannot review themselves');
      if ([...reviews.values()].some((r) => r.purchaseRequestId === v.purchaseRequestId && r.reviewerId === v.reviewerId)) throw new DuplicateKeyError(REVIEW_UNIQUE_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const r: Review = { id: id ?? state.nextId(), ...rest, status: 'pending', createdAt: now, updatedAt: now };
      reviews.set(r.id, r);
      return structuredClone(r);
    },
    async get(id) {
      const r = reviews.get(id);
      return r ? structuredClone(r) : null;
    },
    async listForSeller(sellerId) {
      // Newest first: creation order reversed (createdAt never decreases along it).
      return published(sellerId).reverse().map((r) => structuredClone(r));
    },
    publish: move('published'),
    hide: move('hidden'),
    async sellerSummary(sellerId) {
      return summarizeRatings(starCounts(published(sellerId).map((r) => r.rating)));
    },
  };
}
