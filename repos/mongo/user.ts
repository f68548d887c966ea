/** Mongo implementation of the user contract (collection `users`). */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import { validateEmailQuery, validateNewUser, validateUserPatch, type User, type UserRepository, type UserRole } from '../../contracts/user.ts';
import { mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, patchUpdate, toObjectId } from './support.ts';

/** A `users` document as the source system stores it. */
export interface UserDoc {
  _id: ObjectId;
  email: string;
  displayName?: string;
  role: UserRole;
  createdAt: Date;
  updatedAt: Date;
}

const DUPLICATE = 'users.email';

/** Creates the collection's indexes (unique e-mail). */
export async function ensureUserIndexes(db: Db): Promise<void> {
  await db.collection('users').createIndex({ email: 1 }, { unique: true, name: DUPLICATE });
}

/** Contract view of a stored document. */
export function userFromDoc(d: UserDoc): User {
  const u: User = { id: d._id.toHexString(), email: d.email, role: d.role, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  return assignPresent(u, d as unknown as Record<string, unknown>, ['displayName']);
}

/** {@link UserRepository} over MongoDB. */
export function mongoUserRepository({ db, clock }: MongoContext): UserRepository {
  const users = db.collection<UserDoc>('users');
  return {
    async create(input) {
      const v = validateNewUser(input);
      const now = new Date(clock.now());
      const doc: UserDoc = assignPresent({ _id: newObjectId(v.id), email: v.email, role: v.role, createdAt: now, updatedAt: now }, { displayName: v.displayName }, ['displayName']);
      await users.insertOne(doc).catch((e) => mapMongoError(e, DUPLICATE));
      return userFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await users.findOne({ _id }));
      return d ? userFromDoc(d) : null;
    },
    async getByEmail(email) {
      const d = await users.findOne({ email: validateEmailQuery(email) });
      return d ? userFromDoc(d) : null;
    },
    async list(filter) {
      const q = filter?.role === undefined ? {} : { role: filter.role };
      return (await users.find(q).sort({ createdAt: 1, _id: 1 }).toArray()).map(userFromDoc);
    },
    async update(id, patch) {
      const p = validateUserPatch(patch);
      const _id = toObjectId(id);
      const d = _id && (await users.findOneAndUpdate({ _id }, patchUpdate({ ...p }, clock.now()), { returnDocument: 'after' }));
      if (!d) throw new NotFoundError('user', id);
      return userFromDoc(d);
    },
  };
}
