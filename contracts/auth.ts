/**
 * Auth contract (the source system's auth-store facade, flags `REPO_AUTH` / `AUTH_STORE`): the
 * credentials that hang off a user — WebAuthn passkeys, refresh tokens, the Telegram account
 * link and Telegram sessions. Users themselves are the `user` domain.
 *
 * Rules:
 * - a passkey's credential id is unique across all users; `recordPasskeyUse` is WebAuthn clone
 *   detection: once the stored signature counter is above 0, every use must bring a strictly
 *   greater counter (0 → 0 stays allowed: authenticators without a counter always send 0);
 * - refresh tokens are stored and looked up by their hash only (64 lower-case hex: a SHA-256),
 *   never the raw token; a token is active while not revoked and `expiresAt > now`; rotation
 *   revokes the old token and issues its successor in one step, and rotating a revoked or
 *   expired token is refused (reuse detection);
 * - one Telegram link per user and one per Telegram account (Telegram user ids exceed 2^31, so
 *   they travel as decimal-digit strings);
 * - a Telegram session is active while `expiresAt > now`; its user is optional (a session can
 *   exist before the account is linked).
 *
 * Times are UTC ms from the injected clock; "now" is one `clock.now()` per call.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { assertSafeText, optionalText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** A WebAuthn credential registered for a user. `transports` keeps the order it was given in. */
export interface Passkey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  name?: string;
  lastUsedAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** Input of `createPasskey`; `signCount` defaults to 0, `transports` to `[]`. */
export interface NewPasskey {
  id?: string;
  userId: string;
  credentialId: string;
  publicKey: string;
  signCount?: number;
  transports?: string[];
  name?: string;
}

/** A refresh token, by hash. `replacedBy` is the id of the token that rotated it. */
export interface RefreshToken {
  id: string;
  userId: string;
  tokenHash: string;
  expiresAt: number;
  revokedAt?: number;
  replacedBy?: string;
  createdAt: number;
  updatedAt: number;
}

/** Input of `issueRefreshToken`. */
export interface NewRefreshToken {
  id?: string;
  userId: string;
  tokenHash: string;
  expiresAt: number;
}

/** Input of `rotateRefreshToken`: the old token's hash, and the successor's hash and expiry. */
export interface RefreshTokenRotation {
  /** The successor's id, given only by the DualWrite wrapper (the primary store's id). */
  id?: string;
  oldTokenHash: string;
  tokenHash: string;
  expiresAt: number;
}

/** The link between a user and a Telegram account. `telegramUserId` is a decimal-digit string. */
export interface TelegramLink {
  id: string;
  userId: string;
  telegramUserId: string;
  username?: string;
  linkedAt: number;
  createdAt: number;
  updatedAt: number;
}

/** Input of `linkTelegram`. */
export interface NewTelegramLink {
  id?: string;
  userId: string;
  telegramUserId: string;
  username?: string;
}

/** A Telegram session, by hash; `userId` is absent until the Telegram account is linked. */
export interface TelegramSession {
  id: string;
  telegramUserId: string;
  userId?: string;
  sessionHash: string;
  expiresAt: number;
  createdAt: number;
}

/** Input of `createTelegramSession`. */
export interface NewTelegramSession {
  id?: string;
  telegramUserId: string;
  userId?: string;
  sessionHash: string;
  expiresAt: number;
}

/** Contract keys of the unique rules (`DuplicateKeyError.key`), the same in every implementation. */
export const AUTH_KEYS = {
  credentialId: 'user_passkeys.credential_id',
  tokenHash: 'user_refresh_tokens.token_hash',
  linkUser: 'telegram_links.user_id',
  linkTelegramUser: 'telegram_links.telegram_user_id',
  sessionHash: 'telegram_sessions.session_hash',
} as const;

/** Names of the rules a write can break (`InvariantViolation.invariant`). */
export const AUTH_INVARIANTS = {
  /** WebAuthn clone detection: a non-zero stored counter must grow with every use. */
  signCount: 'passkey.sign_count_increases',
  /** A refresh token that was already rotated or revoked is presented again. */
  tokenReuse: 'refresh_token.reuse',
  /** A refresh token past its expiry is presented for rotation. */
  tokenExpired: 'refresh_token.expired',
} as const;

