/**
 * Marketplace: purchase requests, their 1:1 parts and lists (child tables keyed by the request,
 * deleted with it), delivery attempts, and seller offers.
 *
 * `purchase_requests.selected_offer_id` and `seller_offers.request_id` reference each other. The
 * composite foreign key `(selected_offer_id, id) -> seller_offers(id, request_id)` makes the
 * database itself refuse a selected offer of another request (MATCH SIMPLE: a NULL
 * `selected_offer_id` is not checked). Backfill writes requests first without it, then offers,
 * then sets it (`deferredReferences` in `repos/legacy/marketplace.ts`).
 *
 * Both entity tables carry `seq`, an identity column: the creation order the lists use as their
 * tie-breaker after `created_at` (ids are random uuids; the Mongo side uses `_id`, minted in order).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, unique, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { DELIVERY_ATTEMPT_STATUSES, DELIVERY_METHODS, REQUEST_STATUSES } from '../contracts/marketplace.ts';
import { OFFER_STATUSES } from '../contracts/marketplace-offer.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { categories } from './categories.ts';
import { currencyEnum, moneyChecks, moneyColumn } from './money.ts';
import { users } from './users.ts';

export const purchaseRequestStatusEnum = pgEnum('purchase_request_status', REQUEST_STATUSES);
export const sellerOfferStatusEnum = pgEnum('seller_offer_status', OFFER_STATUSES);
export const deliveryMethodEnum = pgEnum('delivery_method', DELIVERY_METHODS);
export const deliveryAttemptStatusEnum = pgEnum('delivery_attempt_status', DELIVERY_ATTEMPT_STATUSES);

const seqColumn = () => bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity();
const length = (name: string, col: AnyPgColumn, min: number, max: number) =>
  check(name, min > 0 ? sql`char_length(${col}) BETWEEN ${sql.raw(String(min))} AND ${sql.raw(String(max))} AND btrim(${col}) <> ''` : sql`char_length(${col}) <= ${sql.raw(String(max))}`);
/** A child's `request_id` column. */
const requestRef = () => uuid('request_id').notNull();
/** A child's foreign key to its request (named: drizzle-kit's default name would pass 63 bytes): deleted with it. */
const requestFk = (table: string, col: AnyPgColumn) =>
  foreignKey({ name: `${table}_request_fk`, columns: [col], foreignColumns: [purchaseRequests.id] }).onDelete('cascade');

export const purchaseRequests = pgTable(
  'purchase_requests',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    seq: seqColumn(),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description'),
    budgetAmount: moneyColumn('budget_amount').notNull(),
    budgetCurrency: currencyEnum('budget_currency').notNull().default('USDT'),
    status: purchaseRequestStatusEnum('status').notNull().default('open'),
    selectedOfferId: uuid('selected_offer_id'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('purchase_requests', t.legacyObjectId),
    ...moneyChecks('purchase_requests', t.budgetAmount, t.budgetCurrency),
    length('purchase_requests_title_length', t.title, 1, 200),
    length('purchase_requests_description_length', t.description, 0, 5000),
    // A selected offer exists exactly from offer_selected on (it may stay when cancelled later).
    check('purchase_requests_selected_offer_status', sql`${t.selectedOfferId} IS NULL OR ${t.status} IN ('offer_selected', 'in_delivery', 'delivered', 'completed', 'cancelled')`),
    // No action (checked at the end of the statement): deleting a request deletes its offers in
    // the same statement, which RESTRICT would refuse.
    foreignKey({ name: 'purchase_requests_selected_offer_fk', columns: [t.selectedOfferId, t.id], foreignColumns: [sellerOffers.id, sellerOffers.requestId] }).onDelete('no action'),
    index('purchase_requests_buyer_idx').on(t.buyerId, t.createdAt),
    index('purchase_requests_category_idx').on(t.categoryId),
    index('purchase_requests_selected_offer_idx').on(t.selectedOfferId),
  ],
);

