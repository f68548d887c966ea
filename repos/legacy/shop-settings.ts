/**
 * Stored-entity spec of shop settings: collection `shopSettings` ↔ table `shop_settings`.
 *
 * Canonical record: {@link ShopSettings} with legacy ids (`sellerId` is the seller's ObjectId hex).
 * A document missing `reviewsEnabled` or `paymentRails` reads as the contract defaults (true, []).
 *
 * @public
 */
import type { Document } from 'mongodb';
import { validatePaymentRails, type PaymentRail, type ShopSettings } from '../../contracts/shop-settings.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { shopSettings } from '../../schema/shop-settings.ts';
import { readJson } from './json-shape.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type StoredEntity } from './spec.ts';

/** A `shop_settings` row as Drizzle reads it. */
export type ShopSettingsRow = typeof shopSettings.$inferSelect;
/** Insert values of a `shop_settings` row. */
export type ShopSettingsInsert = typeof shopSettings.$inferInsert;

/** Canonical {@link ShopSettings} of a `shopSettings` document. Throws `LegacyShapeError`. */
export function shopSettingsFromLegacy(doc: Document): LegacyReading<ShopSettings> {
  const r = new ShapeReader(doc);
  const rails = readJson(doc, 'paymentRails', true);
  if (rails === undefined) r.flag('paymentRails', 'defaulted', 'missing; read as the contract default []');
  const s: ShopSettings = {
    id: r.id(),
    sellerId: r.ref('sellerId'),
    shopName: r.string('shopName'),
    reviewsEnabled: r.boolean('reviewsEnabled', true),
    paymentRails: (rails ?? []) as PaymentRail[],
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(s, { description: r.optionalString('description') }, ['description']), flags: r.flags };
}

/** The `shop_settings` spec. */
export const shopSettingsEntity: StoredEntity<ShopSettings, ShopSettingsRow, ShopSettingsInsert> = {
  name: 'shopSettings',
  domain: 'shop-settings',
  collection: 'shopSettings',
  table: 'shop_settings',
  pgTable: shopSettings,
  references: { sellerId: 'users' },
  appendOnly: false,
  fromDocument: shopSettingsFromLegacy,
  validate: (s) =>
    collectViolations([
      () => requireText('shopName', s.shopName, 100),
      () => optionalText('description', s.description, 1000),
      () => validatePaymentRails('paymentRails', s.paymentRails),
    ]),
  fromRow(row, refs) {
    const s: ShopSettings = {
      id: rowId(row),
      sellerId: refId(refs, 'sellerId', row.sellerId),
      shopName: row.shopName,
      reviewsEnabled: row.reviewsEnabled,
      paymentRails: row.paymentRails as PaymentRail[],
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(s, row, ['description']);
  },
  toRow(s, resolve) {
    return {
      legacyObjectId: s.id,
      sellerId: resolve('users', s.sellerId),
      shopName: s.shopName,
      description: s.description ?? null,
      reviewsEnabled: s.reviewsEnabled,
      paymentRails: s.paymentRails,
      createdAt: new Date(s.createdAt),
      updatedAt: new Date(s.updatedAt),
    };
  },
};
