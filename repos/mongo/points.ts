/**
 * Mongo implementation of the points contract (collection `pointTransactions`).
 *
 * Not serialized: neither FerretDB 1.24 nor a standalone mongod has transactions, so the
 * idempotency lookup, the balance check and the insert are separate operations and two
 * concurrent redemptions (or two writes with one idempotency key) of a user can both pass. The
 * idempotency index is not unique for the same reason it cannot be partial: a unique index would
 * count every transaction without a key as the key `null`, and FerretDB has no partial indexes.
 * The harness's invariant reports a negative balance if a run ever produces one.
 */
import type { Db, ObjectId } from 'mongodb';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import {
  BALANCE_INVARIANT,
  validateAward,
  validateRedemption,
  type PointKind,
  type PointTransaction,
  type PointsRepository,
  type ValidPointTransaction,
} from '../../contracts/points.ts';
import { mapMongoError } from './errors.ts';
import { nextSequence } from './sequence.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `pointTransactions` document. `seq` numbers documents in creation order (see `sequence.ts`). */
export interface PointTransactionDoc {
  _id: ObjectId;
  userId: ObjectId;
  amount: number;
  kind: PointKind;
  reference?: string;
  idempotencyKey?: string;
  seq: number;
  createdAt: Date;
}

const OPTIONAL = ['reference', 'idempotencyKey'] as const;

/** Creates the collection's indexes. */
export async function ensurePointsIndexes(db: Db): Promise<void> {
  const c = db.collection('pointTransactions');
  await c.createIndex({ userId: 1, createdAt: -1, seq: -1 }, { name: 'pointTransactions.user_history' });
  await c.createIndex({ userId: 1, idempotencyKey: 1 }, { name: 'pointTransactions.user_idempotency_key' });
}

/** Contract view of a stored document. */
export function pointTransactionFromDoc(d: PointTransactionDoc): PointTransaction {
  const t: PointTransaction = { id: d._id.toHexString(), userId: d.userId.toHexString(), amount: d.amount, kind: d.kind, createdAt: d.createdAt.getTime() };
  return assignPresent(t, d as unknown as Record<string, unknown>, OPTIONAL);
}

/** The sum of `userId`'s transactions. */
export async function mongoPointsBalance(db: Db, userId: ObjectId): Promise<number> {
  const [r] = await db
    .collection('pointTransactions')
    .aggregate<{ total: number }>([{ $match: { userId } }, { $group: { _id: null, total: { $sum: '$amount' } } }])
    .toArray();
  return r?.total ?? 0;
}

/** {@link PointsRepository} over MongoDB. */
export function mongoPointsRepository({ db, clock }: MongoContext): PointsRepository {
  const txs = db.collection<PointTransactionDoc>('pointTransactions');
  const users = db.collection('users');
  const record = async (v: ValidPointTransaction): Promise<PointTransaction> => {
    const userId = toObjectId(v.userId);
    if (!userId || !(await users.findOne({ _id: userId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.userId);
    if (v.idempotencyKey !== undefined) {
      const first = await txs.findOne({ userId, idempotencyKey: v.idempotencyKey });
      if (first) return pointTransactionFromDoc(first);
    }
    if (v.amount < 0) {
      const balance = await mongoPointsBalance(db, userId);
      if (balance + v.amount < 0) throw new InvariantViolation(BALANCE_INVARIANT, `redeeming ${-v.amount} points exceeds the balance of ${balance}`);
    }
    const doc: PointTransactionDoc = assignPresent(
      { _id: newObjectId(v.id), userId, amount: v.amount, kind: v.kind, seq: await nextSequence(db, 'pointTransactions'), createdAt: new Date(clock.now()) },
      v as unknown as Record<string, unknown>,
      OPTIONAL,
    );
    await txs.insertOne(doc).catch((e) => mapMongoError(e, 'pointTransactions'));
    return pointTransactionFromDoc(doc);
  };
  return {
    async award(input) {
      return record(validateAward(input));
    },
    async redeem(input) {
      return record(validateRedemption(input));
    },
    async balance(userId) {
      const uid = toObjectId(userId);
      return uid ? mongoPointsBalance(db, uid) : 0;
    },
    async history(userId) {
      const uid = toObjectId(userId);
      if (!uid) return [];
      return (await txs.find({ userId: uid }).sort({ createdAt: -1, seq: -1 }).toArray()).map(pointTransactionFromDoc);
    },
  };
}
