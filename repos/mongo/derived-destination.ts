/**
 * Mongo implementation of the derived-destination contract (collections `derivedDestinations`,
 * `derivedDestinationSweeps`).
 *
 * Without transactions (FerretDB 1.24, a standalone mongod) a confirmed sweep is written before
 * its destination is marked swept, so a crash in between leaves an active destination with a
 * confirmed sweep — never a swept destination without one. Unique conflicts are looked up before
 * the insert (FerretDB's duplicate-key error does not say which index refused, and the contract
 * names the address before the path); the unique indexes remain the backstop under races.
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { Currency } from '../../contracts/money.ts';
import {
  DESTINATION_ADDRESS_KEY,
  DESTINATION_PATH_KEY,
  statusAfterConfirmedSweep,
  SWEEP_STATUS_TRANSITION,
  SWEEP_TRANSITIONS,
  SWEEP_TX_HASH_KEY,
  validateNewDerivedDestination,
  validateNewSweep,
  validateSweepAmount,
  validateSweepStatus,
  type DerivedDestination,
  type DerivedDestinationRepository,
  type DerivedDestinationSweep,
  type DestinationStatus,
  type Network,
  type SweepStatus,
} from '../../contracts/derived-destination.ts';
import { isDuplicateKey, mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `derivedDestinations` document. */
export interface DerivedDestinationDoc {
  _id: ObjectId;
  userId: ObjectId;
  paymentId?: ObjectId;
  currency: Currency;
  network: Network;
  address: string;
  derivationPath: string;
  status: DestinationStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** A `derivedDestinationSweeps` document. */
export interface SweepDoc {
  _id: ObjectId;
  destinationId: ObjectId;
  currency: Currency;
  amount: string;
  txHash: string;
  status: SweepStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collections' indexes (unique ones named by their contract keys). */
export async function ensureDerivedDestinationIndexes(db: Db): Promise<void> {
  const d = db.collection('derivedDestinations');
  await d.createIndex({ address: 1 }, { name: DESTINATION_ADDRESS_KEY, unique: true });
  await d.createIndex({ derivationPath: 1 }, { name: DESTINATION_PATH_KEY, unique: true });
  await d.createIndex({ userId: 1, createdAt: 1 }, { name: 'derivedDestinations.user' });
  const s = db.collection('derivedDestinationSweeps');
  await s.createIndex({ txHash: 1 }, { name: SWEEP_TX_HASH_KEY, unique: true });
  await s.createIndex({ destinationId: 1, createdAt: 1 }, { name: 'derivedDestinationSweeps.destination' });
}

/** Contract view of a destination document. */
export function derivedDestinationFromDoc(d: DerivedDestinationDoc): DerivedDestination {
  const out: DerivedDestination = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    currency: d.currency,
    network: d.network,
    address: d.address,
    derivationPath: d.derivationPath,
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.paymentId) out.paymentId = d.paymentId.toHexString();
  return out;
}

/** Contract view of a sweep document. */
export function sweepFromDoc(d: SweepDoc): DerivedDestinationSweep {
  return {
    id: d._id.toHexString(),
    destinationId: d.destinationId.toHexString(),
    currency: d.currency,
    amount: d.amount,
    txHash: d.txHash,
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
}

/** {@link DerivedDestinationRepository} over MongoDB. */
export function mongoDerivedDestinationRepository({ db, clock }: MongoContext): DerivedDestinationRepository {
  const destinations = db.collection<DerivedDestinationDoc>('derivedDestinations');
  const sweeps = db.collection<SweepDoc>('derivedDestinationSweeps');
  const users = db.collection('users');
  const payments = db.collection('payments');
  const exists = async (col: typeof users, id: string) => {
    const _id = toObjectId(id);
    return _id && (await col.findOne({ _id }, { projection: { _id: 1 } })) ? _id : null;
  };
  /** Which unique rule `address`/`derivationPath` break, address first (null when neither). */
  const clash = async (address: string, derivationPath: string) => {
    if (await destinations.findOne({ address }, { projection: { _id: 1 } })) return DESTINATION_ADDRESS_KEY;
    if (await destinations.findOne({ derivationPath }, { projection: { _id: 1 } })) return DESTINATION_PATH_KEY;
    return null;
  };
  const markSwept = async (destinationId: ObjectId, now: Date) => {
    const d = await destinations.findOne({ _id: destinationId });
    if (!d) return;
    const next = statusAfterConfirmedSweep(d.status);
    if (next !== d.status) await destinations.updateOne({ _id: destinationId, status: d.status }, { $set: { status: next, updatedAt: now } });
  };
  return {
    async create(input) {
      const v = validateNewDerivedDestination(input);
      const userId = await exists(users, v.userId);
      if (!userId) throw new NotFoundError('user', v.userId);
      const paymentId = v.paymentId === undefined ? undefined : await exists(payments, v.paymentId);
      if (paymentId === null) throw new NotFoundError('payment', v.paymentId!);
      const key = await clash(v.address, v.derivationPath);
      if (key) throw new DuplicateKeyError(key);
      const now = new Date(clock.now());
      const doc: DerivedDestinationDoc = assignPresent(
        { _id: newObjectId(v.id), userId, currency: v.currency, network: v.network, address: v.address, derivationPath: v.derivationPath, status: 'active' as DestinationStatus, createdAt: now, updatedAt: now },
        { paymentId },
        ['paymentId'],
      );
      await destinations.insertOne(doc).catch(async (e) => {
        if (!isDuplicateKey(e)) throw e;
        throw new DuplicateKeyError((await clash(v.address, v.derivationPath)) ?? DESTINATION_ADDRESS_KEY, { cause: e });
      });
      return derivedDestinationFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await destinations.findOne({ _id }));
      return d ? derivedDestinationFromDoc(d) : null;
    },
    async getByAddress(address) {
      if (typeof address !== 'string') return null;
      const d = await destinations.findOne({ address });
      return d ? derivedDestinationFromDoc(d) : null;
    },
    // ObjectIds minted by one process increase, so `_id` keeps creation order among equal times.
    async listByUser(userId) {
      const uid = toObjectId(userId);
      return uid ? (await destinations.find({ userId: uid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(derivedDestinationFromDoc) : [];
    },
    async retire(id) {
      const _id = toObjectId(id);
      const d = _id && (await destinations.findOne({ _id }));
      if (!d) throw new NotFoundError('derivedDestination', id);
      if (d.status === 'retired') return derivedDestinationFromDoc(d);
      const after = await destinations.findOneAndUpdate({ _id: d._id }, { $set: { status: 'retired', updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' });
      return derivedDestinationFromDoc(after!);
    },
    async recordSweep(input) {
      const v = validateNewSweep(input);
      const _id = toObjectId(v.destinationId);
      const d = _id && (await destinations.findOne({ _id }));
      if (!d) throw new NotFoundError('derivedDestination', v.destinationId);
      const amount = validateSweepAmount(v.amount, d.currency);
      if (await sweeps.findOne({ txHash: v.txHash }, { projection: { _id: 1 } })) throw new DuplicateKeyError(SWEEP_TX_HASH_KEY);
      const now = new Date(clock.now());
      const doc: SweepDoc = { _id: newObjectId(v.id), destinationId: d._id, currency: d.currency, amount, txHash: v.txHash, status: v.status, createdAt: now, updatedAt: now };
      await sweeps.insertOne(doc).catch((e) => mapMongoError(e, SWEEP_TX_HASH_KEY));
      if (v.status === 'confirmed') await markSwept(d._id, now);
      return sweepFromDoc(doc);
    },
    async setSweepStatus(id, status) {
      const next = validateSweepStatus('status', status);
      const _id = toObjectId(id);
      const s = _id && (await sweeps.findOne({ _id }));
      if (!s) throw new NotFoundError('derivedDestinationSweep', id);
      if (!SWEEP_TRANSITIONS[s.status].includes(next)) throw new InvariantViolation(SWEEP_STATUS_TRANSITION, `${s.status} -> ${next} is not allowed`);
      const now = new Date(clock.now());
      // The status in the filter makes a concurrent transition lose instead of overwrite.
      const after = await sweeps.findOneAndUpdate({ _id: s._id, status: s.status }, { $set: { status: next, updatedAt: now } }, { returnDocument: 'after' });
      if (!after) throw new InvariantViolation(SWEEP_STATUS_TRANSITION, 'the sweep changed concurrently');
      if (next === 'confirmed') await markSwept(s.destinationId, now);
      return sweepFromDoc(after);
    },
    async listSweeps(destinationId) {
      const did = toObjectId(destinationId);
      return did ? (await sweeps.find({ destinationId: did }).sort({ createdAt: 1, _id: 1 }).toArray()).map(sweepFromDoc) : [];
    },
  };
}
