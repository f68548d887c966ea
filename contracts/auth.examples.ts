/** Example spec of the auth contract. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { AUTH_INVARIANTS, AUTH_KEYS, type AuthRepository, type NewPasskey } from './auth.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const auth = (r: Repos) => r.auth as AuthRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `owner${Math.random().toString(36).slice(2)}@example.com` });
const key = (userId: string, extra: Partial<NewPasskey> = {}): NewPasskey => ({ userId, credentialId: 'Y3JlZC1h', publicKey: 'pQECAyYgASFYIA', ...extra });
const H = (c: string) => c.repeat(64);
/** Far in the future of every run's clock. */
const LATER = Date.UTC(2100, 0, 1);

export const authExamples: readonly Example[] = [
  {
    name: 'refuses a credential id another user already registered',
    async run({ repos }) {
      const [a, b] = [await owner(repos), await owner(repos)];
      const p = await auth(repos).createPasskey(key(a.id, { transports: ['usb', 'nfc'] }));
      assert.deepEqual(p.transports, ['usb', 'nfc']);
      assert.equal(p.signCount, 0);
      await rejectsWith(auth(repos).createPasskey(key(b.id)), DuplicateKeyError, { key: AUTH_KEYS.credentialId });
      assert.deepEqual((await auth(repos).listPasskeys(b.id)).length, 0);
      await auth(repos).deletePasskey(p.id);
      assert.equal(await auth(repos).findPasskey('Y3JlZC1h'), null);
      await rejectsWith(auth(repos).deletePasskey(p.id), NotFoundError, { entity: 'passkey' });
    },
  },
  {
    name: 'detects a cloned authenticator: a non-zero counter must grow, 0 after 0 is allowed',
    async run({ repos }) {
      const u = await owner(repos);
      await auth(repos).createPasskey(key(u.id, { credentialId: 'bm9jb3VudGVy' }));
      assert.equal((await auth(repos).recordPasskeyUse('bm9jb3VudGVy', 0)).signCount, 0);
      await auth(repos).createPasskey(key(u.id, { signCount: 5 }));
      const used = await auth(repos).recordPasskeyUse('Y3JlZC1h', 6);
      assert.equal(used.signCount, 6);
      assert.equal(typeof used.lastUsedAt, 'number');
      await rejectsWith(auth(repos).recordPasskeyUse('Y3JlZC1h', 6), InvariantViolation, { invariant: AUTH_INVARIANTS.signCount });
      await rejectsWith(auth(repos).recordPasskeyUse('Y3JlZC1h', 0), InvariantViolation, { invariant: AUTH_INVARIANTS.signCount });
      assert.equal((await auth(repos).findPasskey('Y3JlZC1h'))?.signCount, 6);
      await rejectsWith(auth(repos).recordPasskeyUse('Y3JlZC1h', -1), ValidationError, { field: 'signCount' });
      await rejectsWith(auth(repos).recordPasskeyUse('Y3JlZC1o', 9), NotFoundError, { entity: 'passkey' });
    },
  },
  {
    name: 'finds a refresh token only while it is neither revoked nor expired, and never by a raw token',
    async run({ repos, probe }) {
      const u = await owner(repos);
      await rejectsWith(auth(repos).issueRefreshToken({ userId: u.id, tokenHash: 'raw-refresh-token', expiresAt: LATER }), ValidationError, { field: 'tokenHash' });
      for (const n of await probe.count({ mongo: 'userRefreshTokens', pg: 'user_refresh_tokens', model: 'refreshToken' })) assert.equal(n, 0);
      const live = await auth(repos).issueRefreshToken({ userId: u.id, tokenHash: H('a'), expiresAt: LATER });
      // Expires at its own creation instant: already in the past at the next read.
      await auth(repos).issueRefreshToken({ userId: u.id, tokenHash: H('b'), expiresAt: live.createdAt });
      assert.deepEqual(await auth(repos).findActiveRefreshToken(H('a')), live);
      assert.equal(await auth(repos).findActiveRefreshToken(H('b')), null);
      assert.equal(await auth(repos).revokeAllRefreshTokens(u.id), 2);
      assert.equal(await auth(repos).findActiveRefreshToken(H('a')), null);
      assert.equal(await auth(repos).revokeAllRefreshTokens(u.id), 0);
    },
  },
  {
    name: 'rotates a token once: the old one is revoked and points at its successor; reuse and expiry are refused',
    async run({ repos }) {
      const u = await owner(repos);
      await auth(repos).issueRefreshToken({ userId: u.id, tokenHash: H('a'), expiresAt: LATER });
      const next = await auth(repos).rotateRefreshToken({ oldTokenHash: H('a'), tokenHash: H('b'), expiresAt: LATER });
      assert.equal(next.userId, u.id);
      assert.ok(!('revokedAt' in next) && !('replacedBy' in next));
      assert.equal(await auth(repos).findActiveRefreshToken(H('a')), null);
      await rejectsWith(auth(repos).rotateRefreshToken({ oldTokenHash: H('a'), tokenHash: H('c'), expiresAt: LATER }), InvariantViolation, { invariant: AUTH_INVARIANTS.tokenReuse });
      assert.equal(await auth(repos).findActiveRefreshToken(H('c')), null);
      await rejectsWith(auth(repos).rotateRefreshToken({ oldTokenHash: H('b'), tokenHash: H('b'), expiresAt: LATER }), DuplicateKeyError, { key: AUTH_KEYS.tokenHash });
      const old = await auth(repos).issueRefreshToken({ userId: u.id, tokenHash: H('d'), expiresAt: next.createdAt });
      await rejectsWith(auth(repos).rotateRefreshToken({ oldTokenHash: old.tokenHash, tokenHash: H('e'), expiresAt: LATER }), InvariantViolation, { invariant: AUTH_INVARIANTS.tokenExpired });
      await rejectsWith(auth(repos).rotateRefreshToken({ oldTokenHash: H('f'), tokenHash: H('e'), expiresAt: LATER }), NotFoundError, { entity: 'refreshToken' });
      // The successor still works after the failed attempts.
      assert.deepEqual(await auth(repos).findActiveRefreshToken(H('b')), next);
    },
  },
  {
    name: 'links a user to one Telegram account and an account to one user, naming the conflicting side',
    async run({ repos }) {
      const [a, b] = [await owner(repos), await owner(repos)];
      const big = '9007199254740993'; // 2^53 + 1: not a JS number
      const link = await auth(repos).linkTelegram({ userId: a.id, telegramUserId: big, username: 'alice_bot' });
      assert.equal(link.telegramUserId, big);
      assert.deepEqual(await auth(repos).findTelegramLinkByTelegramUser(big), link);
      await rejectsWith(auth(repos).linkTelegram({ userId: a.id, telegramUserId: '777000' }), DuplicateKeyError, { key: AUTH_KEYS.linkUser });
      await rejectsWith(auth(repos).linkTelegram({ userId: b.id, telegramUserId: big }), DuplicateKeyError, { key: AUTH_KEYS.linkTelegramUser });
      await rejectsWith(auth(repos).linkTelegram({ userId: b.id, telegramUserId: '0123' }), ValidationError, { field: 'telegramUserId' });
      await auth(repos).unlinkTelegram(a.id);
      assert.equal(await auth(repos).findTelegramLinkByUser(a.id), null);
      await rejectsWith(auth(repos).unlinkTelegram(a.id), NotFoundError, { entity: 'telegramLink' });
      const relinked = await auth(repos).linkTelegram({ userId: b.id, telegramUserId: big });
      assert.ok(!('username' in relinked));
    },
  },
  {
    name: 'keeps Telegram sessions until they expire and deletes exactly the expired ones',
    async run({ repos }) {
      const u = await owner(repos);
      const pending = await auth(repos).createTelegramSession({ telegramUserId: '777000', sessionHash: H('a'), expiresAt: LATER });
      assert.ok(!('userId' in pending));
      const linked = await auth(repos).createTelegramSession({ telegramUserId: '777000', userId: u.id, sessionHash: H('b'), expiresAt: pending.createdAt });
      assert.equal(linked.userId, u.id);
      await rejectsWith(auth(repos).createTelegramSession({ telegramUserId: '777000', sessionHash: H('a'), expiresAt: LATER }), DuplicateKeyError, { key: AUTH_KEYS.sessionHash });
      assert.deepEqual(await auth(repos).findActiveTelegramSession(H('a')), pending);
      assert.equal(await auth(repos).findActiveTelegramSession(H('b')), null);
      assert.equal(await auth(repos).deleteExpiredTelegramSessions(), 1);
      assert.equal(await auth(repos).deleteExpiredTelegramSessions(), 0);
      assert.deepEqual(await auth(repos).findActiveTelegramSession(H('a')), pending);
    },
  },
];
