/** Reference model of the shop-settings contract. */
import { NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import {
  SHOP_SETTINGS,
  validateReviewsEnabled,
  validateShopSettingsInput,
  type ShopSettings,
  type ShopSettingsRepository,
} from './shop-settings.ts';
import type { User } from './user.ts';

/** Model of {@link ShopSettingsRepository}. */
export function shopSettingsModel({ clock, state }: ModelContext): ShopSettingsRepository {
  const settings = state.table<ShopSettings>(SHOP_SETTINGS);
  const users = state.table<User>('user');
  const ofSeller = (sellerId: string) => [...settings.values()].find((s) => s.sellerId === sellerId);
  return {
    async upsertForSeller(input) {
      const v = validateShopSettingsInput(input);
      if (!users.has(v.sellerId)) throw new NotFoundError('user', v.sellerId);
      const now = clock.now();
      let s = ofSeller(v.sellerId);
      if (!s) {
        s = { id: v.id ?? state.nextId(), sellerId: v.sellerId, shopName: v.shopName, reviewsEnabled: true, paymentRails: [], createdAt: now, updatedAt: now };
        settings.set(s.id, s);
      }
      s.shopName = v.shopName;
      if (v.description === null) delete s.description;
      else if (v.description !== undefined) s.description = v.description;
      if (v.reviewsEnabled !== undefined) s.reviewsEnabled = v.reviewsEnabled;
      if (v.paymentRails !== undefined) s.paymentRails = v.paymentRails;
      s.updatedAt = now;
      return structuredClone(s);
    },
    async getForSeller(sellerId) {
      const s = ofSeller(sellerId);
      return s ? structuredClone(s) : null;
    },
    async setReviewsEnabled(sellerId, enabled) {
      const e = validateReviewsEnabled(enabled);
      const s = ofSeller(sellerId);
      if (!s) throw new NotFoundError(SHOP_SETTINGS, sellerId);
      Object.assign(s, { reviewsEnabled: e, updatedAt: clock.now() });
      return structuredClone(s);
    },
    async delete(sellerId) {
      const s = ofSeller(sellerId);
      if (!s) throw new NotFoundError(SHOP_SETTINGS, sellerId);
      settings.delete(s.id);
    },
  };
}
