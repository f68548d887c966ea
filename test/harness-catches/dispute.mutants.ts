/** Seeded fault of the dispute domain: a real implementation with one deliberate, realistic bug. */
import type { ObjectId } from 'mongodb';
import type { MongoContext } from '../../contracts/domain.ts';
import { DISPUTE_OPENED_BY_OWNER, validateNewDispute, type DisputeRepository } from '../../contracts/dispute.ts';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import { disputeFromDoc, mongoDisputeRepository, type DisputeDoc } from '../../repos/mongo/dispute.ts';
import { newObjectId, toObjectId } from '../../repos/mongo/support.ts';

/**
 * Mongo disputes whose `open` forgets the one-unresolved-per-payment check (the Postgres partial
 * unique index has no Mongo counterpart on FerretDB, so nothing else stops it).
 */
export function mongoDisputeNoUnresolvedCheck(ctx: MongoContext): DisputeRepository {
  const repo = mongoDisputeRepository(ctx);
  const disputes = ctx.db.collection<DisputeDoc>('disputes');
  return {
    ...repo,
    async open(input) {
      const v = validateNewDispute(input);
      const paymentId = toObjectId(v.paymentId);
      const payment = paymentId && (await ctx.db.collection<{ _id: ObjectId; userId: ObjectId }>('payments').findOne({ _id: paymentId }));
      if (!paymentId || !payment) throw new NotFoundError('payment', v.paymentId);
      const openedBy = toObjectId(v.openedBy);
      if (!openedBy || !(await ctx.db.collection('users').findOne({ _id: openedBy }))) throw new NotFoundError('user', v.openedBy);
      if (!payment.userId.equals(openedBy)) throw new InvariantViolation(DISPUTE_OPENED_BY_OWNER, 'only the owner');
      const now = new Date(ctx.clock.now());
      const doc: DisputeDoc = { _id: newObjectId(v.id), paymentId, openedBy, reason: v.reason, description: v.description, status: 'open', createdAt: now, updatedAt: now };
      if (v.evidence !== undefined) doc.evidence = v.evidence;
      await disputes.insertOne(doc);
      return disputeFromDoc(doc);
    },
  };
}
