/**
 * Derived deposit destinations and their sweeps. Address and derivation path are each unique; a
 * sweep's currency must be its destination's (composite foreign key onto a unique
 * `(id, currency)`, as the funds ledger does with payments); `seq` is the creation order that
 * breaks ties between equal `created_at` values (uuids are random, so they cannot).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgEnum, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ADDRESS_PATTERN, DERIVATION_PATH_PATTERN, DESTINATION_STATUSES, NETWORKS, SWEEP_STATUSES, TX_HASH_PATTERN } from '../contracts/derived-destination.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { currencyEnum, moneyChecks, moneyColumn } from './money.ts';
import { payments } from './payments.ts';
import { users } from './users.ts';

export const chainNetworkEnum = pgEnum('chain_network', NETWORKS);
export const derivedDestinationStatusEnum = pgEnum('derived_destination_status', DESTINATION_STATUSES);
export const sweepStatusEnum = pgEnum('derived_destination_sweep_status', SWEEP_STATUSES);

export const derivedDestinations = pgTable(
  'derived_destinations',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    // A payment may go (it never does through the repositories); its destination stays the user's.
    paymentId: uuid('payment_id').references(() => payments.id, { onDelete: 'set null' }),
    currency: currencyEnum('currency').notNull(),
    network: chainNetworkEnum('network').notNull(),
    address: text('address').notNull(),
    derivationPath: text('derivation_path').notNull(),
    status: derivedDestinationStatusEnum('status').notNull().default('active'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    legacyObjectIdCheck('derived_destinations', t.legacyObjectId),
    check('derived_destinations_address_shape', sql`${t.address} ~ ${sql.raw(`'${ADDRESS_PATTERN}'`)}`),
    check('derived_destinations_derivation_path_shape', sql`${t.derivationPath} ~ ${sql.raw(`'${DERIVATION_PATH_PATTERN.replaceAll("'", "''")}'`)}`),
    uniqueIndex('derived_destinations_address_uq').on(t.address),
    uniqueIndex('derived_destinations_derivation_path_uq').on(t.derivationPath),
    unique('derived_destinations_id_currency_uq').on(t.id, t.currency),
    index('derived_destinations_user_idx').on(t.userId, t.createdAt, t.seq),
    index('derived_destinations_payment_idx').on(t.paymentId),
  ],
);

export const derivedDestinationSweeps = pgTable(
  'derived_destination_sweeps',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    destinationId: uuid('destination_id').notNull(),
    currency: currencyEnum('currency').notNull(),
    amount: moneyColumn('amount').notNull(),
    txHash: text('tx_hash').notNull(),
    status: sweepStatusEnum('status').notNull().default('pending'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    legacyObjectIdCheck('derived_destination_sweeps', t.legacyObjectId),
    ...moneyChecks('derived_destination_sweeps', t.amount, t.currency),
    check('derived_destination_sweeps_tx_hash_shape', sql`${t.txHash} ~ ${sql.raw(`'${TX_HASH_PATTERN}'`)}`),
    foreignKey({
      name: 'derived_destination_sweeps_destination_fk',
      columns: [t.destinationId, t.currency],
      foreignColumns: [derivedDestinations.id, derivedDestinations.currency],
    }).onDelete('restrict'),
    uniqueIndex('derived_destination_sweeps_tx_hash_uq').on(t.txHash),
    index('derived_destination_sweeps_destination_idx').on(t.destinationId, t.createdAt, t.seq),
  ],
);