/** The auth repository every implementation provides. */
export interface AuthRepository {
  /**
   * Registers a passkey. Throws `ValidationError` / `UnsafeInputError` (input),
   * `NotFoundError('user')`, `DuplicateKeyError('user_passkeys.credential_id')` when any user
   * already has this credential id.
   */
  createPasskey(input: NewPasskey): Promise<Passkey>;
  /** The passkey with this credential id, or null. Throws `ValidationError('credentialId')` for a malformed id. */
  findPasskey(credentialId: string): Promise<Passkey | null>;
  /** The user's passkeys, oldest first (then by credential id); empty for an unknown user. */
  listPasskeys(userId: string): Promise<Passkey[]>;
  /**
   * Records a successful assertion: stores `signCount`, stamps `lastUsedAt` and `updatedAt`, and
   * returns the passkey. Throws `ValidationError` (credentialId, signCount: an integer in
   * 0..2^32-1), `NotFoundError('passkey')`, and
   * `InvariantViolation('passkey.sign_count_increases')` when the stored counter is above 0 and
   * `signCount` is not strictly greater (a possibly cloned authenticator; nothing is written).
   */
  recordPasskeyUse(credentialId: string, signCount: number): Promise<Passkey>;
  /** Deletes the passkey (either id form). Throws `NotFoundError('passkey')`. */
  deletePasskey(id: string): Promise<void>;
  /**
   * Stores a refresh token by its hash. Throws `ValidationError` (tokenHash: 64 lower-case hex;
   * expiresAt: UTC ms), `NotFoundError('user')`, `DuplicateKeyError('user_refresh_tokens.token_hash')`.
   */
  issueRefreshToken(input: NewRefreshToken): Promise<RefreshToken>;
  /**
   * The token with this hash if it is active (not revoked and `expiresAt > now`), else null.
   * Throws `ValidationError('tokenHash')` for something that is not a hash (a raw token, say).
   */
  findActiveRefreshToken(tokenHash: string): Promise<RefreshToken | null>;
  /**
   * Revokes the token `oldTokenHash` (`revokedAt = now`, `replacedBy` = the successor) and issues
   * its successor for the same user, atomically; returns the successor. Throws `ValidationError`,
   * `NotFoundError('refreshToken')` for an unknown hash, `InvariantViolation('refresh_token.reuse')`
   * when the old token is already revoked, `InvariantViolation('refresh_token.expired')` when it
   * has expired, `DuplicateKeyError('user_refresh_tokens.token_hash')` when the new hash exists;
   * on every error nothing is written.
   */
  rotateRefreshToken(input: RefreshTokenRotation): Promise<RefreshToken>;
  /**
   * Revokes every not yet revoked token of the user (expired ones included) and returns how many
   * it revoked; 0 for a user without such tokens or an unknown user.
   */
  revokeAllRefreshTokens(userId: string): Promise<number>;
  /**
   * Links a user to a Telegram account. Throws `ValidationError` / `UnsafeInputError`,
   * `NotFoundError('user')`, `DuplicateKeyError('telegram_links.user_id')` when the user is
   * already linked (checked first), `DuplicateKeyError('telegram_links.telegram_user_id')` when
   * the Telegram account is linked to a user.
   */
  linkTelegram(input: NewTelegramLink): Promise<TelegramLink>;
  /** The user's link, or null. */
  findTelegramLinkByUser(userId: string): Promise<TelegramLink | null>;
  /** The link of this Telegram account, or null. Throws `ValidationError('telegramUserId')`. */
  findTelegramLinkByTelegramUser(telegramUserId: string): Promise<TelegramLink | null>;
  /** Removes the user's link. Throws `NotFoundError('telegramLink')` when the user has none. */
  unlinkTelegram(userId: string): Promise<void>;
  /**
   * Stores a Telegram session by its hash. Throws `ValidationError`, `NotFoundError('user')`
   * when `userId` is given and names no user, `DuplicateKeyError('telegram_sessions.session_hash')`.
   */
  createTelegramSession(input: NewTelegramSession): Promise<TelegramSession>;
  /** The session with this hash if `expiresAt > now`, else null. Throws `ValidationError('sessionHash')`. */
  findActiveTelegramSession(sessionHash: string): Promise<TelegramSession | null>;
  /** Deletes every session with `expiresAt <= now`; returns how many. */
  deleteExpiredTelegramSessions(): Promise<number>;
}

