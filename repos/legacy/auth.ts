/**
 * Stored-entity specs of the auth domain: `userPasskeys` ↔ `user_passkeys`,
 * `userRefreshTokens` ↔ `user_refresh_tokens` (self-reference `replacedBy`, settled by backfill's
 * deferral: a successor is written before the token it replaced points at it),
 * `telegramLinks` ↔ `telegram_links` and `telegramSessions` ↔ `telegram_sessions`.
 *
 * Canonical records: {@link Passkey}, {@link RefreshToken}, {@link TelegramLink},
 * {@link TelegramSession} with legacy ids. Legacy shapes read here beyond the common ones:
 * a sign counter stored as a double, an int32/int64 or a digit string; `transports` missing
 * (read as `[]`, flagged); a Telegram user id stored as a number, a `Long` or a digit string.
 * Two links for one user or one Telegram account (written before the unique indexes existed)
 * are not repaired: Postgres refuses the second, and backfill reports it.
 *
 * @public
 */
import { Long, type Document } from 'mongodb';
import {
  MAX_PUBLIC_KEY,
  validateCredentialId,
  validateHash,
  validateSignCount,
  validateTelegramUserId,
  validateTelegramUsername,
  validateTime,
  validateTransports,
  BASE64URL,
  type Passkey,
  type RefreshToken,
  type TelegramLink,
  type TelegramSession,
} from '../../contracts/auth.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { optionalText } from '../../contracts/text.ts';
import { telegramLinks, telegramSessions, userPasskeys, userRefreshTokens } from '../../schema/auth.ts';
import { LegacyShapeError, readTime, ShapeReader } from './shape.ts';
import { collectViolations, refId, rowId, type LegacyReading, type StoredEntity } from './spec.ts';

export type PasskeyRow = typeof userPasskeys.$inferSelect;
export type PasskeyInsert = typeof userPasskeys.$inferInsert;
export type RefreshTokenRow = typeof userRefreshTokens.$inferSelect;
export type RefreshTokenInsert = typeof userRefreshTokens.$inferInsert;
export type TelegramLinkRow = typeof telegramLinks.$inferSelect;
export type TelegramLinkInsert = typeof telegramLinks.$inferInsert;
export type TelegramSessionRow = typeof telegramSessions.$inferSelect;
export type TelegramSessionInsert = typeof telegramSessions.$inferInsert;

/** An optional time: missing/null → undefined, else as `readTime`. */
function optionalTime(r: ShapeReader, field: string): number | undefined {
  const v: unknown = r.doc[field];
  return v === undefined || v === null ? undefined : readTime(field, v, r);
}

/** An integer stored as a JS number, an int64 `Long`, a bigint or a digit string (digits kept exact). */
function integerText(field: string, v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (v instanceof Long || typeof v === 'bigint') return v.toString();
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return v;
  throw new LegacyShapeError(field, `must be an integer (a number, an int64 or a digit string; found ${describeValue(v)})`);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  return typeof v === 'object' ? (v.constructor?.name ?? 'object') : `${typeof v} ${JSON.stringify(v)}`;
}

