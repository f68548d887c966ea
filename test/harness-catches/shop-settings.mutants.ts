/** Seeded faults of the shop-settings domain (see `mutants.ts` for the idea). */
import { eq } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { isUuid } from '../../contracts/ids.ts';
import type { ShopSettingsRepository } from '../../contracts/shop-settings.ts';
import { drizzleShopSettingsRepository, shopSettingsFromRow } from '../../repos/drizzle/shop-settings.ts';
import { shopSettings } from '../../schema/shop-settings.ts';

/**
 * Drizzle shop settings whose `getForSeller` matches `seller_id` against the argument directly:
 * right for a uuid, nothing for a 24-hex legacy id (the source system's pre-2.8.56 lookup).
 */
export function drizzleShopSettingsUuidOnlyLookup(ctx: DrizzleContext): ShopSettingsRepository {
  const repo = drizzleShopSettingsRepository(ctx);
  return {
    ...repo,
    async getForSeller(sellerId) {
      if (!isUuid(sellerId)) return null;
      const [row] = await ctx.db.select().from(shopSettings).where(eq(shopSettings.sellerId, sellerId));
      return row ? shopSettingsFromRow(row) : null;
    },
  };
}
