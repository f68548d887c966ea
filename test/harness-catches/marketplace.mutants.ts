/**
 * Seeded faults of the marketplace domain: each mutant is the real implementation with one
 * deliberate, realistic bug.
 */
import { eq } from 'drizzle-orm';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MarketplaceRepository } from '../../contracts/marketplace.ts';
import { assertSelectable } from '../../contracts/marketplace-offer.ts';
import { drizzleMarketplaceRepository } from '../../repos/drizzle/marketplace.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { mapPgError } from '../../repos/drizzle/errors.ts';
import { inTransaction } from '../../repos/drizzle/transaction.ts';
import { mongoMarketplaceRepository } from '../../repos/mongo/marketplace.ts';
import { toObjectId } from '../../repos/mongo/support.ts';
import { purchaseRequests, sellerOffers } from '../../schema/marketplace.ts';

/** Drizzle marketplace whose `selectOffer` accepts the offer but leaves the other pending offers pending. */
export function drizzleSelectKeepsOthersPending(ctx: DrizzleContext): MarketplaceRepository {
  const repo = drizzleMarketplaceRepository(ctx);
  return {
    ...repo,
    async selectOffer(requestId, offerId) {
      const id = await inTransaction(ctx.db, async (tx) => {
        const [r] = await tx.select().from(purchaseRequests).where(byId(purchaseRequests, requestId)).for('update');
        if (!r) throw new NotFoundError('purchaseRequest', requestId);
        const [o] = await tx.select().from(sellerOffers).where(byId(sellerOffers, offerId)).for('update');
        if (!o) throw new NotFoundError('sellerOffer', offerId);
        assertSelectable({ id: requestId, status: r.status }, o, o.requestId === r.id);
        const now = new Date(ctx.clock.now());
        await tx.update(sellerOffers).set({ status: 'accepted', updatedAt: now }).where(eq(sellerOffers.id, o.id));
        await tx.update(purchaseRequests).set({ status: 'offer_selected', selectedOfferId: o.id, updatedAt: now }).where(eq(purchaseRequests.id, r.id));
        return r.id;
      }).catch((e) => mapPgError(e));
      return (await repo.getRequest(id))!;
    },
  };
}

/**
 * Mongo marketplace whose `updateRequest` rewrites the whole document from the patch's parts and
 * so drops every part the patch does not mention (a `$set` of a rebuilt subdocument set).
 */
export function mongoUpdateDropsParts(ctx: MongoContext): MarketplaceRepository {
  const repo = mongoMarketplaceRepository(ctx);
  const col = ctx.db.collection('purchaseRequests');
  return {
    ...repo,
    async updateRequest(id, patch) {
      const result = await repo.updateRequest(id, patch);
      const _id = toObjectId(id)!;
      const unset: Record<string, ''> = {};
      for (const k of ['deliveryInfo', 'deliveryAddress', 'sellerDeliveryInfo', 'serviceInfo'] as const) if (patch?.[k] === undefined) unset[k] = '';
      if (Object.keys(unset).length) await col.updateOne({ _id }, { $unset: unset });
      return (await repo.getRequest(result.id))!;
    },
  };
}
