/**
 * Trezor accounts and their derived addresses. `next_index` is one past the highest index the
 * account has handed out (the repositories raise it in the same transaction that inserts the
 * address, with the account row locked); an index appears once per account, an address once.
 * Addresses go with their account (ON DELETE CASCADE).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { MAX_CHILD_INDEX, XPUB_PATTERN } from '../contracts/trezor.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { chainNetworkEnum } from './derived-destinations.ts';
import { users } from './users.ts';

export const trezorAccounts = pgTable(
  'trezor_accounts',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    xpub: text('xpub').notNull(),
    label: text('label'),
    network: chainNetworkEnum('network').notNull(),
    // bigint: after index 2^31-1 is taken, next_index is 2^31, one past an `integer`.
    nextIndex: bigint('next_index', { mode: 'number' }).notNull().default(0),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    legacyObjectIdCheck('trezor_accounts', t.legacyObjectId),
    check('trezor_accounts_xpub_shape', sql`${t.xpub} ~ ${sql.raw(`'${XPUB_PATTERN}'`)}`),
    check('trezor_accounts_label_length', sql`char_length(${t.label}) <= 50`),
    check('trezor_accounts_next_index_range', sql`${t.nextIndex} BETWEEN 0 AND ${sql.raw(String(MAX_CHILD_INDEX + 1))}`),
    uniqueIndex('trezor_accounts_xpub_uq').on(t.xpub),
    index('trezor_accounts_user_idx').on(t.userId, t.createdAt, t.seq),
  ],
);

export const trezorDerivedAddresses = pgTable(
  'trezor_derived_addresses',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => trezorAccounts.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    address: text('address').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('trezor_derived_addresses', t.legacyObjectId),
    check('trezor_derived_addresses_index_range', sql`${t.index} >= 0`),
    unique('trezor_derived_addresses_account_index_uq').on(t.accountId, t.index),
    uniqueIndex('trezor_derived_addresses_address_uq').on(t.address),
  ],
);