export const authMethods: MethodMap<AuthRepository> = {
  createPasskey: { create: 'passkey' },
  findPasskey: 'read',
  listPasskeys: 'read',
  recordPasskeyUse: 'write',
  deletePasskey: 'write',
  issueRefreshToken: { create: 'refreshToken' },
  findActiveRefreshToken: 'read',
  rotateRefreshToken: { create: 'refreshToken' },
  revokeAllRefreshTokens: 'write',
  linkTelegram: { create: 'telegramLink' },
  findTelegramLinkByUser: 'read',
  findTelegramLinkByTelegramUser: 'read',
  unlinkTelegram: 'write',
  createTelegramSession: { create: 'telegramSession' },
  findActiveTelegramSession: 'read',
  deleteExpiredTelegramSessions: 'write',
};

// ---- field rules (shared by the validators, the legacy specs and the CHECK constraints) ----

/** WebAuthn's signature counter is an unsigned 32-bit integer. */
export const MAX_SIGN_COUNT = 4294967295;
/** Largest time accepted (9999-12-31T23:59:59.999Z): both stores and JS `Date` hold it. */
export const MAX_TIME_MS = 253402300799999;
/** Largest Postgres `bigint` (Telegram ids are stored in one). */
const MAX_BIGINT = 9223372036854775807n;

export const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const HASH_HEX = /^[0-9a-f]{64}$/;
export const TRANSPORT = /^[a-z][a-z-]{0,31}$/;
export const TELEGRAM_USER_ID = /^[1-9][0-9]{0,18}$/;
export const TELEGRAM_USERNAME = /^[A-Za-z0-9_]{1,32}$/;
/** A WebAuthn credential id is at most 1023 bytes: 1364 base64url characters. */
export const MAX_CREDENTIAL_ID = 1364;
export const MAX_PUBLIC_KEY = 4096;
export const MAX_TRANSPORTS = 8;

function base64url(field: string, v: unknown, max: number): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a string');
  assertSafeText(field, v);
  if (!BASE64URL.test(v) || v.length > max) throw new ValidationError(field, `must be 1..${max} base64url characters (A-Z a-z 0-9 - _, no padding)`);
  return v;
}

/** A credential id (base64url). */
export function validateCredentialId(v: unknown, field = 'credentialId'): string {
  return base64url(field, v, MAX_CREDENTIAL_ID);
}

/** A token or session hash: 64 lower-case hex digits (a SHA-256), never a raw token. */
export function validateHash(field: string, v: unknown): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a string');
  assertSafeText(field, v);
  if (!HASH_HEX.test(v)) throw new ValidationError(field, 'must be a SHA-256 hash: 64 lower-case hex digits');
  return v;
}

/** A signature counter: an integer in 0..2^32-1. */
export function validateSignCount(v: unknown, field = 'signCount'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SIGN_COUNT) throw new ValidationError(field, `must be an integer in 0..${MAX_SIGN_COUNT}`);
  return v;
}

/** A time in UTC ms: an integer in 0..{@link MAX_TIME_MS}. */
export function validateTime(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_TIME_MS) throw new ValidationError(field, 'must be an integer number of UTC milliseconds in 0..253402300799999');
  return v;
}

/** A Telegram user id: a positive decimal-digit string without leading zeros that fits a bigint. */
export function validateTelegramUserId(v: unknown, field = 'telegramUserId'): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a decimal-digit string');
  assertSafeText(field, v);
  if (!TELEGRAM_USER_ID.test(v) || BigInt(v) > MAX_BIGINT) throw new ValidationError(field, 'must be a positive decimal integer without leading zeros, at most 2^63-1');
  return v;
}

/** WebAuthn transports: at most 8 distinct lower-case names (`usb`, `smart-card`, …), order kept. */
export function validateTransports(v: unknown, field = 'transports'): string[] {
  if (!Array.isArray(v)) throw new ValidationError(field, 'must be an array of strings');
  if (v.length > MAX_TRANSPORTS) throw new ValidationError(field, `must have at most ${MAX_TRANSPORTS} entries`);
  v.forEach((t, i) => {
    if (typeof t !== 'string') throw new ValidationError(`${field}[${i}]`, 'must be a string');
    assertSafeText(`${field}[${i}]`, t);
    if (!TRANSPORT.test(t)) throw new ValidationError(`${field}[${i}]`, 'must be 1..32 lower-case letters or hyphens, starting with a letter');
  });
  if (new Set(v).size !== v.length) throw new ValidationError(field, 'must not repeat a transport');
  return [...(v as string[])];
}

