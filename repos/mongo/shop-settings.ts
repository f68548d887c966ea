/**
 * Mongo implementation of the shop-settings contract (collection `shopSettings`, unique index on
 * `sellerId`). Sellers are named by their ObjectId hex: a uuid names no Mongo seller.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import {
  SHOP_SETTINGS,
  validateReviewsEnabled,
  validateShopSettingsInput,
  type PaymentRail,
  type ShopSettings,
  type ShopSettingsRepository,
} from '../../contracts/shop-settings.ts';
import { isDuplicateKey, mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `shopSettings` document. */
export interface ShopSettingsDoc {
  _id: ObjectId;
  sellerId: ObjectId;
  shopName: string;
  description?: string;
  reviewsEnabled: boolean;
  paymentRails: PaymentRail[];
  createdAt: Date;
  updatedAt: Date;
}

/** The contract key of the one-per-seller rule (`DuplicateKeyError.key`, index name). */
export const SHOP_SETTINGS_SELLER_KEY = 'shop_settings.seller';

/** Creates the collection's indexes. */
export async function ensureShopSettingsIndexes(db: Db): Promise<void> {
  await db.collection('shopSettings').createIndex({ sellerId: 1 }, { unique: true, name: SHOP_SETTINGS_SELLER_KEY });
}

/** Contract view of a stored document. */
export function shopSettingsFromDoc(d: ShopSettingsDoc): ShopSettings {
  const s: ShopSettings = {
    id: d._id.toHexString(),
    sellerId: d.sellerId.toHexString(),
    shopName: d.shopName,
    reviewsEnabled: d.reviewsEnabled,
    paymentRails: d.paymentRails,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (typeof d.description === 'string') s.description = d.description;
  return s;
}

/** {@link ShopSettingsRepository} over MongoDB. */
export function mongoShopSettingsRepository({ db, clock }: MongoContext): ShopSettingsRepository {
  const col = db.collection<ShopSettingsDoc>('shopSettings');
  const users = db.collection('users');
  return {
    async upsertForSeller(input) {
      const v = validateShopSettingsInput(input);
      const sellerId = toObjectId(v.sellerId);
      if (!sellerId || !(await users.findOne({ _id: sellerId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.sellerId);
      const now = new Date(clock.now());
      const $set: Partial<ShopSettingsDoc> = { shopName: v.shopName, updatedAt: now };
      if (typeof v.description === 'string') $set.description = v.description;
      if (v.reviewsEnabled !== undefined) $set.reviewsEnabled = v.reviewsEnabled;
      if (v.paymentRails !== undefined) $set.paymentRails = v.paymentRails;
      const update = v.description === null ? { $set, $unset: { description: '' as const } } : { $set };
      // Update, else insert; an insert that loses a race to a concurrent one updates instead.
      // (No upsert: FerretDB 1.24 does not apply $setOnInsert reliably.)
      let d = await col.findOneAndUpdate({ sellerId }, update, { returnDocument: 'after' });
      if (!d) {
        const doc: ShopSettingsDoc = { _id: newObjectId(v.id), sellerId, shopName: v.shopName, reviewsEnabled: v.reviewsEnabled ?? true, paymentRails: v.paymentRails ?? [], createdAt: now, updatedAt: now };
        if (typeof v.description === 'string') doc.description = v.description;
        try {
          await col.insertOne(doc);
          d = doc;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          d = await col.findOneAndUpdate({ sellerId }, update, { returnDocument: 'after' });
          if (!d) mapMongoError(e, SHOP_SETTINGS_SELLER_KEY);
        }
      }
      return shopSettingsFromDoc(d!);
    },
    async getForSeller(sellerId) {
      const sid = toObjectId(sellerId);
      const d = sid && (await col.findOne({ sellerId: sid }));
      return d ? shopSettingsFromDoc(d) : null;
    },
    async setReviewsEnabled(sellerId, enabled) {
      const e = validateReviewsEnabled(enabled);
      const sid = toObjectId(sellerId);
      const d = sid && (await col.findOneAndUpdate({ sellerId: sid }, { $set: { reviewsEnabled: e, updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' }));
      if (!d) throw new NotFoundError(SHOP_SETTINGS, sellerId);
      return shopSettingsFromDoc(d);
    },
    async delete(sellerId) {
      const sid = toObjectId(sellerId);
      const d = sid && (await col.findOneAndDelete({ sellerId: sid }));
      if (!d) throw new NotFoundError(SHOP_SETTINGS, sellerId);
    },
  };
}
