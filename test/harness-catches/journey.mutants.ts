/**
 * Seeded cross-domain fault for the journey: a real implementation with one deliberate, realistic
 * bug that only shows when two domains' commands meet in one sequence.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import type { MarketplaceRepository } from '../../contracts/marketplace.ts';
import { drizzleMarketplaceRepository } from '../../repos/drizzle/marketplace.ts';
import { releaseHolds } from '../../schema/release-holds.ts';

/**
 * Drizzle marketplace whose `transitionStatus` "tidies up" after a request closes: completing it
 * releases the request's active release holds, cancelling it cancels them (a cascade someone
 * assumed the source system had; the contracts say a hold ends only through release-hold's own
 * `release`/`cancel`). The marketplace's own runs never place a hold and release-hold's never move
 * a request, so neither single-domain run can see it; the journey does both.
 */
export function drizzleRequestCloseEndsHolds(ctx: DrizzleContext): MarketplaceRepository {
  const repo = drizzleMarketplaceRepository(ctx);
  return {
    ...repo,
    async transitionStatus(id, status) {
      const request = await repo.transitionStatus(id, status);
      if (request.status === 'completed' || request.status === 'cancelled') {
        const now = new Date(ctx.clock.now());
        await ctx.db
          .update(releaseHolds)
          .set({ status: request.status === 'completed' ? 'released' : 'cancelled', releasedAt: now, updatedAt: now })
          .where(and(eq(releaseHolds.purchaseRequestId, request.id), inArray(releaseHolds.status, ['active'])));
      }
      return request;
    },
  };
}
