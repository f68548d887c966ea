/** Reference model of the auth contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import {
  AUTH_INVARIANTS,
  AUTH_KEYS,
  signCountAccepted,
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
} from './auth.ts';
import type { User } from './user.ts';

const copy = <T>(v: T): T => structuredClone(v);

/** Model of {@link AuthRepository}. */
export function authModel({ clock, state }: ModelContext): AuthRepository {
  const users = state.table<User>('user');
  const passkeys = state.table<Passkey>('passkey');
  const tokens = state.table<RefreshToken>('refreshToken');
  const links = state.table<TelegramLink>('telegramLink');
  const sessions = state.table<TelegramSession>('telegramSession');
  const requireUser = (id: string) => {
    if (!users.has(id)) throw new NotFoundError('user', id);
  };
  const passkeyBy = (credentialId: string) => [...passkeys.values()].find((p) => p.credentialId === credentialId);
  const tokenBy = (hash: string) => [...tokens.values()].find((t) => t.tokenHash === hash);
  const linkOf = (userId: string) => [...links.values()].find((l) => l.userId === userId);
  const isActive = (t: RefreshToken, now: number) => t.revokedAt === undefined && t.expiresAt > now;
  return {
    async createPasskey(input) {
      const v = validateNewPasskey(input);
      requireUser(v.userId);
      if (passkeyBy(v.credentialId)) throw new DuplicateKeyError(AUTH_KEYS.credentialId);
      const now = clock.now();
      const { id, ...rest } = v;
      const p: Passkey = { id: id ?? state.nextId(), ...rest, createdAt: now, updatedAt: now };
      passkeys.set(p.id, p);
      return copy(p);
    },
    async findPasskey(credentialId) {
      const p = passkeyBy(validateCredentialId(credentialId));
      return p ? copy(p) : null;
    },
    async listPasskeys(userId) {
      return [...passkeys.values()]
        .filter((p) => p.userId === userId)
        .sort((a, b) => a.createdAt - b.createdAt || (a.credentialId < b.credentialId ? -1 : a.credentialId > b.credentialId ? 1 : 0))
        .map(copy);
    },
    async recordPasskeyUse(credentialId, signCount) {
      const c = validateCredentialId(credentialId);
      const n = validateSignCount(signCount);
      const p = passkeyBy(c);
      if (!p) throw new NotFoundError('passkey', c);
      if (!signCountAccepted(p.signCount, n)) throw new InvariantViolation(AUTH_INVARIANTS.signCount, `counter ${n} does not exceed the stored ${p.signCount}`);
      const now = clock.now();
      Object.assign(p, { signCount: n, lastUsedAt: now, updatedAt: now });
      return copy(p);
    },
    async deletePasskey(id) {
      if (!passkeys.delete(id)) throw new NotFoundError('passkey', id);
    },
    async issueRefreshToken(input) {
      const v = validateNewRefreshToken(input);
      requireUser(v.userId);
      if (tokenBy(v.tokenHash)) throw new DuplicateKeyError(AUTH_KEYS.tokenHash);
      const now = clock.now();
      const t: RefreshToken = { id: v.id ?? state.nextId(), userId: v.userId, tokenHash: v.tokenHash, expiresAt: v.expiresAt, createdAt: now, updatedAt: now };
      tokens.set(t.id, t);
      return copy(t);
    },
    async findActiveRefreshToken(tokenHash) {
      const t = tokenBy(validateHash('tokenHash', tokenHash));
      return t && isActive(t, clock.now()) ? copy(t) : null;
    },
    async rotateRefreshToken(input) {
      const v = validateRotation(input);
      const old = tokenBy(v.oldTokenHash);
      if (!old) throw new NotFoundError('refreshToken', v.oldTokenHash);
      const now = clock.now();
      if (old.revokedAt !== undefined) throw new InvariantViolation(AUTH_INVARIANTS.tokenReuse, 'the token was already rotated or revoked');
      if (old.expiresAt <= now) throw new InvariantViolation(AUTH_INVARIANTS.tokenExpired, 'the token has expired');
      if (tokenBy(v.tokenHash)) throw new DuplicateKeyError(AUTH_KEYS.tokenHash);
      const t: RefreshToken = { id: v.id ?? state.nextId(), userId: old.userId, tokenHash: v.tokenHash, expiresAt: v.expiresAt, createdAt: now, updatedAt: now };
      tokens.set(t.id, t);
      Object.assign(old, { revokedAt: now, replacedBy: t.id, updatedAt: now });
      return copy(t);
    },
    async revokeAllRefreshTokens(userId) {
      const now = clock.now();
      let n = 0;
      for (const t of tokens.values()) {
        if (t.userId !== userId || t.revokedAt !== undefined) continue;
        Object.assign(t, { revokedAt: now, updatedAt: now });
        n++;
      }
      return n;
    },
    async linkTelegram(input) {
      const v = validateNewTelegramLink(input);
      requireUser(v.userId);
      if (linkOf(v.userId)) throw new DuplicateKeyError(AUTH_KEYS.linkUser);
      if ([...links.values()].some((l) => l.telegramUserId === v.telegramUserId)) throw new DuplicateKeyError(AUTH_KEYS.linkTelegramUser);
      const now = clock.now();
      const { id, ...rest } = v;
      const l: TelegramLink = { id: id ?? state.nextId(), ...rest, linkedAt: now, createdAt: now, updatedAt: now };
      links.set(l.id, l);
      return copy(l);
    },
    async findTelegramLinkByUser(userId) {
      const l = linkOf(userId);
      return l ? copy(l) : null;
    },
    async findTelegramLinkByTelegramUser(telegramUserId) {
      const tg = validateTelegramUserId(telegramUserId);
      const l = [...links.values()].find((x) => x.telegramUserId === tg);
      return l ? copy(l) : null;
    },
    async unlinkTelegram(userId) {
      const l = linkOf(userId);
      if (!l) throw new NotFoundError('telegramLink', userId);
      links.delete(l.id);
    },
    async createTelegramSession(input) {
      const v = validateNewTelegramSession(input);
      if (v.userId !== undefined) requireUser(v.userId);
      if ([...sessions.values()].some((s) => s.sessionHash === v.sessionHash)) throw new DuplicateKeyError(AUTH_KEYS.sessionHash);
      const { id, ...rest } = v;
      const s: TelegramSession = { id: id ?? state.nextId(), ...rest, createdAt: clock.now() };
      sessions.set(s.id, s);
      return copy(s);
    },
    async findActiveTelegramSession(sessionHash) {
      const h = validateHash('sessionHash', sessionHash);
      const s = [...sessions.values()].find((x) => x.sessionHash === h);
      return s && s.expiresAt > clock.now() ? copy(s) : null;
    },
    async deleteExpiredTelegramSessions() {
      const now = clock.now();
      let n = 0;
      for (const [id, s] of sessions) {
        if (s.expiresAt <= now) {
          sessions.delete(id);
          n++;
        }
      }
      return n;
    },
  };
}
