/** Example spec of the dispute contract. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, ValidationError } from './errors.ts';
import { DISPUTE_OPENED_BY_OWNER, DISPUTE_TRANSITION, DISPUTE_UNRESOLVED_KEY, type DisputeRepository, type NewDispute } from './dispute.ts';
import type { Example, Repos } from './domain.ts';
import type { PaymentRepository } from './payment.ts';
import type { UserRepository } from './user.ts';

const disputes = (r: Repos) => r.dispute as DisputeRepository;
const user = (r: Repos) => (r.user as UserRepository).create({ email: `buyer${Math.random().toString(36).slice(2)}@example.com` });
const payment = (r: Repos, userId: string) => (r.payment as PaymentRepository).create({ userId, amount: '25', currency: 'USDT', provider: 'direct' });
const claim = (paymentId: string, openedBy: string, extra: Partial<NewDispute> = {}): NewDispute => ({ paymentId, openedBy, reason: 'not_received', description: 'never arrived', ...extra });

export const disputeExamples: readonly Example[] = [
  {
    name: 'allows one unresolved dispute per payment, and a new one once it is resolved',
    async run({ repos }) {
      const u = await user(repos);
      const p = await payment(repos, u.id);
      const d = await disputes(repos).open(claim(p.id, u.id));
      assert.equal(d.status, 'open');
      await disputes(repos).transition(d.id, { status: 'under_review' });
      await rejectsWith(disputes(repos).open(claim(p.id, u.id)), DuplicateKeyError, { key: DISPUTE_UNRESOLVED_KEY });
      assert.equal((await disputes(repos).getUnresolvedByPayment(p.id))?.id, d.id);
      await disputes(repos).transition(d.id, { status: 'resolved_seller', resolutionNote: 'tracking shows delivery' });
      assert.equal(await disputes(repos).getUnresolvedByPayment(p.id), null);
      const again = await disputes(repos).open(claim(p.id, u.id, { reason: 'not_as_described' }));
      assert.equal(again.status, 'open');
    },
  },
  {
    name: "refuses a dispute opened by someone other than the payment's owner",
    async run({ repos }) {
      const owner = await user(repos);
      const other = await user(repos);
      const p = await payment(repos, owner.id);
      await rejectsWith(disputes(repos).open(claim(p.id, other.id)), InvariantViolation, { invariant: DISPUTE_OPENED_BY_OWNER });
    },
  },
  {
    name: 'stamps resolvedAt on a resolution only, and refuses transitions out of a final status',
    async run({ repos }) {
      const u = await user(repos);
      const a = await disputes(repos).open(claim((await payment(repos, u.id)).id, u.id));
      const resolved = await disputes(repos).transition(a.id, { status: 'resolved_buyer' });
      assert.equal(typeof resolved.resolvedAt, 'number');
      await rejectsWith(disputes(repos).transition(a.id, { status: 'open' }), InvariantViolation, { invariant: DISPUTE_TRANSITION });
      const b = await disputes(repos).open(claim((await payment(repos, u.id)).id, u.id));
      const cancelled = await disputes(repos).transition(b.id, { status: 'cancelled' });
      assert.ok(!('resolvedAt' in cancelled));
      await rejectsWith(disputes(repos).transition(b.id, { status: 'cancelled' }), InvariantViolation, { invariant: DISPUTE_TRANSITION });
    },
  },
  {
    name: 'reads evidence back exactly: the string "10.5" stays a string, nested values unchanged',
    async run({ repos }) {
      const u = await user(repos);
      const evidence = { amount: '10.5', n: 10.5, list: [null, true, { 'ç😀': 'x' }], big: Number.MAX_SAFE_INTEGER };
      const d = await disputes(repos).open(claim((await payment(repos, u.id)).id, u.id, { evidence }));
      assert.deepEqual(d.evidence, evidence);
      assert.deepEqual((await disputes(repos).get(d.id))?.evidence, evidence);
      const s = await disputes(repos).open(claim((await payment(repos, u.id)).id, u.id, { evidence: '10.5' }));
      assert.equal((await disputes(repos).get(s.id))?.evidence, '10.5');
    },
  },
  {
    name: 'refuses evidence that cannot round-trip before either store is written',
    async run({ repos, probe }) {
      const u = await user(repos);
      const p = await payment(repos, u.id);
      for (const evidence of [{ n: Number.NaN }, [[1]], { 'a.b': 1 }, 2 ** 53, -0]) {
        await rejectsWith(disputes(repos).open(claim(p.id, u.id, { evidence: evidence as never })), ValidationError, { field: 'evidence' });
      }
      for (const n of await probe.count({ mongo: 'disputes', pg: 'disputes', model: 'dispute' })) assert.equal(n, 0);
    },
  },
];
