/**
 * Mongo implementation of the release-hold contract (collection `releaseHolds`).
 *
 * "At most one active hold per payment" is checked before the insert: FerretDB 1.24 has no
 * partial unique index to hold it, and no transaction to make check-and-insert atomic, so two
 * concurrent placers can both pass (the harness's invariant reports it; Postgres's partial
 * unique index refuses the second). The same goes for the payment's status: it is read, not
 * locked, so a payment released concurrently with a placement may end up held.
 *
 * `listForRequest` sorts by `placedAt`, then `seq` (a creation counter, see `sequence.ts`).
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { PaymentStatus } from '../../contracts/payment.ts';
import {
  RELEASE_HOLD_ACTIVE_KEY,
  RELEASE_HOLD_PAYMENT_HOLDABLE,
  RELEASE_HOLD_PAYMENT_MATCHES_REQUEST,
  RELEASE_HOLD_TRANSITION,
  isHoldable,
  validateNewReleaseHold,
  validateReleaseHoldEnd,
  type ReleaseHold,
  type ReleaseHoldEnd,
  type ReleaseHoldReason,
  type ReleaseHoldRepository,
  type ReleaseHoldStatus,
} from '../../contracts/release-hold.ts';
import { mapMongoError } from './errors.ts';
import { nextSequence } from './sequence.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `releaseHolds` document. */
export interface ReleaseHoldDoc {
  _id: ObjectId;
  paymentId: ObjectId;
  purchaseRequestId: ObjectId;
  placedBy: ObjectId;
  reason: ReleaseHoldReason;
  status: ReleaseHoldStatus;
  seq: number;
  placedAt: Date;
  releasedAt?: Date;
  releaseNote?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes (plain ones: the one-active-hold rule is checked by the repository). */
export async function ensureReleaseHoldIndexes(db: Db): Promise<void> {
  await db.collection('releaseHolds').createIndex({ paymentId: 1, status: 1 }, { name: 'releaseHolds.payment_status' });
  await db.collection('releaseHolds').createIndex({ purchaseRequestId: 1, placedAt: 1, seq: 1 }, { name: 'releaseHolds.request_oldest' });
}

/** Contract view of a stored document. */
export function releaseHoldFromDoc(d: ReleaseHoldDoc): ReleaseHold {
  const out: ReleaseHold = {
    id: d._id.toHexString(),
    paymentId: d.paymentId.toHexString(),
    purchaseRequestId: d.purchaseRequestId.toHexString(),
    placedBy: d.placedBy.toHexString(),
    reason: d.reason,
    status: d.status,
    placedAt: d.placedAt.getTime(),
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.releasedAt) out.releasedAt = d.releasedAt.getTime();
  return assignPresent(out, d as unknown as Record<string, unknown>, ['releaseNote']);
}

/** {@link ReleaseHoldRepository} over MongoDB. */
export function mongoReleaseHoldRepository({ db, clock }: MongoContext): ReleaseHoldRepository {
  const holds = db.collection<ReleaseHoldDoc>('releaseHolds');
  const payments = db.collection<{ _id: ObjectId; userId: ObjectId; status: PaymentStatus }>('payments');
  const requests = db.collection<{ _id: ObjectId; buyerId: ObjectId }>('purchaseRequests');
  const users = db.collection('users');
  const active = (paymentId: ObjectId) => holds.find({ paymentId, status: 'active' }).sort({ placedAt: 1, seq: 1 }).limit(1).next();
  const end = (status: 'released' | 'cancelled') => async (id: string, e?: ReleaseHoldEnd) => {
    const v = validateReleaseHoldEnd(e);
    const _id = toObjectId(id);
    const h = _id && (await holds.findOne({ _id }));
    if (!h) throw new NotFoundError('releaseHold', id);
    if (h.status !== 'active') throw new InvariantViolation(RELEASE_HOLD_TRANSITION, `${h.status} -> ${status} is not allowed`);
    const now = new Date(clock.now());
    const $set: Partial<ReleaseHoldDoc> = { status, releasedAt: now, updatedAt: now };
    if (v.note !== undefined) $set.releaseNote = v.note;
    // Conditional on the hold still being active, so a concurrent end cannot be overwritten.
    const after = await holds.findOneAndUpdate({ _id: h._id, status: 'active' }, { $set }, { returnDocument: 'after' });
    if (!after) throw new InvariantViolation(RELEASE_HOLD_TRANSITION, `the hold ended concurrently`);
    return releaseHoldFromDoc(after);
  };
  return {
    async place(input) {
      const v = validateNewReleaseHold(input);
      const paymentId = toObjectId(v.paymentId);
      const payment = paymentId && (await payments.findOne({ _id: paymentId }, { projection: { userId: 1, status: 1 } }));
      if (!paymentId || !payment) throw new NotFoundError('payment', v.paymentId);
      const requestId = toObjectId(v.purchaseRequestId);
      const request = requestId && (await requests.findOne({ _id: requestId }, { projection: { buyerId: 1 } }));
      if (!requestId || !request) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      const placedBy = toObjectId(v.placedBy);
      if (!placedBy || !(await users.findOne({ _id: placedBy }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.placedBy);
      if (!isHoldable(payment.status)) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_HOLDABLE, `a ${payment.status} payment cannot be held`);
      if (!payment.userId.equals(request.buyerId)) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, "the payment's user is not the request's buyer");
      if (await active(paymentId)) throw new DuplicateKeyError(RELEASE_HOLD_ACTIVE_KEY);
      const now = new Date(clock.now());
      const doc: ReleaseHoldDoc = {
        _id: newObjectId(v.id),
        paymentId,
        purchaseRequestId: requestId,
        placedBy,
        reason: v.reason,
        status: 'active',
        seq: await nextSequence(db, 'releaseHolds'),
        placedAt: now,
        createdAt: now,
        updatedAt: now,
      };
      await holds.insertOne(doc).catch((e) => mapMongoError(e, 'releaseHolds._id'));
      return releaseHoldFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const h = _id && (await holds.findOne({ _id }));
      return h ? releaseHoldFromDoc(h) : null;
    },
    async activeForPayment(paymentId) {
      const pid = toObjectId(paymentId);
      const h = pid && (await active(pid));
      return h ? releaseHoldFromDoc(h) : null;
    },
    async listForRequest(purchaseRequestId) {
      const rid = toObjectId(purchaseRequestId);
      if (!rid) return [];
      const docs = await holds.find({ purchaseRequestId: rid }).sort({ placedAt: 1, seq: 1 }).toArray();
      return docs.map(releaseHoldFromDoc);
    },
    release: end('released'),
    cancel: end('cancelled'),
  };
}
