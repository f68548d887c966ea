/** Example spec of the review contract. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, ValidationError } from './errors.ts';
import { REVIEW_NOT_SELF, REVIEW_TRANSITION, REVIEW_UNIQUE_KEY, summarizeRatings, type NewReview, type ReviewRepository } from './review.ts';
import type { Example, Repos } from './domain.ts';
import type { MarketplaceRepository } from './marketplace.ts';
import type { UserRepository } from './user.ts';

const reviews = (r: Repos) => r.review as ReviewRepository;
const user = async (r: Repos) => (await (r.user as UserRepository).create({ email: `u${Math.random().toString(36).slice(2)}@example.com` })).id;
const request = async (r: Repos, buyerId: string) => (await (r.marketplace as MarketplaceRepository).createRequest({ buyerId, title: 'Laptop', budgetAmount: '100' })).id;
const review = (purchaseRequestId: string, reviewerId: string, sellerId: string, rating: number, extra: Partial<NewReview> = {}): NewReview => ({ purchaseRequestId, reviewerId, sellerId, rating, ...extra });

export const reviewExamples: readonly Example[] = [
  {
    name: 'allows one review per reviewer and purchase request',
    async run({ repos }) {
      const buyer = await user(repos);
      const seller = await user(repos);
      const req = await request(repos, buyer);
      const r = await reviews(repos).create(review(req, buyer, seller, 5, { comment: 'Hızlı kargo' }));
      assert.equal(r.status, 'pending');
      assert.ok(!('publishedAt' in r));
      await rejectsWith(reviews(repos).create(review(req, buyer, seller, 3)), DuplicateKeyError, { key: REVIEW_UNIQUE_KEY });
      const other = await user(repos);
      assert.equal((await reviews(repos).create(review(req, other, seller, 4))).rating, 4);
      await rejectsWith(reviews(repos).create(review(req, seller, seller, 4)), InvariantViolation, { invariant: REVIEW_NOT_SELF });
    },
  },
  {
    name: 'accepts integer ratings 1 to 5 only, before either store is written',
    async run({ repos, probe }) {
      const buyer = await user(repos);
      const seller = await user(repos);
      const req = await request(repos, buyer);
      for (const rating of [0, 6, -1, 2.5, '4', Number.NaN, null, 1e9]) {
        await rejectsWith(reviews(repos).create(review(req, buyer, seller, rating as never)), ValidationError, { field: 'rating' });
      }
      for (const n of await probe.count({ mongo: 'reviews', pg: 'reviews', model: 'review' })) assert.equal(n, 0);
      for (const rating of [1, 5]) assert.equal((await reviews(repos).create(review(await request(repos, buyer), buyer, seller, rating))).rating, rating);
    },
  },
  {
    name: 'summarizes published reviews only: count, per-star counts, average rounded half up to two digits',
    async run({ repos }) {
      const seller = await user(repos);
      const empty = await reviews(repos).sellerSummary(seller);
      assert.deepEqual(empty, { count: 0, stars: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } });
      const buyer = await user(repos);
      const req = await request(repos, buyer);
      // 5+5+5+5+4+4+4+1 = 33 over 8 = 4.125 → "4.13"
      for (const rating of [5, 5, 5, 5, 4, 4, 4, 1]) {
        const r = await reviews(repos).create(review(req, await user(repos), seller, rating));
        await reviews(repos).publish(r.id);
      }
      const hidden = await reviews(repos).create(review(req, buyer, seller, 1));
      await reviews(repos).publish(hidden.id);
      await reviews(repos).hide(hidden.id);
      await reviews(repos).create(review(await request(repos, buyer), buyer, seller, 2)); // pending
      assert.deepEqual(await reviews(repos).sellerSummary(seller), { count: 8, average: '4.13', stars: { '1': 1, '2': 0, '3': 0, '4': 3, '5': 4 } });
      assert.equal(summarizeRatings([0, 0, 0, 1, 1]).average, '4.50');
      assert.equal(summarizeRatings([0, 0, 2, 0, 1]).average, '3.67');
    },
  },
  {
    name: 'lists a seller’s published reviews newest first; publish and hide follow the transitions',
    async run({ repos }) {
      const seller = await user(repos);
      const buyer = await user(repos);
      const a = await reviews(repos).create(review(await request(repos, buyer), buyer, seller, 4));
      const b = await reviews(repos).create(review(await request(repos, buyer), buyer, seller, 2));
      const c = await reviews(repos).create(review(await request(repos, buyer), buyer, seller, 5));
      const pa = await reviews(repos).publish(a.id);
      assert.equal(pa.publishedAt, pa.updatedAt);
      await reviews(repos).publish(c.id);
      await reviews(repos).hide(b.id);
      assert.deepEqual((await reviews(repos).listForSeller(seller)).map((r) => r.id), [c.id, a.id]);
      await rejectsWith(reviews(repos).publish(a.id), InvariantViolation, { invariant: REVIEW_TRANSITION });
      const ha = await reviews(repos).hide(a.id);
      assert.equal(ha.publishedAt, pa.publishedAt);
      await rejectsWith(reviews(repos).hide(a.id), InvariantViolation, { invariant: REVIEW_TRANSITION });
      assert.deepEqual((await reviews(repos).listForSeller(seller)).map((r) => r.id), [c.id]);
      await reviews(repos).publish(b.id);
      assert.deepEqual((await reviews(repos).listForSeller(seller)).map((r) => r.id), [c.id, b.id]);
      assert.deepEqual(await reviews(repos).listForSeller(buyer), []);
    },
  },
];
