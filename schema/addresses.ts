/** User addresses (the source system's address-store facade): at most one primary per user. */
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ADDRESS_TYPES } from '../contracts/address.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

export const addressTypeEnum = pgEnum('address_type', ADDRESS_TYPES);

export const addresses = pgTable(
  'addresses',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: addressTypeEnum('type').notNull().default('shipping'),
    label: text('label'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    postalCode: text('postal_code'),
    country: text('country').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('addresses', t.legacyObjectId),
    check('addresses_country_iso2', sql`${t.country} ~ '^[A-Z]{2}$'`),
    index('addresses_user_id_idx').on(t.userId),
    // The source system's rule, enforced by the database itself: concurrent writers cannot
    // leave two primaries behind (the repository also serializes per user).
    uniqueIndex('addresses_one_primary_per_user').on(t.userId).where(sql`${t.isPrimary}`),
  ],
);