export const sellerOffers = pgTable(
  'seller_offers',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    seq: seqColumn(),
    requestId: uuid('request_id')
      .notNull()
      .references((): AnyPgColumn => purchaseRequests.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    price: moneyColumn('price').notNull(),
    offerCurrency: currencyEnum('offer_currency').notNull(),
    status: sellerOfferStatusEnum('status').notNull().default('pending'),
    message: text('message'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('seller_offers', t.legacyObjectId),
    ...moneyChecks('seller_offers', t.price, t.offerCurrency),
    length('seller_offers_message_length', t.message, 0, 2000),
    // The target of purchase_requests_selected_offer_fk.
    unique('seller_offers_id_request_uq').on(t.id, t.requestId),
    uniqueIndex('seller_offers_one_pending_per_seller').on(t.requestId, t.sellerId).where(sql`${t.status} = 'pending'`),
    index('seller_offers_request_idx').on(t.requestId, t.createdAt),
    index('seller_offers_seller_idx').on(t.sellerId),
  ],
);

export const purchaseRequestDeliveryInfo = pgTable(
  'purchase_request_delivery_info',
  {
    requestId: requestRef().primaryKey(),
    method: deliveryMethodEnum('method').notNull(),
    notes: text('notes'),
  },
  (t) => [
    requestFk('purchase_request_delivery_info', t.requestId),
    length('purchase_request_delivery_info_notes_length', t.notes, 0, 1000),
  ],
);

export const purchaseRequestDeliveryAddress = pgTable(
  'purchase_request_delivery_address',
  {
    requestId: requestRef().primaryKey(),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    postalCode: text('postal_code'),
    country: text('country').notNull(),
  },
  (t) => [
    requestFk('purchase_request_delivery_address', t.requestId),
    check('purchase_request_delivery_address_country_iso2', sql`${t.country} ~ '^[A-Z]{2}$'`),
    length('purchase_request_delivery_address_line1_length', t.line1, 1, 200),
    length('purchase_request_delivery_address_city_length', t.city, 1, 100),
  ],
);

export const purchaseRequestSellerDeliveryInfo = pgTable(
  'purchase_request_seller_delivery_info',
  {
    requestId: requestRef().primaryKey(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number'),
  },
  (t) => [
    requestFk('purchase_request_seller_delivery_info', t.requestId),
    length('purchase_request_seller_delivery_info_carrier_length', t.carrier, 1, 100),
  ],
);

export const purchaseRequestServiceInfo = pgTable(
  'purchase_request_service_info',
  {
    requestId: requestRef().primaryKey(),
    details: text('details').notNull(),
    location: text('location'),
  },
  (t) => [
    requestFk('purchase_request_service_info', t.requestId),
    length('purchase_request_service_info_details_length', t.details, 1, 2000),
  ],
);

export const purchaseRequestSpecifications = pgTable(
  'purchase_request_specifications',
  {
    requestId: requestRef(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    requestFk('purchase_request_specifications', t.requestId),
    primaryKey({ name: 'purchase_request_specifications_pk', columns: [t.requestId, t.key] }),
    unique('purchase_request_specifications_position_uq').on(t.requestId, t.position),
    check('purchase_request_specifications_position_nonneg', sql`${t.position} >= 0`),
    length('purchase_request_specifications_key_length', t.key, 1, 100),
    length('purchase_request_specifications_value_length', t.value, 0, 1000),
  ],
);

export const purchaseRequestPreferredSellers = pgTable(
  'purchase_request_preferred_sellers',
  {
    requestId: requestRef(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    requestFk('purchase_request_preferred_sellers', t.requestId),
    primaryKey({ name: 'purchase_request_preferred_sellers_pk', columns: [t.requestId, t.sellerId] }),
    unique('purchase_request_preferred_sellers_position_uq').on(t.requestId, t.position),
    check('purchase_request_preferred_sellers_position_nonneg', sql`${t.position} >= 0`),
    index('purchase_request_preferred_sellers_seller_idx').on(t.sellerId),
  ],
);

export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    requestId: requestRef(),
    attemptNumber: integer('attempt_number').notNull(),
    status: deliveryAttemptStatusEnum('status').notNull(),
    note: text('note'),
    attemptedAt: msTimestamp('attempted_at').notNull(),
  },
  (t) => [
    requestFk('delivery_attempts', t.requestId),
    primaryKey({ name: 'delivery_attempts_pk', columns: [t.requestId, t.attemptNumber] }),
    check('delivery_attempts_number_positive', sql`${t.attemptNumber} >= 1`),
    length('delivery_attempts_note_length', t.note, 0, 500),
  ],
);
