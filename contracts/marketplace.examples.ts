/** Example spec of the marketplace contract: one example per rule. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';
import type { CategoryRepository } from './category.ts';
import { NOT_IN_DELIVERY, REQUEST_TRANSITION, type MarketplaceRepository, type NewPurchaseRequest } from './marketplace.ts';
import { ACTIVE_OFFER_KEY, OFFER_OF_OTHER_REQUEST } from './marketplace-offer.ts';

const market = (r: Repos) => r.marketplace as MarketplaceRepository;
const person = async (r: Repos, role: 'buyer' | 'seller' = 'buyer') =>
  (r.user as UserRepository).create({ email: `${role}${Math.random().toString(36).slice(2)}@example.com`, role });
const laptop = (buyerId: string, extra: Partial<NewPurchaseRequest> = {}): NewPurchaseRequest => ({ buyerId, title: 'Laptop', budgetAmount: '1500', ...extra });

export const marketplaceExamples: readonly Example[] = [
  {
    name: 'creates a request with its parts, specifications and preferred sellers in one call; null removes a part',
    async run({ repos }) {
      const buyer = await person(repos);
      const seller = await person(repos, 'seller');
      const cat = await (repos.category as CategoryRepository).create({ name: `Electronics ${Math.random().toString(36).slice(2)}` });
      const r = await market(repos).createRequest(
        laptop(buyer.id, {
          categoryId: cat.id,
          deliveryInfo: { method: 'shipping', notes: 'after 6pm' },
          deliveryAddress: { line1: '1 Main St', city: 'Ankara', country: 'TR' },
          serviceInfo: { details: 'set up the OS' },
          specifications: [{ key: 'ram', value: '16 GB' }, { key: 'color', value: 'grey' }],
          preferredSellerIds: [seller.id],
        }),
      );
      assert.equal(r.budgetCurrency, 'USDT');
      assert.equal(r.status, 'open');
      assert.deepEqual(r.deliveryAddress, { line1: '1 Main St', city: 'Ankara', country: 'TR' });
      assert.deepEqual(r.preferredSellerIds, [seller.id]);
      assert.ok(!('sellerDeliveryInfo' in r));
      assert.deepEqual(await market(repos).getRequest(r.id), r);
      const u = await market(repos).updateRequest(r.id, { deliveryAddress: null, sellerDeliveryInfo: { carrier: 'PTT', trackingNumber: 'RR1' } });
      assert.ok(!('deliveryAddress' in u));
      assert.deepEqual(u.sellerDeliveryInfo, { carrier: 'PTT', trackingNumber: 'RR1' });
      assert.deepEqual(u.deliveryInfo, r.deliveryInfo);
      assert.deepEqual(await market(repos).getRequest(r.id), u);
    },
  },
  {
    name: 'selecting an offer accepts it, rejects the other pending offers and records it on the request',
    async run({ repos }) {
      const buyer = await person(repos);
      const [s1, s2, s3] = [await person(repos, 'seller'), await person(repos, 'seller'), await person(repos, 'seller')];
      const r = await market(repos).createRequest(laptop(buyer.id));
      const a = await market(repos).submitOffer({ requestId: r.id, sellerId: s1.id, price: '1400', currency: 'USDT' });
      const b = await market(repos).submitOffer({ requestId: r.id, sellerId: s2.id, price: '45000.5', currency: 'TRY', message: 'new' });
      const c = await market(repos).submitOffer({ requestId: r.id, sellerId: s3.id, price: '1390', currency: 'USDC' });
      await market(repos).withdrawOffer(c.id);
      const selected = await market(repos).selectOffer(r.id, b.id);
      assert.equal(selected.status, 'offer_selected');
      assert.equal(selected.selectedOfferId, b.id);
      assert.deepEqual((await market(repos).listOffers(r.id)).map((o) => [o.id, o.status]), [[a.id, 'rejected'], [b.id, 'accepted'], [c.id, 'withdrawn']]);
      await rejectsWith(market(repos).selectOffer(r.id, a.id), InvariantViolation, { invariant: REQUEST_TRANSITION });
    },
  },
  {
    name: "refuses an offer of another request and a seller's second pending offer",
    async run({ repos }) {
      const buyer = await person(repos);
      const seller = await person(repos, 'seller');
      const r1 = await market(repos).createRequest(laptop(buyer.id));
      const r2 = await market(repos).createRequest(laptop(buyer.id, { title: 'Phone' }));
      const o2 = await market(repos).submitOffer({ requestId: r2.id, sellerId: seller.id, price: '10', currency: 'USDT' });
      await rejectsWith(market(repos).selectOffer(r1.id, o2.id), InvariantViolation, { invariant: OFFER_OF_OTHER_REQUEST });
      await rejectsWith(market(repos).submitOffer({ requestId: r2.id, sellerId: seller.id, price: '9', currency: 'USDT' }), DuplicateKeyError, { key: ACTIVE_OFFER_KEY });
      await market(repos).withdrawOffer(o2.id);
      const again = await market(repos).submitOffer({ requestId: r2.id, sellerId: seller.id, price: '9', currency: 'USDT' });
      assert.equal(again.status, 'pending');
      await rejectsWith(market(repos).selectOffer(r1.id, MISSING_ID), NotFoundError, { entity: 'sellerOffer' });
    },
  },
  {
    name: 'prices in TRY have 2 decimals, budgets in USDT 6; a finer amount is refused before any write',
    async run({ repos, probe }) {
      const buyer = await person(repos);
      const seller = await person(repos, 'seller');
      await rejectsWith(market(repos).createRequest(laptop(buyer.id, { budgetAmount: '0.1234567' })), ValidationError, { field: 'budgetAmount' });
      for (const n of await probe.count({ mongo: 'purchaseRequests', pg: 'purchase_requests', model: 'purchaseRequest' })) assert.equal(n, 0);
      const r = await market(repos).createRequest(laptop(buyer.id, { budgetAmount: '99999999999999999999.123456' }));
      assert.equal((await market(repos).getRequest(r.id))?.budgetAmount, '99999999999999999999.123456');
      await rejectsWith(market(repos).submitOffer({ requestId: r.id, sellerId: seller.id, price: '10.005', currency: 'TRY' }), ValidationError, { field: 'price' });
      assert.equal((await market(repos).submitOffer({ requestId: r.id, sellerId: seller.id, price: '10.50', currency: 'TRY' })).price, '10.5');
      await rejectsWith(market(repos).updateRequest(r.id, { budgetAmount: '1.001' , budgetCurrency: 'TRY' }), ValidationError, { field: 'patch.budgetAmount' });
    },
  },
  {
    name: 'moves only along the allowed transitions and numbers delivery attempts 1, 2 while in delivery',
    async run({ repos }) {
      const buyer = await person(repos);
      const seller = await person(repos, 'seller');
      const r = await market(repos).createRequest(laptop(buyer.id, { status: 'draft' }));
      await rejectsWith(market(repos).transitionStatus(r.id, 'in_delivery'), InvariantViolation, { invariant: REQUEST_TRANSITION });
      await market(repos).transitionStatus(r.id, 'open');
      await rejectsWith(market(repos).transitionStatus(r.id, 'offer_selected'), InvariantViolation, { invariant: REQUEST_TRANSITION });
      const o = await market(repos).submitOffer({ requestId: r.id, sellerId: seller.id, price: '1', currency: 'USDT' });
      await market(repos).selectOffer(r.id, o.id);
      await rejectsWith(market(repos).recordDeliveryAttempt(r.id, { status: 'failed' }), InvariantViolation, { invariant: NOT_IN_DELIVERY });
      await market(repos).transitionStatus(r.id, 'in_delivery');
      const a1 = await market(repos).recordDeliveryAttempt(r.id, { status: 'failed', note: 'nobody home' });
      const a2 = await market(repos).recordDeliveryAttempt(r.id, { status: 'succeeded' });
      assert.deepEqual([a1.attemptNumber, a2.attemptNumber], [1, 2]);
      assert.deepEqual(await market(repos).listDeliveryAttempts(r.id), [a1, a2]);
      assert.deepEqual((await market(repos).getRequest(r.id))?.deliveryAttempts, [a1, a2]);
    },
  },
  {
    name: 'keeps specifications in insertion order: a new key is appended, an existing one keeps its place',
    async run({ repos }) {
      const buyer = await person(repos);
      const r = await market(repos).createRequest(laptop(buyer.id, { specifications: [{ key: 'ram', value: '8 GB' }] }));
      await market(repos).setSpecification(r.id, 'color', 'grey');
      await market(repos).setSpecification(r.id, 'ram', '16 GB');
      await market(repos).setSpecification(r.id, 'disk', '1 TB');
      const after = await market(repos).removeSpecification(r.id, 'color');
      assert.deepEqual(after.specifications, [{ key: 'ram', value: '16 GB' }, { key: 'disk', value: '1 TB' }]);
      await rejectsWith(market(repos).createRequest(laptop(buyer.id, { specifications: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] })), ValidationError, { field: 'specifications.1.key' });
      await rejectsWith(market(repos).createRequest(laptop(buyer.id, { preferredSellerIds: [MISSING_ID] })), NotFoundError, { entity: 'user' });
    },
  },
];
