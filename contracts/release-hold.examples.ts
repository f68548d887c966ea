/** Example spec of the release-hold contract. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, ValidationError } from './errors.ts';
import {
  RELEASE_HOLD_ACTIVE_KEY,
  RELEASE_HOLD_PAYMENT_HOLDABLE,
  RELEASE_HOLD_PAYMENT_MATCHES_REQUEST,
  RELEASE_HOLD_TRANSITION,
  type NewReleaseHold,
  type ReleaseHoldRepository,
} from './release-hold.ts';
import type { Example, Repos } from './domain.ts';
import type { MarketplaceRepository } from './marketplace.ts';
import type { PaymentRepository, PaymentStatus } from './payment.ts';
import type { UserRepository } from './user.ts';

const holds = (r: Repos) => r['release-hold'] as ReleaseHoldRepository;
const user = async (r: Repos) => (await (r.user as UserRepository).create({ email: `u${Math.random().toString(36).slice(2)}@example.com` })).id;
const payment = async (r: Repos, userId: string, ...moves: PaymentStatus[]) => {
  const p = await (r.payment as PaymentRepository).create({ userId, amount: '25', currency: 'USDT', provider: 'direct' });
  for (const status of moves) await (r.payment as PaymentRepository).update(p.id, { status });
  return p.id;
};
const request = async (r: Repos, buyerId: string) => (await (r.marketplace as MarketplaceRepository).createRequest({ buyerId, title: 'Laptop', budgetAmount: '100' })).id;
const hold = (paymentId: string, purchaseRequestId: string, placedBy: string, extra: Partial<NewReleaseHold> = {}): NewReleaseHold => ({ paymentId, purchaseRequestId, placedBy, reason: 'delivery_unconfirmed', ...extra });

export const releaseHoldExamples: readonly Example[] = [
  {
    name: 'refuses a hold on a released, refunded, failed or cancelled payment; holds pending and confirmed ones',
    async run({ repos, probe }) {
      const buyer = await user(repos);
      const req = await request(repos, buyer);
      for (const moves of [['confirmed', 'released'], ['confirmed', 'refunded'], ['failed'], ['cancelled']] as PaymentStatus[][]) {
        const p = await payment(repos, buyer, ...moves);
        await rejectsWith(holds(repos).place(hold(p, req, buyer)), InvariantViolation, { invariant: RELEASE_HOLD_PAYMENT_HOLDABLE });
      }
      for (const n of await probe.count({ mongo: 'releaseHolds', pg: 'release_holds', model: 'releaseHold' })) assert.equal(n, 0);
      const pending = await holds(repos).place(hold(await payment(repos, buyer), req, buyer));
      assert.equal(pending.status, 'active');
      const confirmed = await holds(repos).place(hold(await payment(repos, buyer, 'confirmed'), req, buyer));
      assert.equal(confirmed.placedAt, confirmed.createdAt);
      assert.ok(!('releasedAt' in confirmed) && !('releaseNote' in confirmed));
    },
  },
  {
    name: 'allows one active hold per payment, and a new one once the hold is released',
    async run({ repos }) {
      const buyer = await user(repos);
      const req = await request(repos, buyer);
      const p = await payment(repos, buyer, 'confirmed');
      const first = await holds(repos).place(hold(p, req, buyer));
      await rejectsWith(holds(repos).place(hold(p, req, buyer, { reason: 'dispute' })), DuplicateKeyError, { key: RELEASE_HOLD_ACTIVE_KEY });
      assert.equal((await holds(repos).activeForPayment(p))?.id, first.id);
      await holds(repos).release(first.id, { note: 'delivered' });
      assert.equal(await holds(repos).activeForPayment(p), null);
      const second = await holds(repos).place(hold(p, req, buyer, { reason: 'dispute' }));
      assert.equal(second.status, 'active');
    },
  },
  {
    name: "refuses a hold linking a payment to a request of another buyer",
    async run({ repos }) {
      const buyer = await user(repos);
      const other = await user(repos);
      const p = await payment(repos, buyer);
      await rejectsWith(holds(repos).place(hold(p, await request(repos, other), buyer)), InvariantViolation, { invariant: RELEASE_HOLD_PAYMENT_MATCHES_REQUEST });
      await rejectsWith(holds(repos).place(hold(p, await request(repos, buyer), buyer, { reason: 'because' as never })), ValidationError, { field: 'reason' });
    },
  },
  {
    name: 'releasing or cancelling stamps releasedAt once; an ended hold cannot end again',
    async run({ repos }) {
      const buyer = await user(repos);
      const req = await request(repos, buyer);
      const a = await holds(repos).place(hold(await payment(repos, buyer), req, buyer));
      const released = await holds(repos).release(a.id, { note: 'Teslim edildi' });
      assert.equal(released.status, 'released');
      assert.equal(typeof released.releasedAt, 'number');
      assert.equal(released.releaseNote, 'Teslim edildi');
      await rejectsWith(holds(repos).cancel(a.id), InvariantViolation, { invariant: RELEASE_HOLD_TRANSITION });
      const b = await holds(repos).place(hold(await payment(repos, buyer), req, buyer, { reason: 'manual' }));
      const cancelled = await holds(repos).cancel(b.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(typeof cancelled.releasedAt, 'number');
      assert.ok(!('releaseNote' in cancelled));
      await rejectsWith(holds(repos).release(b.id), InvariantViolation, { invariant: RELEASE_HOLD_TRANSITION });
      const listed = await holds(repos).listForRequest(req);
      assert.deepEqual(listed.map((h) => h.id), [a.id, b.id]);
      assert.deepEqual(listed[0], released);
    },
  },
];
