/**
 * Shop settings (the source system's shop-settings facade): one row per seller, with the
 * seller's payment rails as a jsonb list.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { jsonPayload } from './json-column.ts';
import { users } from './users.ts';

export const shopSettings = pgTable(
  'shop_settings',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // One per seller; the settings go with the seller's account.
    sellerId: uuid('seller_id')
      .notNull()
      .unique('shop_settings_seller_id_unique')
      .references(() => users.id, { onDelete: 'cascade' }),
    shopName: text('shop_name').notNull(),
    description: text('description'),
    reviewsEnabled: boolean('reviews_enabled').notNull().default(true),
    paymentRails: jsonPayload('payment_rails').notNull().default(sql`'[]'::jsonb`),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('shop_settings', t.legacyObjectId),
    check('shop_settings_shop_name_length', sql`char_length(${t.shopName}) BETWEEN 1 AND 100 AND btrim(${t.shopName}) <> ''`),
    check('shop_settings_description_length', sql`char_length(${t.description}) <= 1000`),
    check('shop_settings_payment_rails_array', sql`jsonb_typeof(${t.paymentRails}) = 'array'`),
  ],
);
