/** Example spec of the points contract. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { PointsRepository } from './points.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const points = (r: Repos) => r.points as PointsRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `points${Math.random().toString(36).slice(2)}@example.com` });

export const pointsExamples: readonly Example[] = [
  {
    name: 'sums credits and debits into the balance and stores a redemption negated',
    async run({ repos }) {
      const u = await owner(repos);
      await points(repos).award({ userId: u.id, amount: 100, kind: 'purchase', reference: '65f0a1b2c3d4e5f601234567' });
      await points(repos).award({ userId: u.id, amount: 25, kind: 'review' });
      const r = await points(repos).redeem({ userId: u.id, amount: 40 });
      assert.equal(r.amount, -40);
      assert.equal(r.kind, 'redeem');
      assert.equal(await points(repos).balance(u.id), 85);
    },
  },
  {
    name: 'refuses a redemption beyond the balance and records nothing',
    async run({ repos, probe }) {
      const u = await owner(repos);
      await points(repos).award({ userId: u.id, amount: 10, kind: 'referral' });
      const before = await probe.count({ mongo: 'pointTransactions', pg: 'point_transactions', model: 'pointTransaction' });
      await rejectsWith(points(repos).redeem({ userId: u.id, amount: 11 }), InvariantViolation, { invariant: 'points.balance_non_negative' });
      assert.deepEqual(await probe.count({ mongo: 'pointTransactions', pg: 'point_transactions', model: 'pointTransaction' }), before);
      await points(repos).redeem({ userId: u.id, amount: 10 });
      assert.equal(await points(repos).balance(u.id), 0);
    },
  },
  {
    name: "returns the first transaction for an idempotency key the user already used, and keys are per user",
    async run({ repos }) {
      const [u, v] = [await owner(repos), await owner(repos)];
      const first = await points(repos).award({ userId: u.id, amount: 50, kind: 'purchase', idempotencyKey: 'order-7' });
      const again = await points(repos).award({ userId: u.id, amount: 999, kind: 'adjustment', idempotencyKey: 'order-7' });
      assert.deepEqual(again, first);
      const other = await points(repos).award({ userId: v.id, amount: 5, kind: 'purchase', idempotencyKey: 'order-7' });
      assert.notEqual(other.id, first.id);
      const redeemed = await points(repos).redeem({ userId: u.id, amount: 50, idempotencyKey: 'spend-1' });
      // A retried redemption returns the recorded one, even though the balance is now 0.
      assert.deepEqual(await points(repos).redeem({ userId: u.id, amount: 50, idempotencyKey: 'spend-1' }), redeemed);
      assert.equal(await points(repos).balance(u.id), 0);
      assert.equal((await points(repos).history(u.id)).length, 2);
    },
  },
  {
    name: 'lists history newest first',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await points(repos).award({ userId: u.id, amount: 1, kind: 'purchase' });
      const b = await points(repos).award({ userId: u.id, amount: 2, kind: 'review' });
      const c = await points(repos).redeem({ userId: u.id, amount: 3 });
      assert.deepEqual((await points(repos).history(u.id)).map((t) => t.id), [c.id, b.id, a.id]);
    },
  },
  {
    name: 'rejects a zero or fractional amount, the redeem kind in award, a NUL reference and an unknown user',
    async run({ repos }) {
      const u = await owner(repos);
      await rejectsWith(points(repos).award({ userId: u.id, amount: 0, kind: 'purchase' }), ValidationError, { field: 'amount' });
      await rejectsWith(points(repos).redeem({ userId: u.id, amount: 1.5 }), ValidationError, { field: 'amount' });
      await rejectsWith(points(repos).award({ userId: u.id, amount: 5, kind: 'redeem' as never }), ValidationError, { field: 'kind' });
      await rejectsWith(points(repos).award({ userId: u.id, amount: 5, kind: 'purchase', reference: 'a\u0000b' }), UnsafeInputError, { field: 'reference' });
      await rejectsWith(points(repos).award({ userId: MISSING_ID, amount: 5, kind: 'purchase' }), NotFoundError, { entity: 'user' });
      assert.equal(await points(repos).balance(MISSING_ID), 0);
    },
  },
];