/** Canonical {@link Passkey} of a `userPasskeys` document. Throws `LegacyShapeError`. */
export function passkeyFromLegacy(doc: Document): LegacyReading<Passkey> {
  const r = new ShapeReader(doc);
  let transports: string[] = [];
  const t: unknown = doc.transports;
  if (t === undefined || t === null) r.flag('transports', 'defaulted', 'missing; read as []');
  else if (Array.isArray(t) && t.every((x) => typeof x === 'string')) transports = [...(t as string[])];
  else throw new LegacyShapeError('transports', `must be an array of strings (found ${describeValue(t)})`);
  const count = doc.signCount === undefined || doc.signCount === null ? (r.flag('signCount', 'defaulted', 'missing; read as 0'), '0') : integerText('signCount', doc.signCount);
  const p: Passkey = {
    id: r.id(),
    userId: r.ref('userId'),
    credentialId: r.string('credentialId'),
    publicKey: r.string('publicKey'),
    // Out-of-range counters keep their value, for `validate` to report.
    signCount: Number(count),
    transports,
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const name = r.optionalString('name');
  if (name !== undefined) p.name = name;
  const lastUsedAt = optionalTime(r, 'lastUsedAt');
  if (lastUsedAt !== undefined) p.lastUsedAt = lastUsedAt;
  return { record: p, flags: r.flags };
}

/** Contract rules of a passkey record. */
export function validatePasskeyRecord(p: Passkey): ReturnType<StoredEntity['validate']> {
  return collectViolations([
    () => validateCredentialId(p.credentialId),
    () => {
      if (!BASE64URL.test(p.publicKey) || p.publicKey.length > MAX_PUBLIC_KEY) throw new ValidationError('publicKey', `must be 1..${MAX_PUBLIC_KEY} base64url characters`);
    },
    () => validateSignCount(p.signCount),
    () => validateTransports(p.transports),
    () => optionalText('name', p.name, 100),
  ]);
}

/** Canonical {@link RefreshToken} of a `userRefreshTokens` document. Throws `LegacyShapeError`. */
export function refreshTokenFromLegacy(doc: Document): LegacyReading<RefreshToken> {
  const r = new ShapeReader(doc);
  const t: RefreshToken = {
    id: r.id(),
    userId: r.ref('userId'),
    tokenHash: r.string('tokenHash'),
    expiresAt: r.time('expiresAt'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const revokedAt = optionalTime(r, 'revokedAt');
  if (revokedAt !== undefined) t.revokedAt = revokedAt;
  const replacedBy = r.ref('replacedBy', true);
  if (replacedBy !== undefined) t.replacedBy = replacedBy;
  return { record: t, flags: r.flags };
}

/** Contract rules of a refresh-token record (a hash, not a raw token; a successor implies revocation). */
export function validateRefreshTokenRecord(t: RefreshToken): ReturnType<StoredEntity['validate']> {
  return collectViolations([
    () => validateHash('tokenHash', t.tokenHash),
    () => validateTime('expiresAt', t.expiresAt),
    () => {
      if (t.replacedBy !== undefined && t.revokedAt === undefined) throw new ValidationError('revokedAt', 'must be set when replacedBy is (a rotation revokes)');
    },
    () => {
      if (t.replacedBy === t.id) throw new ValidationError('replacedBy', 'must not be the token itself');
    },
  ]);
}

/** Canonical {@link TelegramLink} of a `telegramLinks` document. Throws `LegacyShapeError`. */
export function telegramLinkFromLegacy(doc: Document): LegacyReading<TelegramLink> {
  const r = new ShapeReader(doc);
  const createdAt = r.time('createdAt');
  const l: TelegramLink = {
    id: r.id(),
    userId: r.ref('userId'),
    telegramUserId: integerText('telegramUserId', doc.telegramUserId),
    linkedAt: doc.linkedAt === undefined || doc.linkedAt === null ? (r.flag('linkedAt', 'defaulted', 'missing; read as createdAt'), createdAt) : r.time('linkedAt'),
    createdAt,
    updatedAt: r.time('updatedAt'),
  };
  const username = r.optionalString('username');
  if (username !== undefined) l.username = username;
  return { record: l, flags: r.flags };
}

/** Contract rules of a Telegram link record. */
export function validateTelegramLinkRecord(l: TelegramLink): ReturnType<StoredEntity['validate']> {
  return collectViolations([() => validateTelegramUserId(l.telegramUserId), () => validateTelegramUsername(l.username)]);
}

/** Canonical {@link TelegramSession} of a `telegramSessions` document. Throws `LegacyShapeError`. */
export function telegramSessionFromLegacy(doc: Document): LegacyReading<TelegramSession> {
  const r = new ShapeReader(doc);
  const s: TelegramSession = {
    id: r.id(),
    telegramUserId: integerText('telegramUserId', doc.telegramUserId),
    sessionHash: r.string('sessionHash'),
    expiresAt: r.time('expiresAt'),
    createdAt: r.time('createdAt'),
  };
  const userId = r.ref('userId', true);
  if (userId !== undefined) s.userId = userId;
  return { record: s, flags: r.flags };
}

/** Contract rules of a Telegram session record. */
export function validateTelegramSessionRecord(s: TelegramSession): ReturnType<StoredEntity['validate']> {
  return collectViolations([() => validateTelegramUserId(s.telegramUserId), () => validateHash('sessionHash', s.sessionHash), () => validateTime('expiresAt', s.expiresAt)]);
}

/** The `user_passkeys` spec. */
export const passkeyEntity: StoredEntity<Passkey, PasskeyRow, PasskeyInsert> = {
  name: 'passkey',
  domain: 'auth',
  collection: 'userPasskeys',
  table: 'user_passkeys',
  pgTable: userPasskeys,
  references: { userId: 'users' },
  appendOnly: false,
  fromDocument: passkeyFromLegacy,
  validate: validatePasskeyRecord,
  fromRow(row, refs) {
    const p: Passkey = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      credentialId: row.credentialId,
      publicKey: row.publicKey,
      // The backfill reader gets node-postgres's text for a bigint; Drizzle a number.
      signCount: Number(row.signCount),
      transports: [...row.transports],
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    if (row.name !== null) p.name = row.name;
    if (row.lastUsedAt !== null) p.lastUsedAt = row.lastUsedAt.getTime();
    return p;
  },
  toRow(p, resolve) {
    return {
      legacyObjectId: p.id,
      userId: resolve('users', p.userId),
      credentialId: p.credentialId,
      publicKey: p.publicKey,
      signCount: p.signCount,
      transports: p.transports,
      name: p.name ?? null,
      lastUsedAt: p.lastUsedAt === undefined ? null : new Date(p.lastUsedAt),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.updatedAt),
    };
  },
};

/** The `user_refresh_tokens` spec. */
export const refreshTokenEntity: StoredEntity<RefreshToken, RefreshTokenRow, RefreshTokenInsert> = {
  name: 'refreshToken',
  domain: 'auth',
  collection: 'userRefreshTokens',
  table: 'user_refresh_tokens',
  pgTable: userRefreshTokens,
  references: { userId: 'users', replacedBy: 'user_refresh_tokens' },
  appendOnly: false,
  fromDocument: refreshTokenFromLegacy,
  validate: validateRefreshTokenRecord,
  fromRow(row, refs) {
    const t: RefreshToken = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      tokenHash: row.tokenHash,
      expiresAt: row.expiresAt.getTime(),
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    if (row.revokedAt !== null) t.revokedAt = row.revokedAt.getTime();
    if (row.replacedBy !== null) t.replacedBy = refId(refs, 'replacedBy', row.replacedBy);
    return t;
  },
  toRow(t, resolve) {
    return {
      legacyObjectId: t.id,
      userId: resolve('users', t.userId),
      tokenHash: t.tokenHash,
      expiresAt: new Date(t.expiresAt),
      revokedAt: t.revokedAt === undefined ? null : new Date(t.revokedAt),
      replacedBy: t.replacedBy === undefined ? null : resolve('user_refresh_tokens', t.replacedBy),
      createdAt: new Date(t.createdAt),
      updatedAt: new Date(t.updatedAt),
    };
  },
};

/** The `telegram_links` spec. */
export const telegramLinkEntity: StoredEntity<TelegramLink, TelegramLinkRow, TelegramLinkInsert> = {
  name: 'telegramLink',
  domain: 'auth',
  collection: 'telegramLinks',
  table: 'telegram_links',
  pgTable: telegramLinks,
  references: { userId: 'users' },
  appendOnly: false,
  fromDocument: telegramLinkFromLegacy,
  validate: validateTelegramLinkRecord,
  fromRow(row, refs) {
    const l: TelegramLink = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      telegramUserId: String(row.telegramUserId),
      linkedAt: row.linkedAt.getTime(),
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    if (row.username !== null) l.username = row.username;
    return l;
  },
  toRow(l, resolve) {
    return {
      legacyObjectId: l.id,
      userId: resolve('users', l.userId),
      telegramUserId: BigInt(l.telegramUserId),
      username: l.username ?? null,
      linkedAt: new Date(l.linkedAt),
      createdAt: new Date(l.createdAt),
      updatedAt: new Date(l.updatedAt),
    };
  },
};

/** The `telegram_sessions` spec. */
export const telegramSessionEntity: StoredEntity<TelegramSession, TelegramSessionRow, TelegramSessionInsert> = {
  name: 'telegramSession',
  domain: 'auth',
  collection: 'telegramSessions',
  table: 'telegram_sessions',
  pgTable: telegramSessions,
  references: { userId: 'users' },
  appendOnly: false,
  fromDocument: telegramSessionFromLegacy,
  validate: validateTelegramSessionRecord,
  fromRow(row, refs) {
    const s: TelegramSession = {
      id: rowId(row),
      telegramUserId: String(row.telegramUserId),
      sessionHash: row.sessionHash,
      expiresAt: row.expiresAt.getTime(),
      createdAt: row.createdAt.getTime(),
    };
    if (row.userId !== null) s.userId = refId(refs, 'userId', row.userId);
    return s;
  },
  toRow(s, resolve) {
    return {
      legacyObjectId: s.id,
      telegramUserId: BigInt(s.telegramUserId),
      userId: s.userId === undefined ? null : resolve('users', s.userId),
      sessionHash: s.sessionHash,
      expiresAt: new Date(s.expiresAt),
      createdAt: new Date(s.createdAt),
    };
  },
};

/** The auth domain's stored entities, dependencies first. */
export const AUTH_ENTITIES = [passkeyEntity, refreshTokenEntity, telegramLinkEntity, telegramSessionEntity] as const;
