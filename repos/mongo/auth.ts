/**
 * Mongo implementation of the auth contract: collections `userPasskeys`, `userRefreshTokens`,
 * `telegramLinks` and `telegramSessions` (as the source system's Mongoose models name them).
 *
 * Neither FerretDB nor a standalone mongod has transactions, so every rule that can be one
 * single-document conditional write is one (the sign-counter check, revocation); the unique
 * indexes (plain ones: FerretDB has no partial indexes) are the backstop for the uniqueness rules
 * the repository also checks first. Telegram user ids are stored as decimal strings (exact beyond
 * 2^53, and equal to the contract form).
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import {
  AUTH_INVARIANTS,
  AUTH_KEYS,
  validateCredentialId,
  validateHash,
  validateNewPasskey,
  validateNewRefreshToken,
  validateNewTelegramLink,
  validateNewTelegramSession,
  validateRotation,
  validateSignCount,
  validateTelegramUserId,
  type AuthRepository,
  type Passkey,
  type RefreshToken,
  type TelegramLink,
  type TelegramSession,
} from '../../contracts/auth.ts';
import { isDuplicateKey, mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** A `userPasskeys` document. */
export interface PasskeyDoc {
  _id: ObjectId;
  userId: ObjectId;
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  name?: string;
  lastUsedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A `userRefreshTokens` document. */
export interface RefreshTokenDoc {
  _id: ObjectId;
  userId: ObjectId;
  tokenHash: string;
  expiresAt: Date;
  revokedAt?: Date;
  replacedBy?: ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A `telegramLinks` document. */
export interface TelegramLinkDoc {
  _id: ObjectId;
  userId: ObjectId;
  telegramUserId: string;
  username?: string;
  linkedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A `telegramSessions` document. */
export interface TelegramSessionDoc {
  _id: ObjectId;
  telegramUserId: string;
  userId?: ObjectId;
  sessionHash: string;
  expiresAt: Date;
  createdAt: Date;
}

/** The Mongo collections of the auth domain. */
export const AUTH_COLLECTIONS = ['userPasskeys', 'userRefreshTokens', 'telegramLinks', 'telegramSessions'] as const;

/** Creates the collections' indexes; the unique ones are named after the contract keys. */
export async function ensureAuthIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection('userPasskeys').createIndex({ credentialId: 1 }, { unique: true, name: AUTH_KEYS.credentialId }),
    db.collection('userPasskeys').createIndex({ userId: 1, createdAt: 1 }, { name: 'userPasskeys.user' }),
    db.collection('userRefreshTokens').createIndex({ tokenHash: 1 }, { unique: true, name: AUTH_KEYS.tokenHash }),
    db.collection('userRefreshTokens').createIndex({ userId: 1 }, { name: 'userRefreshTokens.user' }),
    db.collection('telegramLinks').createIndex({ userId: 1 }, { unique: true, name: AUTH_KEYS.linkUser }),
    db.collection('telegramLinks').createIndex({ telegramUserId: 1 }, { unique: true, name: AUTH_KEYS.linkTelegramUser }),
    db.collection('telegramSessions').createIndex({ sessionHash: 1 }, { unique: true, name: AUTH_KEYS.sessionHash }),
    db.collection('telegramSessions').createIndex({ expiresAt: 1 }, { name: 'telegramSessions.expiresAt' }),
  ]);
}

/** Contract view of a `userPasskeys` document. */
export function passkeyFromDoc(d: PasskeyDoc): Passkey {
  const p: Passkey = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    credentialId: d.credentialId,
    publicKey: d.publicKey,
    signCount: d.signCount,
    transports: [...d.transports],
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  assignPresent(p, d as unknown as Record<string, unknown>, ['name']);
  if (d.lastUsedAt) p.lastUsedAt = d.lastUsedAt.getTime();
  return p;
}

/** Contract view of a `userRefreshTokens` document. */
export function refreshTokenFromDoc(d: RefreshTokenDoc): RefreshToken {
  const t: RefreshToken = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    tokenHash: d.tokenHash,
    expiresAt: d.expiresAt.getTime(),
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.revokedAt) t.revokedAt = d.revokedAt.getTime();
  if (d.replacedBy) t.replacedBy = d.replacedBy.toHexString();
  return t;
}

/** Contract view of a `telegramLinks` document. */
export function telegramLinkFromDoc(d: TelegramLinkDoc): TelegramLink {
  const l: TelegramLink = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    telegramUserId: d.telegramUserId,
    linkedAt: d.linkedAt.getTime(),
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  return assignPresent(l, d as unknown as Record<string, unknown>, ['username']);
}

