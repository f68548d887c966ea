/**
 * Mongo implementation of the Trezor contract (collections `trezorAccounts`,
 * `trezorDerivedAddresses`).
 *
 * `deriveNext` claims an index with a compare-and-set on the account (`nextIndex` in the filter,
 * retried when another writer won), then inserts the address: the claim comes first, so
 * `nextIndex` stays above every stored index even when the insert never happens. The unique
 * `(accountId, index)` index is the backstop on servers whose updates are not atomic
 * (FerretDB 1.24, DESIGN.md section 5).
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { Network } from '../../contracts/derived-destination.ts';
import {
  ACCOUNT_INDEX_KEY,
  addressFor,
  INDEX_EXHAUSTED,
  MAX_CHILD_INDEX,
  validateDeriveNext,
  validateNewTrezorAccount,
  validateRegisterAddress,
  XPUB_KEY,
  type TrezorAccount,
  type TrezorDerivedAddress,
  type TrezorRepository,
} from '../../contracts/trezor.ts';
import { mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** How often `deriveNext` re-claims after losing a race before giving up. */
const MAX_ATTEMPTS = 20;

/** A `trezorAccounts` document. */
export interface TrezorAccountDoc {
  _id: ObjectId;
  userId: ObjectId;
  xpub: string;
  label?: string;
  network: Network;
  nextIndex: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A `trezorDerivedAddresses` document (never updated). */
export interface TrezorAddressDoc {
  _id: ObjectId;
  accountId: ObjectId;
  index: number;
  address: string;
  createdAt: Date;
}

/** Creates the collections' indexes (unique ones named by their contract keys). */
export async function ensureTrezorIndexes(db: Db): Promise<void> {
  await db.collection('trezorAccounts').createIndex({ xpub: 1 }, { name: XPUB_KEY, unique: true });
  await db.collection('trezorAccounts').createIndex({ userId: 1, createdAt: 1 }, { name: 'trezorAccounts.user' });
  await db.collection('trezorDerivedAddresses').createIndex({ accountId: 1, index: 1 }, { name: ACCOUNT_INDEX_KEY, unique: true });
  await db.collection('trezorDerivedAddresses').createIndex({ address: 1 }, { name: 'trezor_derived_addresses.address', unique: true });
}

/** Contract view of an account document. */
export function trezorAccountFromDoc(d: TrezorAccountDoc): TrezorAccount {
  const a: TrezorAccount = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    xpub: d.xpub,
    network: d.network,
    nextIndex: d.nextIndex,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  return assignPresent(a, d as unknown as Record<string, unknown>, ['label']);
}

/** Contract view of an address document. */
export function trezorAddressFromDoc(d: TrezorAddressDoc): TrezorDerivedAddress {
  return { id: d._id.toHexString(), accountId: d.accountId.toHexString(), index: d.index, address: d.address, createdAt: d.createdAt.getTime() };
}

/** {@link TrezorRepository} over MongoDB. */
export function mongoTrezorRepository({ db, clock }: MongoContext): TrezorRepository {
  const accounts = db.collection<TrezorAccountDoc>('trezorAccounts');
  const addresses = db.collection<TrezorAddressDoc>('trezorDerivedAddresses');
  const users = db.collection('users');
  const findAccount = async (id: string) => {
    const _id = toObjectId(id);
    return _id && (await accounts.findOne({ _id }));
  };
  const insert = async (a: TrezorAccountDoc, index: number, id: string | undefined, now: Date) => {
    const doc: TrezorAddressDoc = { _id: newObjectId(id), accountId: a._id, index, address: addressFor(a.xpub, index), createdAt: now };
    await addresses.insertOne(doc).catch((e) => mapMongoError(e, ACCOUNT_INDEX_KEY));
    return trezorAddressFromDoc(doc);
  };
  return {
    async createAccount(input) {
      const v = validateNewTrezorAccount(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await users.findOne({ _id: userId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.userId);
      const now = new Date(clock.now());
      const doc: TrezorAccountDoc = assignPresent(
        { _id: newObjectId(v.id), userId, xpub: v.xpub, network: v.network, nextIndex: 0, createdAt: now, updatedAt: now },
        { label: v.label },
        ['label'],
      );
      await accounts.insertOne(doc).catch((e) => mapMongoError(e, XPUB_KEY));
      return trezorAccountFromDoc(doc);
    },
    async getAccount(id) {
      const a = await findAccount(id);
      return a ? trezorAccountFromDoc(a) : null;
    },
    // ObjectIds minted by one process increase, so `_id` keeps creation order among equal times.
    async listAccountsByUser(userId) {
      const uid = toObjectId(userId);
      return uid ? (await accounts.find({ userId: uid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(trezorAccountFromDoc) : [];
    },
    async deriveNext(input) {
      const v = validateDeriveNext(input);
      let a = await findAccount(v.accountId);
      if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      const now = new Date(clock.now());
      for (let attempt = 1; ; attempt++) {
        if (a.nextIndex > MAX_CHILD_INDEX) throw new InvariantViolation(INDEX_EXHAUSTED, `account ${a._id.toHexString()} has used every non-hardened index`);
        const claimed = await accounts.findOneAndUpdate({ _id: a._id, nextIndex: a.nextIndex }, { $set: { nextIndex: a.nextIndex + 1, updatedAt: now } });
        if (claimed) {
          try {
            return await insert(a, a.nextIndex, v.id, now);
          } catch (e) {
            // Two claims of one index can both succeed where updates are not atomic: the
            // unique index refused the second insert, so claim the next index instead.
            if (!(e instanceof DuplicateKeyError) || attempt >= MAX_ATTEMPTS) throw e;
          }
        }
        a = await findAccount(v.accountId);
        if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      }
    },
    async registerAddress(input) {
      const v = validateRegisterAddress(input);
      const a = await findAccount(v.accountId);
      if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      if (await addresses.findOne({ accountId: a._id, index: v.index }, { projection: { _id: 1 } })) throw new DuplicateKeyError(ACCOUNT_INDEX_KEY);
      const now = new Date(clock.now());
      // Raise nextIndex first (only when it is lower), so it is above the index before the index exists.
      await accounts.updateOne({ _id: a._id, nextIndex: { $lt: v.index + 1 } }, { $set: { nextIndex: v.index + 1, updatedAt: now } });
      return insert(a, v.index, v.id, now);
    },
    async listAddresses(accountId) {
      const aid = toObjectId(accountId);
      return aid ? (await addresses.find({ accountId: aid }).sort({ index: 1 }).toArray()).map(trezorAddressFromDoc) : [];
    },
  };
}