/** An optional Telegram username (1..32 of A-Z a-z 0-9 _, without the @). */
export function validateTelegramUsername(v: unknown, field = 'username'): string | undefined {
  const s = optionalText(field, v, 32);
  if (typeof s !== 'string') return undefined;
  if (!TELEGRAM_USERNAME.test(s)) throw new ValidationError(field, 'must be 1..32 characters of A-Z a-z 0-9 _ (without the @)');
  return s;
}

function object(input: unknown): asserts input is Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ValidationError('input', 'must be an object');
}

function newId(input: Record<string, unknown>): string | undefined {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  return input.id as string | undefined;
}

function userId(v: unknown, field = 'userId'): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be an id string');
  return v;
}

/** Validated `createPasskey` input. */
export interface ValidPasskey {
  id?: string;
  userId: string;
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  name?: string;
}

/** Validates `createPasskey` input; errors name the field. */
export function validateNewPasskey(input: NewPasskey): ValidPasskey {
  object(input);
  const id = newId(input as unknown as Record<string, unknown>);
  const out: ValidPasskey = {
    userId: userId(input.userId),
    credentialId: validateCredentialId(input.credentialId),
    publicKey: base64url('publicKey', input.publicKey, MAX_PUBLIC_KEY),
    signCount: input.signCount === undefined ? 0 : validateSignCount(input.signCount),
    transports: input.transports === undefined ? [] : validateTransports(input.transports),
  };
  const name = optionalText('name', input.name, 100);
  if (typeof name === 'string') out.name = name;
  if (id !== undefined) out.id = id;
  return out;
}

/** Validates `issueRefreshToken` input. */
export function validateNewRefreshToken(input: NewRefreshToken): NewRefreshToken {
  object(input);
  const id = newId(input as unknown as Record<string, unknown>);
  const out: NewRefreshToken = { userId: userId(input.userId), tokenHash: validateHash('tokenHash', input.tokenHash), expiresAt: validateTime('expiresAt', input.expiresAt) };
  if (id !== undefined) out.id = id;
  return out;
}

/** Validates `rotateRefreshToken` input. */
export function validateRotation(input: RefreshTokenRotation): RefreshTokenRotation {
  object(input);
  const id = newId(input as unknown as Record<string, unknown>);
  const out: RefreshTokenRotation = {
    oldTokenHash: validateHash('oldTokenHash', input.oldTokenHash),
    tokenHash: validateHash('tokenHash', input.tokenHash),
    expiresAt: validateTime('expiresAt', input.expiresAt),
  };
  if (id !== undefined) out.id = id;
  return out;
}

/** Validates `linkTelegram` input. */
export function validateNewTelegramLink(input: NewTelegramLink): NewTelegramLink {
  object(input);
  const id = newId(input as unknown as Record<string, unknown>);
  const out: NewTelegramLink = { userId: userId(input.userId), telegramUserId: validateTelegramUserId(input.telegramUserId) };
  const username = validateTelegramUsername(input.username);
  if (username !== undefined) out.username = username;
  if (id !== undefined) out.id = id;
  return out;
}

/** Validates `createTelegramSession` input. */
export function validateNewTelegramSession(input: NewTelegramSession): NewTelegramSession {
  object(input);
  const id = newId(input as unknown as Record<string, unknown>);
  const out: NewTelegramSession = {
    telegramUserId: validateTelegramUserId(input.telegramUserId),
    sessionHash: validateHash('sessionHash', input.sessionHash),
    expiresAt: validateTime('expiresAt', input.expiresAt),
  };
  if (input.userId !== undefined) out.userId = userId(input.userId);
  if (id !== undefined) out.id = id;
  return out;
}

/**
 * WebAuthn clone detection (§7.2 step 21 of the spec): true when a use with counter `next` is
 * acceptable after `stored`. Both 0 is fine (no counter); otherwise the counter must grow.
 */
export function signCountAccepted(stored: number, next: number): boolean {
  return stored === 0 ? true : next > stored;
}
