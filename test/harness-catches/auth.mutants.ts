/**
 * Seeded faults of the auth domain: each mutant is a real implementation with one deliberate,
 * realistic bug (see `auth.test.ts`).
 */
import { eq } from 'drizzle-orm';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import { validateCredentialId, validateHash, validateSignCount, type AuthRepository } from '../../contracts/auth.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import { drizzleAuthRepository, passkeyFromRow } from '../../repos/drizzle/auth.ts';
import { mongoAuthRepository, refreshTokenFromDoc, type RefreshTokenDoc } from '../../repos/mongo/auth.ts';
import { userPasskeys } from '../../schema/auth.ts';

/**
 * Drizzle passkeys whose `recordPasskeyUse` stores whatever counter the authenticator sent: the
 * clone-detection comparison was lost in a refactor (a replayed or cloned authenticator passes).
 */
export function drizzleAuthAcceptsStaleCounter(ctx: DrizzleContext): AuthRepository {
  const repo = drizzleAuthRepository(ctx);
  return {
    ...repo,
    async recordPasskeyUse(credentialId, signCount) {
      const c = validateCredentialId(credentialId);
      const n = validateSignCount(signCount);
      const now = new Date(ctx.clock.now());
      const [row] = await ctx.db.update(userPasskeys).set({ signCount: n, lastUsedAt: now, updatedAt: now }).where(eq(userPasskeys.credentialId, c)).returning();
      if (!row) throw new NotFoundError('passkey', c);
      return passkeyFromRow(row);
    },
  };
}

/** Mongo refresh tokens whose `findActiveRefreshToken` checks revocation but forgets expiry. */
export function mongoAuthIgnoresExpiry(ctx: MongoContext): AuthRepository {
  const repo = mongoAuthRepository(ctx);
  const tokens = ctx.db.collection<RefreshTokenDoc>('userRefreshTokens');
  return {
    ...repo,
    async findActiveRefreshToken(tokenHash) {
      const d = await tokens.findOne({ tokenHash: validateHash('tokenHash', tokenHash), revokedAt: { $exists: false } });
      return d ? refreshTokenFromDoc(d) : null;
    },
  };
}