/** Contract view of a `telegramSessions` document. */
export function telegramSessionFromDoc(d: TelegramSessionDoc): TelegramSession {
  const s: TelegramSession = {
    id: d._id.toHexString(),
    telegramUserId: d.telegramUserId,
    sessionHash: d.sessionHash,
    expiresAt: d.expiresAt.getTime(),
    createdAt: d.createdAt.getTime(),
  };
  if (d.userId) s.userId = d.userId.toHexString();
  return s;
}

/** {@link AuthRepository} over MongoDB. */
export function mongoAuthRepository({ db, clock }: MongoContext): AuthRepository {
  const users = db.collection('users');
  const passkeys = db.collection<PasskeyDoc>('userPasskeys');
  const tokens = db.collection<RefreshTokenDoc>('userRefreshTokens');
  const links = db.collection<TelegramLinkDoc>('telegramLinks');
  const sessions = db.collection<TelegramSessionDoc>('telegramSessions');

  /** The user's ObjectId, or `NotFoundError('user')`. */
  const requireUser = async (id: string): Promise<ObjectId> => {
    const _id = toObjectId(id);
    if (!_id || !(await users.findOne({ _id }, { projection: { _id: 1 } }))) throw new NotFoundError('user', id);
    return _id;
  };
  /** Which side of a link conflicts (user first), or undefined. */
  const linkConflict = async (userId: ObjectId, telegramUserId: string): Promise<string | undefined> => {
    if (await links.findOne({ userId }, { projection: { _id: 1 } })) return AUTH_KEYS.linkUser;
    if (await links.findOne({ telegramUserId }, { projection: { _id: 1 } })) return AUTH_KEYS.linkTelegramUser;
    return undefined;
  };

  return {
    async createPasskey(input) {
      const v = validateNewPasskey(input);
      const userId = await requireUser(v.userId);
      const now = new Date(clock.now());
      const doc: PasskeyDoc = assignPresent(
        { _id: newObjectId(v.id), userId, credentialId: v.credentialId, publicKey: v.publicKey, signCount: v.signCount, transports: v.transports, createdAt: now, updatedAt: now },
        { name: v.name },
        ['name'],
      );
      await passkeys.insertOne(doc).catch((e) => mapMongoError(e, AUTH_KEYS.credentialId));
      return passkeyFromDoc(doc);
    },
    async findPasskey(credentialId) {
      const d = await passkeys.findOne({ credentialId: validateCredentialId(credentialId) });
      return d ? passkeyFromDoc(d) : null;
    },
    async listPasskeys(userId) {
      const uid = toObjectId(userId);
      if (!uid) return [];
      return (await passkeys.find({ userId: uid }).sort({ createdAt: 1, credentialId: 1 }).toArray()).map(passkeyFromDoc);
    },
    async recordPasskeyUse(credentialId, signCount) {
      const c = validateCredentialId(credentialId);
      const n = validateSignCount(signCount);
      const now = new Date(clock.now());
      // One conditional write: the counter check and the update cannot be interleaved.
      const accepted = n === 0 ? { signCount: 0 } : { $or: [{ signCount: 0 }, { signCount: { $lt: n } }] };
      const d = await passkeys.findOneAndUpdate({ credentialId: c, ...accepted }, { $set: { signCount: n, lastUsedAt: now, updatedAt: now } }, { returnDocument: 'after' });
      if (d) return passkeyFromDoc(d);
      const stored = await passkeys.findOne({ credentialId: c }, { projection: { signCount: 1 } });
      if (!stored) throw new NotFoundError('passkey', c);
      throw new InvariantViolation(AUTH_INVARIANTS.signCount, `counter ${n} does not exceed the stored ${stored.signCount}`);
    },
    async deletePasskey(id) {
      const _id = toObjectId(id);
      const r = _id && (await passkeys.deleteOne({ _id }));
      if (!r || r.deletedCount === 0) throw new NotFoundError('passkey', id);
    },
    async issueRefreshToken(input) {
      const v = validateNewRefreshToken(input);
      const userId = await requireUser(v.userId);
      const now = new Date(clock.now());
      const doc: RefreshTokenDoc = { _id: newObjectId(v.id), userId, tokenHash: v.tokenHash, expiresAt: new Date(v.expiresAt), createdAt: now, updatedAt: now };
      await tokens.insertOne(doc).catch((e) => mapMongoError(e, AUTH_KEYS.tokenHash));
      return refreshTokenFromDoc(doc);
    },
    async findActiveRefreshToken(tokenHash) {
      const h = validateHash('tokenHash', tokenHash);
      const d = await tokens.findOne({ tokenHash: h, revokedAt: { $exists: false }, expiresAt: { $gt: new Date(clock.now()) } });
      return d ? refreshTokenFromDoc(d) : null;
    },
    async rotateRefreshToken(input) {
      const v = validateRotation(input);
      const now = new Date(clock.now());
      const old = await tokens.findOne({ tokenHash: v.oldTokenHash });
      if (!old) throw new NotFoundError('refreshToken', v.oldTokenHash);
      if (old.revokedAt) throw new InvariantViolation(AUTH_INVARIANTS.tokenReuse, 'the token was already rotated or revoked');
      if (old.expiresAt.getTime() <= now.getTime()) throw new InvariantViolation(AUTH_INVARIANTS.tokenExpired, 'the token has expired');
      if (await tokens.findOne({ tokenHash: v.tokenHash }, { projection: { _id: 1 } })) throw new DuplicateKeyError(AUTH_KEYS.tokenHash);
      // Claim the old token first (one conditional write), then issue its successor: a crash in
      // between leaves the user logged out, never holding two live tokens.
      const successor = newObjectId(v.id);
      const claimed = await tokens.findOneAndUpdate(
        { _id: old._id, revokedAt: { $exists: false } },
        { $set: { revokedAt: now, replacedBy: successor, updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (!claimed) throw new InvariantViolation(AUTH_INVARIANTS.tokenReuse, 'the token was already rotated or revoked');
      const doc: RefreshTokenDoc = { _id: successor, userId: old.userId, tokenHash: v.tokenHash, expiresAt: new Date(v.expiresAt), createdAt: now, updatedAt: now };
      try {
        await tokens.insertOne(doc);
      } catch (e) {
        // The new hash was taken meanwhile: give the old token back, as if nothing happened.
        await tokens.updateOne({ _id: old._id, replacedBy: successor }, { $set: { updatedAt: old.updatedAt }, $unset: { revokedAt: '', replacedBy: '' } });
        mapMongoError(e, AUTH_KEYS.tokenHash);
      }
      return refreshTokenFromDoc(doc);
    },
    async revokeAllRefreshTokens(userId) {
      const uid = toObjectId(userId);
      if (!uid) return 0;
      const now = new Date(clock.now());
      const r = await tokens.updateMany({ userId: uid, revokedAt: { $exists: false } }, { $set: { revokedAt: now, updatedAt: now } });
      return r.modifiedCount;
    },
    async linkTelegram(input) {
      const v = validateNewTelegramLink(input);
      const userId = await requireUser(v.userId);
      const conflict = await linkConflict(userId, v.telegramUserId);
      if (conflict) throw new DuplicateKeyError(conflict);
      const now = new Date(clock.now());
      const doc: TelegramLinkDoc = assignPresent(
        { _id: newObjectId(v.id), userId, telegramUserId: v.telegramUserId, linkedAt: now, createdAt: now, updatedAt: now },
        { username: v.username },
        ['username'],
      );
      try {
        await links.insertOne(doc);
      } catch (e) {
        // A concurrent link won the race; FerretDB's error names no index, so ask which side.
        if (isDuplicateKey(e)) throw new DuplicateKeyError((await linkConflict(userId, v.telegramUserId)) ?? AUTH_KEYS.linkUser, { cause: e });
        throw e;
      }
      return telegramLinkFromDoc(doc);
    },
    async findTelegramLinkByUser(userId) {
      const uid = toObjectId(userId);
      const d = uid && (await links.findOne({ userId: uid }));
      return d ? telegramLinkFromDoc(d) : null;
    },
    async findTelegramLinkByTelegramUser(telegramUserId) {
      const d = await links.findOne({ telegramUserId: validateTelegramUserId(telegramUserId) });
      return d ? telegramLinkFromDoc(d) : null;
    },
    async unlinkTelegram(userId) {
      const uid = toObjectId(userId);
      const r = uid && (await links.deleteOne({ userId: uid }));
      if (!r || r.deletedCount === 0) throw new NotFoundError('telegramLink', userId);
    },
    async createTelegramSession(input) {
      const v = validateNewTelegramSession(input);
      const userId = v.userId === undefined ? undefined : await requireUser(v.userId);
      const doc: TelegramSessionDoc = { _id: newObjectId(v.id), telegramUserId: v.telegramUserId, sessionHash: v.sessionHash, expiresAt: new Date(v.expiresAt), createdAt: new Date(clock.now()) };
      if (userId) doc.userId = userId;
      await sessions.insertOne(doc).catch((e) => mapMongoError(e, AUTH_KEYS.sessionHash));
      return telegramSessionFromDoc(doc);
    },
    async findActiveTelegramSession(sessionHash) {
      const d = await sessions.findOne({ sessionHash: validateHash('sessionHash', sessionHash), expiresAt: { $gt: new Date(clock.now()) } });
      return d ? telegramSessionFromDoc(d) : null;
    },
    async deleteExpiredTelegramSessions() {
      const r = await sessions.deleteMany({ expiresAt: { $lte: new Date(clock.now()) } });
      return r.deletedCount;
    },
  };
}

