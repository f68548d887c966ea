/** Example spec of the journey pseudo-domain: the purchase flow across domains, and its order. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, NotFoundError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import { RELEASE_HOLD_PAYMENT_HOLDABLE, RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, type NewReleaseHold, type ReleaseHoldRepository } from './release-hold.ts';
import type { DisputeRepository } from './dispute.ts';
import type { Example, Repos, StoreProbe } from './domain.ts';
import type { MarketplaceRepository } from './marketplace.ts';
import type { PaymentRepository } from './payment.ts';
import type { ReviewRepository } from './review.ts';
import type { UserRepository } from './user.ts';

const market = (r: Repos) => r.marketplace as MarketplaceRepository;
const payments = (r: Repos) => r.payment as PaymentRepository;
const holds = (r: Repos) => r['release-hold'] as ReleaseHoldRepository;
const reviews = (r: Repos) => r.review as ReviewRepository;
const user = async (r: Repos, name: string) => (await (r.user as UserRepository).create({ email: `${name}@example.com` })).id;
const hold = (paymentId: string, purchaseRequestId: string, placedBy: string): NewReleaseHold => ({ paymentId, purchaseRequestId, placedBy, reason: 'delivery_unconfirmed' });

/** Asserts every store behind the implementation holds `n` entities of the kind. */
async function counts(probe: StoreProbe, table: { mongo: string; pg: string; model: string }, n: number): Promise<void> {
  for (const c of await probe.count(table)) assert.equal(c, n, `${table.model} count`);
}

