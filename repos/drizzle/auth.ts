/**
 * Drizzle implementation of the auth contract (tables `user_passkeys`, `user_refresh_tokens`,
 * `telegram_links`, `telegram_sessions`).
 *
 * The unique constraints hold the uniqueness rules; the repository checks first only where the
 * contract says which of two conflicts to report (a Telegram link: the user side first). The
 * sign-counter rule is one conditional UPDATE, and rotation locks the old token (`FOR UPDATE`)
 * inside a transaction, so concurrent uses or rotations cannot both succeed.
 */
import { and, asc, eq, gt, isNull, lte, or, lt, sql } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
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
import { telegramLinks, telegramSessions, userPasskeys, userRefreshTokens } from '../../schema/auth.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { byId, ms } from './support.ts';

type PasskeyRow = typeof userPasskeys.$inferSelect;
type TokenRow = typeof userRefreshTokens.$inferSelect;
type LinkRow = typeof telegramLinks.$inferSelect;
type SessionRow = typeof telegramSessions.$inferSelect;

/** Contract view of a `user_passkeys` row. */
export function passkeyFromRow(r: PasskeyRow): Passkey {
  const p: Passkey = {
    id: r.id,
    userId: r.userId,
    credentialId: r.credentialId,
    publicKey: r.publicKey,
    signCount: Number(r.signCount),
    transports: [...r.transports],
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  if (r.name !== null) p.name = r.name;
  if (r.lastUsedAt !== null) p.lastUsedAt = ms(r.lastUsedAt);
  return p;
}

/** Contract view of a `user_refresh_tokens` row. */
export function refreshTokenFromRow(r: TokenRow): RefreshToken {
  const t: RefreshToken = { id: r.id, userId: r.userId, tokenHash: r.tokenHash, expiresAt: ms(r.expiresAt), createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.revokedAt !== null) t.revokedAt = ms(r.revokedAt);
  if (r.replacedBy !== null) t.replacedBy = r.replacedBy;
  return t;
}

/** Contract view of a `telegram_links` row. */
export function telegramLinkFromRow(r: LinkRow): TelegramLink {
  const l: TelegramLink = { id: r.id, userId: r.userId, telegramUserId: String(r.telegramUserId), linkedAt: ms(r.linkedAt), createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.username !== null) l.username = r.username;
  return l;
}

/** Contract view of a `telegram_sessions` row. */
export function telegramSessionFromRow(r: SessionRow): TelegramSession {
  const s: TelegramSession = { id: r.id, telegramUserId: String(r.telegramUserId), sessionHash: r.sessionHash, expiresAt: ms(r.expiresAt), createdAt: ms(r.createdAt) };
  if (r.userId !== null) s.userId = r.userId;
  return s;
}

/** Unique constraints → contract keys; a vanished owner (FK) → `NotFoundError('user')`. */
const constraintErrors = (userId?: string): ConstraintErrors => ({
  user_passkeys_credential_id_unique: () => new DuplicateKeyError(AUTH_KEYS.credentialId),
  user_refresh_tokens_token_hash_unique: () => new DuplicateKeyError(AUTH_KEYS.tokenHash),
  telegram_links_user_id_unique: () => new DuplicateKeyError(AUTH_KEYS.linkUser),
  telegram_links_telegram_user_id_unique: () => new DuplicateKeyError(AUTH_KEYS.linkTelegramUser),
  telegram_sessions_session_hash_unique: () => new DuplicateKeyError(AUTH_KEYS.sessionHash),
  ...(userId !== undefined && {
    user_passkeys_user_id_users_id_fk: () => new NotFoundError('user', userId),
    user_refresh_tokens_user_id_users_id_fk: () => new NotFoundError('user', userId),
    telegram_links_user_id_users_id_fk: () => new NotFoundError('user', userId),
    telegram_sessions_user_id_users_id_fk: () => new NotFoundError('user', userId),
  }),
});

/** The uuid of the user named by `id` (either form), or `NotFoundError('user')`. */
async function requireUser(db: PgDatabase, id: string): Promise<string> {
  const [u] = await db.select({ id: users.id }).from(users).where(byId(users, id));
  if (!u) throw new NotFoundError('user', id);
  return u.id;
}

/** {@link AuthRepository} over Postgres with Drizzle. */
export function drizzleAuthRepository({ db, clock }: DrizzleContext): AuthRepository {
  return {
    async createPasskey(input) {
      const v = validateNewPasskey(input);
      const userId = await requireUser(db, v.userId);
      const now = new Date(clock.now());
      const { id, ...rest } = v;
      const [row] = await db
        .insert(userPasskeys)
        .values({ ...rest, legacyObjectId: id, userId, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e, constraintErrors(v.userId)));
      return passkeyFromRow(row!);
    },
    async findPasskey(credentialId) {
      const [row] = await db.select().from(userPasskeys).where(eq(userPasskeys.credentialId, validateCredentialId(credentialId)));
      return row ? passkeyFromRow(row) : null;
    },
    async listPasskeys(userId) {
      const rows = await db
        .select({ p: userPasskeys })
        .from(userPasskeys)
        .innerJoin(users, eq(users.id, userPasskeys.userId))
        .where(byId(users, userId))
        // COLLATE "C": code-unit order, as JS compares the credential ids in the model.
        .orderBy(asc(userPasskeys.createdAt), sql`${userPasskeys.credentialId} COLLATE "C"`);
      return rows.map((r) => passkeyFromRow(r.p));
    },
    async recordPasskeyUse(credentialId, signCount) {
      const c = validateCredentialId(credentialId);
      const n = validateSignCount(signCount);
      const now = new Date(clock.now());
      const [row] = await db
        .update(userPasskeys)
        .set({ signCount: n, lastUsedAt: now, updatedAt: now })
        .where(and(eq(userPasskeys.credentialId, c), or(eq(userPasskeys.signCount, 0), lt(userPasskeys.signCount, n))))
        .returning()
        .catch((e) => mapPgError(e));
      if (row) return passkeyFromRow(row);
      const [stored] = await db.select({ signCount: userPasskeys.signCount }).from(userPasskeys).where(eq(userPasskeys.credentialId, c));
      if (!stored) throw new NotFoundError('passkey', c);
      throw new InvariantViolation(AUTH_INVARIANTS.signCount, `counter ${n} does not exceed the stored ${stored.signCount}`);
    },
    async deletePasskey(id) {
      const rows = await db.delete(userPasskeys).where(byId(userPasskeys, id)).returning({ id: userPasskeys.id });
      if (rows.length === 0) throw new NotFoundError('passkey', id);
    },
    async issueRefreshToken(input) {
      const v = validateNewRefreshToken(input);
      const userId = await requireUser(db, v.userId);
      const now = new Date(clock.now());
      const [row] = await db
        .insert(userRefreshTokens)
        .values({ legacyObjectId: v.id, userId, tokenHash: v.tokenHash, expiresAt: new Date(v.expiresAt), createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e, constraintErrors(v.userId)));
      return refreshTokenFromRow(row!);
    },
    async findActiveRefreshToken(tokenHash) {
      const h = validateHash('tokenHash', tokenHash);
      const [row] = await db
        .select()
        .from(userRefreshTokens)
        .where(and(eq(userRefreshTokens.tokenHash, h), isNull(userRefreshTokens.revokedAt), gt(userRefreshTokens.expiresAt, new Date(clock.now()))));
      return row ? refreshTokenFromRow(row) : null;
    },
    async rotateRefreshToken(input) {
      const v = validateRotation(input);
      const now = new Date(clock.now());
      return inTransaction(db, async (tx) => {
        const [old] = await tx.select().from(userRefreshTokens).where(eq(userRefreshTokens.tokenHash, v.oldTokenHash)).for('update');
        if (!old) throw new NotFoundError('refreshToken', v.oldTokenHash);
        if (old.revokedAt !== null) throw new InvariantViolation(AUTH_INVARIANTS.tokenReuse, 'the token was already rotated or revoked');
        if (old.expiresAt.getTime() <= now.getTime()) throw new InvariantViolation(AUTH_INVARIANTS.tokenExpired, 'the token has expired');
        const [row] = await tx
          .insert(userRefreshTokens)
          .values({ legacyObjectId: v.id, userId: old.userId, tokenHash: v.tokenHash, expiresAt: new Date(v.expiresAt), createdAt: now, updatedAt: now })
          .returning();
        await tx.update(userRefreshTokens).set({ revokedAt: now, replacedBy: row!.id, updatedAt: now }).where(eq(userRefreshTokens.id, old.id));
        return refreshTokenFromRow(row!);
      }).catch((e) => mapPgError(e, constraintErrors()));
    },
    async revokeAllRefreshTokens(userId) {
      const now = new Date(clock.now());
      const owner = db.select({ id: users.id }).from(users).where(byId(users, userId));
      const rows = await db
        .update(userRefreshTokens)
        .set({ revokedAt: now, updatedAt: now })
        .where(and(sql`${userRefreshTokens.userId} IN (${owner})`, isNull(userRefreshTokens.revokedAt)))
        .returning({ id: userRefreshTokens.id });
      return rows.length;
    },
    async linkTelegram(input) {
      const v = validateNewTelegramLink(input);
      return inTransaction(db, async (tx) => {
        // Locking the owner serializes links of one user; the unique indexes cover the rest.
        const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, v.userId)).for('update');
        if (!u) throw new NotFoundError('user', v.userId);
        const [mine] = await tx.select({ id: telegramLinks.id }).from(telegramLinks).where(eq(telegramLinks.userId, u.id));
        if (mine) throw new DuplicateKeyError(AUTH_KEYS.linkUser);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(telegramLinks)
          .values({ legacyObjectId: v.id, userId: u.id, telegramUserId: BigInt(v.telegramUserId), username: v.username ?? null, linkedAt: now, createdAt: now, updatedAt: now })
          .returning();
        return telegramLinkFromRow(row!);
      }).catch((e) => mapPgError(e, constraintErrors(v.userId)));
    },
    async findTelegramLinkByUser(userId) {
      const rows = await db.select({ l: telegramLinks }).from(telegramLinks).innerJoin(users, eq(users.id, telegramLinks.userId)).where(byId(users, userId));
      return rows[0] ? telegramLinkFromRow(rows[0].l) : null;
    },
    async findTelegramLinkByTelegramUser(telegramUserId) {
      const [row] = await db.select().from(telegramLinks).where(eq(telegramLinks.telegramUserId, BigInt(validateTelegramUserId(telegramUserId))));
      return row ? telegramLinkFromRow(row) : null;
    },
    async unlinkTelegram(userId) {
      const owner = db.select({ id: users.id }).from(users).where(byId(users, userId));
      const rows = await db.delete(telegramLinks).where(sql`${telegramLinks.userId} IN (${owner})`).returning({ id: telegramLinks.id });
      if (rows.length === 0) throw new NotFoundError('telegramLink', userId);
    },
    async createTelegramSession(input) {
      const v = validateNewTelegramSession(input);
      const userId = v.userId === undefined ? null : await requireUser(db, v.userId);
      const [row] = await db
        .insert(telegramSessions)
        .values({ legacyObjectId: v.id, telegramUserId: BigInt(v.telegramUserId), userId, sessionHash: v.sessionHash, expiresAt: new Date(v.expiresAt), createdAt: new Date(clock.now()) })
        .returning()
        .catch((e) => mapPgError(e, constraintErrors(v.userId)));
      return telegramSessionFromRow(row!);
    },
    async findActiveTelegramSession(sessionHash) {
      const h = validateHash('sessionHash', sessionHash);
      const [row] = await db
        .select()
        .from(telegramSessions)
        .where(and(eq(telegramSessions.sessionHash, h), gt(telegramSessions.expiresAt, new Date(clock.now()))));
      return row ? telegramSessionFromRow(row) : null;
    },
    async deleteExpiredTelegramSessions() {
      const rows = await db.delete(telegramSessions).where(lte(telegramSessions.expiresAt, new Date(clock.now()))).returning({ id: telegramSessions.id });
      return rows.length;
    },
  };
}
