/**
 * Drizzle implementation of the shop-settings contract (table `shop_settings`, one row per
 * seller by a unique `seller_id`).
 *
 * The seller is always resolved through `users` with `byId`, so a uuid and a 24-hex legacy id
 * both work: the source system's 2.8.56 fixed a lookup that accepted only one of the forms.
 */
import { sql } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import {
  SHOP_SETTINGS,
  validateReviewsEnabled,
  validateShopSettingsInput,
  type PaymentRail,
  type ShopSettings,
  type ShopSettingsRepository,
} from '../../contracts/shop-settings.ts';
import { shopSettings } from '../../schema/shop-settings.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { byId, ms } from './support.ts';

type Row = typeof shopSettings.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function shopSettingsFromRow(r: Row): ShopSettings {
  const s: ShopSettings = {
    id: r.id,
    sellerId: r.sellerId,
    shopName: r.shopName,
    reviewsEnabled: r.reviewsEnabled,
    paymentRails: r.paymentRails as PaymentRail[],
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  if (r.description !== null) s.description = r.description;
  return s;
}

/** The uuid of the seller named by `sellerId` (either id form), or null. */
export async function sellerUuid(db: PgDatabase, sellerId: string): Promise<string | null> {
  const [u] = await db.select({ id: users.id }).from(users).where(byId(users, sellerId));
  return u?.id ?? null;
}

/** WHERE condition: the settings of the seller named by `sellerId` in either id form. */
const ofSeller = (sellerId: string) => sql`${shopSettings.sellerId} = (SELECT ${users.id} FROM ${users} WHERE ${byId(users, sellerId)})`;

/** {@link ShopSettingsRepository} over Postgres with Drizzle. */
export function drizzleShopSettingsRepository({ db, clock }: DrizzleContext): ShopSettingsRepository {
  return {
    async upsertForSeller(input) {
      const v = validateShopSettingsInput(input);
      const sellerId = await sellerUuid(db, v.sellerId);
      if (!sellerId) throw new NotFoundError('user', v.sellerId);
      const now = new Date(clock.now());
      const set: Partial<typeof shopSettings.$inferInsert> = { shopName: v.shopName, updatedAt: now };
      if (v.description !== undefined) set.description = v.description;
      if (v.reviewsEnabled !== undefined) set.reviewsEnabled = v.reviewsEnabled;
      if (v.paymentRails !== undefined) set.paymentRails = v.paymentRails;
      // One statement: concurrent upserts for one seller cannot create two rows (seller_id is unique).
      const [row] = await db
        .insert(shopSettings)
        .values({
          legacyObjectId: v.id,
          sellerId,
          shopName: v.shopName,
          description: v.description ?? null,
          reviewsEnabled: v.reviewsEnabled ?? true,
          paymentRails: v.paymentRails ?? [],
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({ target: shopSettings.sellerId, set })
        .returning()
        .catch((e) => mapPgError(e, { shop_settings_seller_id_users_id_fk: () => new NotFoundError('user', v.sellerId) }));
      return shopSettingsFromRow(row!);
    },
    async getForSeller(sellerId) {
      const [row] = await db.select().from(shopSettings).where(ofSeller(sellerId));
      return row ? shopSettingsFromRow(row) : null;
    },
    async setReviewsEnabled(sellerId, enabled) {
      const e = validateReviewsEnabled(enabled);
      const [row] = await db
        .update(shopSettings)
        .set({ reviewsEnabled: e, updatedAt: new Date(clock.now()) })
        .where(ofSeller(sellerId))
        .returning();
      if (!row) throw new NotFoundError(SHOP_SETTINGS, sellerId);
      return shopSettingsFromRow(row);
    },
    async delete(sellerId) {
      const rows = await db.delete(shopSettings).where(ofSeller(sellerId)).returning({ id: shopSettings.id });
      if (rows.length === 0) throw new NotFoundError(SHOP_SETTINGS, sellerId);
    },
  };
}