export const journeyExamples: readonly Example[] = [
  {
    name: 'walks the whole purchase flow: offer accepted, payment confirmed and released, hold placed and released, review published',
    async run({ repos, probe }) {
      const buyer = await user(repos, 'buyer');
      const seller = await user(repos, 'seller');
      const other = await user(repos, 'other-seller');
      const req = await market(repos).createRequest({ buyerId: buyer, title: 'Laptop', budgetAmount: '100', status: 'open' });
      const offer = await market(repos).submitOffer({ requestId: req.id, sellerId: seller, price: '90', currency: 'USDT' });
      const losing = await market(repos).submitOffer({ requestId: req.id, sellerId: other, price: '95', currency: 'USDT' });
      const selected = await market(repos).selectOffer(req.id, offer.id);
      assert.equal(selected.status, 'offer_selected');
      assert.equal(selected.selectedOfferId, offer.id);
      assert.deepEqual(
        (await market(repos).listOffers(req.id)).map((o) => [o.id, o.status]),
        [
          [offer.id, 'accepted'],
          [losing.id, 'rejected'],
        ],
      );

      const pay = await payments(repos).create({ userId: buyer, amount: '90', currency: 'USDT', provider: 'direct' });
      assert.equal((await payments(repos).update(pay.id, { status: 'confirmed' })).status, 'confirmed');
      await payments(repos).appendLedgerEntry({ paymentId: pay.id, direction: 'credit', kind: 'deposit', amount: '90' });
      const h = await holds(repos).place(hold(pay.id, req.id, buyer));
      assert.equal((await holds(repos).activeForPayment(pay.id))?.id, h.id);

      await market(repos).transitionStatus(req.id, 'in_delivery');
      const attempt = await market(repos).recordDeliveryAttempt(req.id, { status: 'succeeded' });
      assert.equal(attempt.attemptNumber, 1);
      await market(repos).transitionStatus(req.id, 'delivered');
      const released = await holds(repos).release(h.id, { note: 'delivered' });
      assert.equal(released.status, 'released');
      assert.equal(await holds(repos).activeForPayment(pay.id), null);
      assert.equal((await market(repos).transitionStatus(req.id, 'completed')).status, 'completed');
      assert.equal((await payments(repos).update(pay.id, { status: 'released' })).status, 'released');
      await payments(repos).appendLedgerEntry({ paymentId: pay.id, direction: 'debit', kind: 'release', amount: '90' });
      assert.equal(await payments(repos).getBalanceByPayment(pay.id), '0');

      const rv = await reviews(repos).create({ purchaseRequestId: req.id, reviewerId: buyer, sellerId: seller, rating: 5, comment: 'Hızlı kargo' });
      assert.equal(rv.status, 'pending');
      assert.deepEqual(await reviews(repos).listForSeller(seller), []);
      await reviews(repos).publish(rv.id);
      assert.deepEqual((await reviews(repos).listForSeller(seller)).map((r) => r.id), [rv.id]);
      assert.deepEqual(await reviews(repos).sellerSummary(seller), { count: 1, average: '5.00', stars: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 } });

      await counts(probe, { mongo: 'purchaseRequests', pg: 'purchase_requests', model: 'purchaseRequest' }, 1);
      await counts(probe, { mongo: 'sellerOffers', pg: 'seller_offers', model: 'sellerOffer' }, 2);
      await counts(probe, { mongo: 'fundsLedgerEntries', pg: 'funds_ledger_entries', model: 'ledgerEntry' }, 2);
      await counts(probe, { mongo: 'releaseHolds', pg: 'release_holds', model: 'releaseHold' }, 1);
      await counts(probe, { mongo: 'reviews', pg: 'reviews', model: 'review' }, 1);
    },
  },
  {
    name: 'refuses a hold, review or dispute naming a payment, request or user that was never created, with the first missing one in contract order, and writes nothing',
    async run({ repos, probe }) {
      const buyer = await user(repos, 'buyer');
      const seller = await user(repos, 'seller');
      const req = await market(repos).createRequest({ buyerId: buyer, title: 'Kitap', budgetAmount: '100' });
      // The request exists, its payment was never created.
      await rejectsWith(holds(repos).place(hold(MISSING_ID, req.id, buyer)), NotFoundError, { entity: 'payment' });
      // Neither exists: the payment is named first (place checks payment, request, user in that order).
      await rejectsWith(holds(repos).place(hold(MISSING_ID, MISSING_ID, MISSING_ID)), NotFoundError, { entity: 'payment' });
      const pay = await payments(repos).create({ userId: buyer, amount: '10', currency: 'USDT', provider: 'direct' });
      await rejectsWith(holds(repos).place(hold(pay.id, MISSING_ID, MISSING_ID)), NotFoundError, { entity: 'purchaseRequest' });
      await rejectsWith(holds(repos).place(hold(pay.id, req.id, MISSING_ID)), NotFoundError, { entity: 'user' });
      await rejectsWith(reviews(repos).create({ purchaseRequestId: MISSING_ID, reviewerId: buyer, sellerId: seller, rating: 4 }), NotFoundError, { entity: 'purchaseRequest' });
      await rejectsWith(reviews(repos).create({ purchaseRequestId: req.id, reviewerId: MISSING_ID, sellerId: seller, rating: 4 }), NotFoundError, { entity: 'user' });
      await rejectsWith(
        (repos.dispute as DisputeRepository).open({ paymentId: MISSING_ID, openedBy: buyer, reason: 'not_received', description: 'Kargo gelmedi' }),
        NotFoundError,
        { entity: 'payment' },
      );
      await counts(probe, { mongo: 'releaseHolds', pg: 'release_holds', model: 'releaseHold' }, 0);
      await counts(probe, { mongo: 'reviews', pg: 'reviews', model: 'review' }, 0);
      await counts(probe, { mongo: 'disputes', pg: 'disputes', model: 'dispute' }, 0);
    },
  },
  {
    name: "one domain's status change is what the next one reads, and nothing cascades: a released payment cannot be held, a cancelled request or a refunded payment leaves its hold active",
    async run({ repos }) {
      const buyer = await user(repos, 'buyer');
      const stranger = await user(repos, 'stranger');
      const req = await market(repos).createRequest({ buyerId: buyer, title: 'Laptop', budgetAmount: '100' });
      const done = await payments(repos).create({ userId: buyer, amount: '10', currency: 'USDT', provider: 'direct' });
      await payments(repos).update(done.id, { status: 'confirmed' });
      await payments(repos).update(done.id, { status: 'released' });
      await rejectsWith(holds(repos).place(hold(done.id, req.id, buyer)), InvariantViolation, { invariant: RELEASE_HOLD_PAYMENT_HOLDABLE });
      const theirs = await payments(repos).create({ userId: stranger, amount: '10', currency: 'USDT', provider: 'direct' });
      await rejectsWith(holds(repos).place(hold(theirs.id, req.id, buyer)), InvariantViolation, { invariant: RELEASE_HOLD_PAYMENT_MATCHES_REQUEST });

      const pay = await payments(repos).create({ userId: buyer, amount: '10', currency: 'USDT', provider: 'direct' });
      await payments(repos).update(pay.id, { status: 'confirmed' });
      const h = await holds(repos).place(hold(pay.id, req.id, stranger));
      assert.equal((await market(repos).transitionStatus(req.id, 'cancelled')).status, 'cancelled');
      await payments(repos).update(pay.id, { status: 'refunded' });
      const after = await holds(repos).get(h.id);
      assert.equal(after?.status, 'active');
      assert.equal(after?.updatedAt, h.updatedAt);
      assert.deepEqual((await holds(repos).listForRequest(req.id)).map((x) => [x.id, x.status]), [[h.id, 'active']]);
      // Still an active hold, so it can be released after the fact.
      assert.equal((await holds(repos).release(h.id)).status, 'released');
    },
  },
];
