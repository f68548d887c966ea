/**
 * Payments, their oracle quotes and the append-only funds ledger. The ledger's UPDATE/DELETE/TRUNCATE guards are
 * triggers (custom migration `funds_ledger_append_only`); a ledger row's payment, user and
 * currency must match its payment's, enforced by a composite foreign key. A quote goes with its
 * payment (ON DELETE CASCADE); its `seq` is the creation order that breaks ties between equal
 * `created_at` values (uuids are random, so they cannot).
 *
 * A payment may pay for a purchase request (`purchase_request_id`, nullable: payments without a
 * request stay valid). A request cannot be deleted under its payments (ON DELETE RESTRICT: they
 * are money records). At most one payment per request is `pending`: the partial unique index
 * `payments_pending_per_request_uq` (the repository locks the request row and checks first; the
 * index is the backstop). That the payment's user is the request's buyer is the repository's rule
 * (`purchase_requests` has no unique key over (id, buyer_id) a composite foreign key could use).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, numeric, pgEnum, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LEDGER_DIRECTIONS, LEDGER_KINDS, PAYMENT_STATUSES } from '../contracts/payment.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { jsonPayload } from './json-column.ts';
import { currencyEnum, moneyChecks, moneyColumn } from './money.ts';
import { purchaseRequests } from './marketplace.ts';
import { users } from './users.ts';

export const paymentStatusEnum = pgEnum('payment_status', PAYMENT_STATUSES);
export const ledgerDirectionEnum = pgEnum('ledger_direction', LEDGER_DIRECTIONS);
export const ledgerKindEnum = pgEnum('ledger_kind', LEDGER_KINDS);

export const payments = pgTable(
  'payments',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    amount: moneyColumn('amount').notNull(),
    currency: currencyEnum('currency').notNull(),
    status: paymentStatusEnum('status').notNull().default('pending'),
    provider: text('provider').notNull(),
    reference: text('reference'),
    purchaseRequestId: uuid('purchase_request_id').references(() => purchaseRequests.id, { onDelete: 'restrict' }),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('payments', t.legacyObjectId),
    ...moneyChecks('payments', t.amount, t.currency),
    unique('payments_id_user_currency_uq').on(t.id, t.userId, t.currency),
    index('payments_user_id_idx').on(t.userId),
    // Serves the foreign key (a request's delete/key update looks its payments up) and the pending check.
    index('payments_purchase_request_idx').on(t.purchaseRequestId),
    uniqueIndex('payments_pending_per_request_uq').on(t.purchaseRequestId).where(sql`${t.status} = 'pending'`),
  ],
);

export const fundsLedgerEntries = pgTable(
  'funds_ledger_entries',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    paymentId: uuid('payment_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    currency: currencyEnum('currency').notNull(),
    direction: ledgerDirectionEnum('direction').notNull(),
    kind: ledgerKindEnum('kind').notNull(),
    amount: moneyColumn('amount').notNull(),
    memo: text('memo'),
    createdAt: msTimestamp('created_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('funds_ledger_entries', t.legacyObjectId),
    ...moneyChecks('funds_ledger_entries', t.amount, t.currency),
    foreignKey({
      name: 'funds_ledger_entries_payment_fk',
      columns: [t.paymentId, t.userId, t.currency],
      foreignColumns: [payments.id, payments.userId, payments.currency],
    }).onDelete('restrict'),
    index('funds_ledger_entries_payment_idx').on(t.paymentId),
    index('funds_ledger_entries_user_currency_idx').on(t.userId, t.currency),
  ],
);

export const paymentQuotes = pgTable(
  'payment_quotes',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    baseCurrency: currencyEnum('base_currency').notNull(),
    quoteCurrency: currencyEnum('quote_currency').notNull(),
    rate: numeric('rate', { precision: 38, scale: 18 }).notNull(),
    amount: moneyColumn('amount').notNull(),
    expiresAt: msTimestamp('expires_at').notNull(),
    raw: jsonPayload('raw').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    legacyObjectIdCheck('payment_quotes', t.legacyObjectId),
    ...moneyChecks('payment_quotes', t.amount, t.quoteCurrency),
    check('payment_quotes_rate_positive', sql`${t.rate} > 0`),
    check('payment_quotes_provider_text', sql`btrim(${t.provider}) <> '' AND char_length(${t.provider}) <= 50`),
    check('payment_quotes_raw_not_json_null', sql`jsonb_typeof(${t.raw}) <> 'null'`),
    index('payment_quotes_payment_idx').on(t.paymentId, t.createdAt, t.seq),
  ],
);
