/**
 * Mongo implementation of the address contract (collection `addresses`).
 *
 * Neither MongoDB without a replica set nor FerretDB offers transactions or partial unique
 * indexes, so "one primary per user" is kept by write order (demote, then promote) and checked
 * by the harness's invariants, not enforced by the server.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import { validateAddressPatch, validateNewAddress, type Address, type AddressRepository, type AddressType } from '../../contracts/address.ts';
import { mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, patchUpdate, toObjectId } from './support.ts';

/** An `addresses` document. */
export interface AddressDoc {
  _id: ObjectId;
  userId: ObjectId;
  type: AddressType;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  country: string;
  isPrimary: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const OPTIONAL = ['label', 'line2', 'postalCode'] as const;

/** Creates the collection's indexes. */
export async function ensureAddressIndexes(db: Db): Promise<void> {
  await db.collection('addresses').createIndex({ userId: 1, createdAt: 1 }, { name: 'addresses.user' });
}

/** Contract view of a stored document. */
export function addressFromDoc(d: AddressDoc): Address {
  const a: Address = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    type: d.type,
    line1: d.line1,
    city: d.city,
    country: d.country,
    isPrimary: d.isPrimary,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  return assignPresent(a, d as unknown as Record<string, unknown>, OPTIONAL);
}

/** {@link AddressRepository} over MongoDB. */
export function mongoAddressRepository({ db, clock }: MongoContext): AddressRepository {
  const addresses = db.collection<AddressDoc>('addresses');
  const users = db.collection('users');
  const demote = (userId: ObjectId, now: Date) => addresses.updateMany({ userId, isPrimary: true }, { $set: { isPrimary: false, updatedAt: now } });
  return {
    async create(input) {
      const v = validateNewAddress(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await users.findOne({ _id: userId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.userId);
      const now = new Date(clock.now());
      const isPrimary = v.isPrimary || !(await addresses.findOne({ userId, isPrimary: true }, { projection: { _id: 1 } }));
      if (isPrimary) await demote(userId, now);
      const doc: AddressDoc = assignPresent(
        { _id: newObjectId(v.id), userId, type: v.type, line1: v.line1, city: v.city, country: v.country, isPrimary, createdAt: now, updatedAt: now },
        v as unknown as Record<string, unknown>,
        OPTIONAL,
      );
      await addresses.insertOne(doc).catch((e) => mapMongoError(e, 'addresses'));
      return addressFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await addresses.findOne({ _id }));
      return d ? addressFromDoc(d) : null;
    },
    async listByUser(userId) {
      const uid = toObjectId(userId);
      if (!uid) return [];
      return (await addresses.find({ userId: uid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(addressFromDoc);
    },
    async update(id, patch) {
      const p = validateAddressPatch(patch);
      const _id = toObjectId(id);
      const d = _id && (await addresses.findOneAndUpdate({ _id }, patchUpdate({ ...p }, clock.now()), { returnDocument: 'after' }));
      if (!d) throw new NotFoundError('address', id);
      return addressFromDoc(d);
    },
    async setPrimary(id) {
      const _id = toObjectId(id);
      const a = _id && (await addresses.findOne({ _id }));
      if (!a) throw new NotFoundError('address', id);
      if (a.isPrimary) return addressFromDoc(a);
      const now = new Date(clock.now());
      await demote(a.userId, now);
      const d = await addresses.findOneAndUpdate({ _id: a._id }, { $set: { isPrimary: true, updatedAt: now } }, { returnDocument: 'after' });
      if (!d) throw new NotFoundError('address', id);
      return addressFromDoc(d);
    },
    async delete(id) {
      const _id = toObjectId(id);
      const a = _id && (await addresses.findOneAndDelete({ _id }));
      if (!a) throw new NotFoundError('address', id);
      if (!a.isPrimary) return;
      const [oldest] = await addresses.find({ userId: a.userId }).sort({ createdAt: 1, _id: 1 }).limit(1).toArray();
      if (oldest) await addresses.updateOne({ _id: oldest._id }, { $set: { isPrimary: true, updatedAt: new Date(clock.now()) } });
    },
  };
}
