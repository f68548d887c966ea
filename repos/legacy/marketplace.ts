/**
 * Stored-entity specs of the marketplace: `purchaseRequests` ↔ `purchase_requests` with seven
 * child tables (what the document embeds: four 1:1 parts, specifications, preferred sellers,
 * delivery attempts), and `sellerOffers` ↔ `seller_offers`.
 *
 * `purchase_requests.selected_offer_id` and `seller_offers.request_id` reference each other, so
 * the request's `selectedOfferId` is a deferred reference: backfill writes requests (without it),
 * then offers, then sets it in a last pass (`StoredEntity.deferredReferences`), which is also the
 * order of the source system's marketplace-core runner (requests, offers, then the selected-offer
 * remap).
 *
 * Canonical records: {@link PurchaseRequest} (children included) and {@link SellerOffer}, with
 * legacy ids. Legacy shapes: references as ObjectIds or hex strings, a missing
 * `budgetCurrency` read as the contract default USDT (flagged), missing lists as empty, missing
 * `position`s implied by array order.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { CURRENCIES, canonicalDecimal, validateAmount } from '../../contracts/money.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { ValidationError } from '../../contracts/errors.ts';
import {
  DELIVERY_ATTEMPT_STATUSES,
  DELIVERY_METHODS,
  LIMITS,
  REQUEST_STATUSES,
  validateDeliveryAddress,
  validateDeliveryInfo,
  validatePreferredSellers,
  validateSellerDeliveryInfo,
  validateServiceInfo,
  validateSpecifications,
  type DeliveryAttempt,
  type PurchaseRequest,
  type Specification,
} from '../../contracts/marketplace.ts';
import { OFFER_STATUSES, type SellerOffer } from '../../contracts/marketplace-offer.ts';
import {
  deliveryAttempts,
  purchaseRequestDeliveryAddress,
  purchaseRequestDeliveryInfo,
  purchaseRequestPreferredSellers,
  purchaseRequestSellerDeliveryInfo,
  purchaseRequestServiceInfo,
  purchaseRequestSpecifications,
  purchaseRequests,
  sellerOffers,
} from '../../schema/marketplace.ts';
import { LegacyShapeError, ShapeReader, describe, readTime } from './shape.ts';
import { collectViolations, present, refId, rowId, type ChildTable, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

type PartKey = 'deliveryInfo' | 'deliveryAddress' | 'sellerDeliveryInfo' | 'serviceInfo';

/** Reads a subdocument with its own reader; errors and flags name `<field>.<key>`. */
function sub<T>(r: ShapeReader, field: string, read: (s: ShapeReader) => T): T | undefined {
  const v: unknown = r.doc[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new LegacyShapeError(field, `must be a subdocument (found ${describe(v)})`);
  const s = new ShapeReader(v as Document);
  try {
    return read(s);
  } catch (e) {
    if (e instanceof LegacyShapeError) throw new LegacyShapeError(`${field}.${e.field}`, e.rule);
    throw e;
  } finally {
    for (const f of s.flags) r.flag(`${field}.${f.field}`, f.note, f.detail);
  }
}

/** An array field (missing/null → `[]`), each element read by `read` with errors naming `<field>.<i>`. */
function list<T>(r: ShapeReader, field: string, read: (v: unknown, s: ShapeReader | undefined) => T): T[] {
  const v: unknown = r.doc[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new LegacyShapeError(field, `must be an array (found ${describe(v)})`);
  return v.map((x, i) => {
    try {
      return read(x, x !== null && typeof x === 'object' && !Array.isArray(x) && !('_bsontype' in x) ? new ShapeReader(x as Document) : undefined);
    } catch (e) {
      if (e instanceof LegacyShapeError) throw new LegacyShapeError(`${field}.${i}${e.field ? `.${e.field}` : ''}`, e.rule);
      throw e;
    }
  });
}

const needObject = (s: ShapeReader | undefined): ShapeReader => {
  if (!s) throw new LegacyShapeError('', 'must be a subdocument');
  return s;
};

/** Canonical {@link PurchaseRequest} of a `purchaseRequests` document, embedded parts and lists included. Throws `LegacyShapeError`. */
export function requestFromLegacy(doc: Document): LegacyReading<PurchaseRequest> {
  const r = new ShapeReader(doc);
  const p: PurchaseRequest = {
    id: r.id(),
    buyerId: r.ref('buyerId'),
    title: r.string('title'),
    budgetAmount: r.money('budgetAmount'),
    budgetCurrency: r.oneOf('budgetCurrency', CURRENCIES, 'USDT'),
    status: r.oneOf('status', REQUEST_STATUSES),
    specifications: list(r, 'specifications', (_, s) => ({ key: needObject(s).string('key'), value: needObject(s).string('value') })),
    preferredSellerIds: list(r, 'preferredSellers', (v) => new ShapeReader({ v }).ref('v')),
    deliveryAttempts: list(r, 'deliveryAttempts', (_, s) => {
      const a = needObject(s);
      const n: unknown = a.doc.attemptNumber;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new LegacyShapeError('attemptNumber', `must be an integer (found ${describe(n)})`);
      const out: DeliveryAttempt = { attemptNumber: n, status: a.oneOf('status', DELIVERY_ATTEMPT_STATUSES), attemptedAt: readTime('attemptedAt', a.doc.attemptedAt, a) };
      const note = a.optionalString('note');
      return note === undefined ? out : { attemptNumber: out.attemptNumber, status: out.status, note, attemptedAt: out.attemptedAt };
    }),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const categoryId = r.ref('categoryId', true);
  const selectedOfferId = r.ref('selectedOfferId', true);
  present(p, { categoryId, selectedOfferId, description: r.optionalString('description') }, ['categoryId', 'selectedOfferId', 'description']);
  const parts: Record<PartKey, unknown> = {
    deliveryInfo: sub(r, 'deliveryInfo', (s) => present({ method: s.oneOf('method', DELIVERY_METHODS) }, { notes: s.optionalString('notes') }, ['notes'])),
    deliveryAddress: sub(r, 'deliveryAddress', (s) => {
      const a = { line1: s.string('line1'), line2: s.optionalString('line2'), city: s.string('city'), postalCode: s.optionalString('postalCode'), country: s.string('country') };
      return present({}, a, ['line1', 'line2', 'city', 'postalCode', 'country']);
    }),
    sellerDeliveryInfo: sub(r, 'sellerDeliveryInfo', (s) => present({ carrier: s.string('carrier') }, { trackingNumber: s.optionalString('trackingNumber') }, ['trackingNumber'])),
    serviceInfo: sub(r, 'serviceInfo', (s) => present({ details: s.string('details') }, { location: s.optionalString('location') }, ['location'])),
  };
  present(p, parts, Object.keys(parts));
  return { record: p, flags: r.flags };
}

/** The statuses in which `purchase_requests_selected_offer_status` allows a selected offer. */
const SELECTED_STATUSES = ['offer_selected', 'in_delivery', 'delivered', 'completed', 'cancelled'];

/** Contract rules of a request record, its embedded parts and lists included. */
export function validateRequestRecord(p: PurchaseRequest): RuleViolation[] {
  const checks: (() => unknown)[] = [
    () => requireText('title', p.title, LIMITS.title),
    () => optionalText('description', p.description, LIMITS.description),
    () => validateAmount('budgetAmount', p.budgetAmount, p.budgetCurrency),
    () => {
      if (p.selectedOfferId !== undefined && !SELECTED_STATUSES.includes(p.status)) throw new ValidationError('selectedOfferId', `must be absent while the request is ${p.status}`);
    },
    () => validateSpecifications('specifications', p.specifications),
    () => validatePreferredSellers('preferredSellers', p.preferredSellerIds),
    () => {
      p.deliveryAttempts.forEach((a, i) => {
        if (a.attemptNumber < 1 || a.attemptNumber > 2_147_483_647) throw new ValidationError(`deliveryAttempts.${i}.attemptNumber`, 'must be a positive integer');
        if (p.deliveryAttempts.findIndex((b) => b.attemptNumber === a.attemptNumber) !== i) throw new ValidationError(`deliveryAttempts.${i}.attemptNumber`, 'must be unique within the request');
        optionalText(`deliveryAttempts.${i}.note`, a.note, LIMITS.attemptNote);
      });
    },
  ];
  if (p.deliveryInfo) checks.push(() => validateDeliveryInfo('deliveryInfo', p.deliveryInfo));
  if (p.deliveryAddress) checks.push(() => validateDeliveryAddress('deliveryAddress', p.deliveryAddress));
  if (p.sellerDeliveryInfo) checks.push(() => validateSellerDeliveryInfo('sellerDeliveryInfo', p.sellerDeliveryInfo));
  if (p.serviceInfo) checks.push(() => validateServiceInfo('serviceInfo', p.serviceInfo));
  return collectViolations(checks);
}

/** A 1:1 part as a child table: columns named as the part's fields (Drizzle keys). */
function partTable<K extends PartKey>(name: K, table: string, pgTable: ChildTable['pgTable'], fields: readonly string[]): ChildTable<PurchaseRequest, NonNullable<PurchaseRequest[K]>> {
  return {
    name,
    table,
    pgTable,
    parentKey: 'requestId',
    orderBy: [],
    references: {},
    read: (r) => (r[name] ? [r[name]!] : []),
    toRow: (c) => Object.fromEntries(fields.map((f) => [f, (c as unknown as Record<string, unknown>)[f] ?? null])),
    fromRow: (row) => present({}, row, fields) as NonNullable<PurchaseRequest[K]>,
    attach: (r, cs) => (cs[0] ? { ...r, [name]: cs[0] } : r),
  };
}

/** The child tables of `purchase_requests`, in the order backfill writes them. */
export const requestChildren = [
  partTable('deliveryInfo', 'purchase_request_delivery_info', purchaseRequestDeliveryInfo, ['method', 'notes']),
  partTable('deliveryAddress', 'purchase_request_delivery_address', purchaseRequestDeliveryAddress, ['line1', 'line2', 'city', 'postalCode', 'country']),
  partTable('sellerDeliveryInfo', 'purchase_request_seller_delivery_info', purchaseRequestSellerDeliveryInfo, ['carrier', 'trackingNumber']),
  partTable('serviceInfo', 'purchase_request_service_info', purchaseRequestServiceInfo, ['details', 'location']),
  {
    name: 'specification',
    table: 'purchase_request_specifications',
    pgTable: purchaseRequestSpecifications,
    parentKey: 'requestId',
    orderBy: ['position'],
    references: {},
    read: (r) => r.specifications,
    toRow: (c, i) => ({ key: c.key, value: c.value, position: i }),
    fromRow: (row: typeof purchaseRequestSpecifications.$inferSelect) => ({ key: row.key, value: row.value }),
    attach: (r, cs) => ({ ...r, specifications: [...cs] }),
  } satisfies ChildTable<PurchaseRequest, Specification, typeof purchaseRequestSpecifications.$inferSelect>,
  {
    name: 'preferredSeller',
    table: 'purchase_request_preferred_sellers',
    pgTable: purchaseRequestPreferredSellers,
    parentKey: 'requestId',
    orderBy: ['position'],
    references: { sellerId: 'users' },
    read: (r) => r.preferredSellerIds.map((sellerId) => ({ sellerId })),
    toRow: (c, i, resolve) => ({ sellerId: resolve('users', c.sellerId), position: i }),
    fromRow: (row: typeof purchaseRequestPreferredSellers.$inferSelect, refs) => ({ sellerId: refId(refs, 'sellerId', row.sellerId) }),
    attach: (r, cs) => ({ ...r, preferredSellerIds: cs.map((c) => c.sellerId) }),
  } satisfies ChildTable<PurchaseRequest, { sellerId: string }, typeof purchaseRequestPreferredSellers.$inferSelect>,
  {
    name: 'deliveryAttempt',
    table: 'delivery_attempts',
    pgTable: deliveryAttempts,
    parentKey: 'requestId',
    orderBy: ['attemptNumber'],
    references: {},
    read: (r) => r.deliveryAttempts,
    toRow: (c) => ({ attemptNumber: c.attemptNumber, status: c.status, note: c.note ?? null, attemptedAt: new Date(c.attemptedAt) }),
    fromRow: (row: typeof deliveryAttempts.$inferSelect) =>
      present({ attemptNumber: row.attemptNumber, status: row.status } as DeliveryAttempt, { note: row.note, attemptedAt: row.attemptedAt.getTime() }, ['note', 'attemptedAt']),
    attach: (r, cs) => ({ ...r, deliveryAttempts: [...cs] }),
  } satisfies ChildTable<PurchaseRequest, DeliveryAttempt, typeof deliveryAttempts.$inferSelect>,
] as const;

/** The `purchase_requests` spec (children: {@link requestChildren}; `selectedOfferId` deferred). */
export const purchaseRequestEntity: StoredEntity<PurchaseRequest, typeof purchaseRequests.$inferSelect, typeof purchaseRequests.$inferInsert> = {
  name: 'purchaseRequest',
  domain: 'marketplace',
  collection: 'purchaseRequests',
  table: 'purchase_requests',
  pgTable: purchaseRequests,
  references: { buyerId: 'users', categoryId: 'categories' },
  deferredReferences: { selectedOfferId: 'seller_offers' },
  children: requestChildren,
  appendOnly: false,
  fromDocument: requestFromLegacy,
  validate: validateRequestRecord,
  fromRow(row, refs) {
    const p: PurchaseRequest = {
      id: rowId(row),
      buyerId: refId(refs, 'buyerId', row.buyerId),
      title: row.title,
      budgetAmount: canonicalDecimal(row.budgetAmount),
      budgetCurrency: row.budgetCurrency,
      status: row.status,
      specifications: [],
      preferredSellerIds: [],
      deliveryAttempts: [],
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    const opt = {
      categoryId: row.categoryId === null ? undefined : refId(refs, 'categoryId', row.categoryId),
      selectedOfferId: row.selectedOfferId === null ? undefined : refId(refs, 'selectedOfferId', row.selectedOfferId),
      description: row.description,
    };
    return present(p, opt, ['categoryId', 'selectedOfferId', 'description']);
  },
  toRow(p, resolve) {
    return {
      legacyObjectId: p.id,
      buyerId: resolve('users', p.buyerId),
      categoryId: p.categoryId === undefined ? null : resolve('categories', p.categoryId),
      title: p.title,
      description: p.description ?? null,
      budgetAmount: p.budgetAmount,
      budgetCurrency: p.budgetCurrency,
      status: p.status,
      selectedOfferId: p.selectedOfferId === undefined ? null : resolve('seller_offers', p.selectedOfferId),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.updatedAt),
    };
  },
};

/** Canonical {@link SellerOffer} of a `sellerOffers` document (`pendingKey` is the Mongo implementation's, not data). Throws `LegacyShapeError`. */
export function offerFromLegacy(doc: Document): LegacyReading<SellerOffer> {
  const r = new ShapeReader(doc);
  const o: SellerOffer = {
    id: r.id(),
    requestId: r.ref('requestId'),
    sellerId: r.ref('sellerId'),
    price: r.money('price'),
    currency: r.oneOf('currency', CURRENCIES),
    status: r.oneOf('status', OFFER_STATUSES),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(o, { message: r.optionalString('message') }, ['message']), flags: r.flags };
}

/** The `seller_offers` spec. */
export const sellerOfferEntity: StoredEntity<SellerOffer, typeof sellerOffers.$inferSelect, typeof sellerOffers.$inferInsert> = {
  name: 'sellerOffer',
  domain: 'marketplace',
  collection: 'sellerOffers',
  table: 'seller_offers',
  pgTable: sellerOffers,
  references: { requestId: 'purchase_requests', sellerId: 'users' },
  appendOnly: false,
  fromDocument: offerFromLegacy,
  validate: (o) => collectViolations([() => validateAmount('price', o.price, o.currency), () => optionalText('message', o.message, 2000)]),
  fromRow(row, refs) {
    const o: SellerOffer = {
      id: rowId(row),
      requestId: refId(refs, 'requestId', row.requestId),
      sellerId: refId(refs, 'sellerId', row.sellerId),
      price: canonicalDecimal(row.price),
      currency: row.offerCurrency,
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(o, row, ['message']);
  },
  toRow(o, resolve) {
    return {
      legacyObjectId: o.id,
      requestId: resolve('purchase_requests', o.requestId),
      sellerId: resolve('users', o.sellerId),
      price: o.price,
      offerCurrency: o.currency,
      status: o.status,
      message: o.message ?? null,
      createdAt: new Date(o.createdAt),
      updatedAt: new Date(o.updatedAt),
    };
  },
};
