/**
 * Mongo implementation of the dispute contract (collection `disputes`).
 *
 * "At most one unresolved dispute per payment" is checked before the insert: FerretDB 1.24 has
 * no partial unique index to hold it, and no transaction to make check-and-insert atomic, so two
 * concurrent openers can both pass (the harness's invariant reports it; Postgres's partial unique
 * index refuses the second).
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import {
  DISPUTE_OPENED_BY_OWNER,
  DISPUTE_TRANSITION,
  DISPUTE_TRANSITIONS,
  DISPUTE_UNRESOLVED_KEY,
  UNRESOLVED_DISPUTE_STATUSES,
  isResolution,
  validateDisputeTransition,
  validateNewDispute,
  type Dispute,
  type DisputeReason,
  type DisputeRepository,
  type DisputeStatus,
} from '../../contracts/dispute.ts';
import { mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `disputes` document. `evidence` is stored as the embedded value itself. */
export interface DisputeDoc {
  _id: ObjectId;
  paymentId: ObjectId;
  openedBy: ObjectId;
  reason: DisputeReason;
  description: string;
  status: DisputeStatus;
  resolutionNote?: string;
  evidence?: JsonValue;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt?: Date;
}

/** Creates the collection's indexes (a plain index: the uniqueness rule is checked by the repository). */
export async function ensureDisputeIndexes(db: Db): Promise<void> {
  await db.collection('disputes').createIndex({ paymentId: 1, status: 1 }, { name: 'disputes.payment_status' });
}

/** Contract view of a stored document. */
export function disputeFromDoc(d: DisputeDoc): Dispute {
  const out: Dispute = {
    id: d._id.toHexString(),
    paymentId: d.paymentId.toHexString(),
    openedBy: d.openedBy.toHexString(),
    reason: d.reason,
    description: d.description,
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  assignPresent(out, d as unknown as Record<string, unknown>, ['resolutionNote', 'evidence']);
  if (d.resolvedAt) out.resolvedAt = d.resolvedAt.getTime();
  return out;
}

/** {@link DisputeRepository} over MongoDB. */
export function mongoDisputeRepository({ db, clock }: MongoContext): DisputeRepository {
  const disputes = db.collection<DisputeDoc>('disputes');
  const payments = db.collection<{ _id: ObjectId; userId: ObjectId }>('payments');
  const users = db.collection('users');
  const unresolved = (paymentId: ObjectId) =>
    disputes.find({ paymentId, status: { $in: [...UNRESOLVED_DISPUTE_STATUSES] } }).sort({ createdAt: 1, _id: 1 }).limit(1).next();
  return {
    async open(input) {
      const v = validateNewDispute(input);
      const paymentId = toObjectId(v.paymentId);
      const payment = paymentId && (await payments.findOne({ _id: paymentId }, { projection: { userId: 1 } }));
      if (!paymentId || !payment) throw new NotFoundError('payment', v.paymentId);
      const openedBy = toObjectId(v.openedBy);
      if (!openedBy || !(await users.findOne({ _id: openedBy }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.openedBy);
      if (!payment.userId.equals(openedBy)) throw new InvariantViolation(DISPUTE_OPENED_BY_OWNER, 'only the payment owner may open a dispute');
      if (await unresolved(paymentId)) throw new DuplicateKeyError(DISPUTE_UNRESOLVED_KEY);
      const now = new Date(clock.now());
      const doc: DisputeDoc = { _id: newObjectId(v.id), paymentId, openedBy, reason: v.reason, description: v.description, status: 'open', createdAt: now, updatedAt: now };
      if (v.evidence !== undefined) doc.evidence = v.evidence;
      await disputes.insertOne(doc).catch((e) => mapMongoError(e, 'disputes._id'));
      return disputeFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await disputes.findOne({ _id }));
      return d ? disputeFromDoc(d) : null;
    },
    async getUnresolvedByPayment(paymentId) {
      const pid = toObjectId(paymentId);
      const d = pid && (await unresolved(pid));
      return d ? disputeFromDoc(d) : null;
    },
    async transition(id, change) {
      const c = validateDisputeTransition(change);
      const _id = toObjectId(id);
      const d = _id && (await disputes.findOne({ _id }));
      if (!d) throw new NotFoundError('dispute', id);
      if (!DISPUTE_TRANSITIONS[d.status].includes(c.status)) throw new InvariantViolation(DISPUTE_TRANSITION, `${d.status} -> ${c.status} is not allowed`);
      const now = new Date(clock.now());
      const $set: Partial<DisputeDoc> = { status: c.status, updatedAt: now };
      if (c.resolutionNote !== undefined) $set.resolutionNote = c.resolutionNote;
      if (isResolution(c.status)) $set.resolvedAt = now;
      // Conditional on the status read above, so a concurrent transition cannot be overwritten.
      const after = await disputes.findOneAndUpdate({ _id: d._id, status: d.status }, { $set }, { returnDocument: 'after' });
      if (!after) throw new InvariantViolation(DISPUTE_TRANSITION, `the dispute left ${d.status} concurrently`);
      return disputeFromDoc(after);
    },
  };
}
