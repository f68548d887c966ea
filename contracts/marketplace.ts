/**
 * Marketplace contract (the source system's `DrizzleMarketplaceRepo`, flag `REPO_MARKETPLACE`):
 * purchase requests with their embedded parts, seller offers, and delivery attempts.
 * Categories are their own domain (`contracts/category.ts`); request templates are not here.
 *
 * Rules:
 * - a request moves only along {@link REQUEST_TRANSITIONS}; `offer_selected` is reached only by
 *   `selectOffer`, which also accepts that offer and rejects the request's other pending offers;
 * - the selected offer belongs to its request and is accepted (Postgres: a composite foreign key
 *   `(selected_offer_id, id) -> seller_offers(id, request_id)`; the status part is the repository's);
 * - a seller has at most one pending offer per request (`DuplicateKeyError(ACTIVE_OFFER_KEY)`;
 *   Postgres: a partial unique index);
 * - money is a canonical decimal string in its currency's scale (`contracts/money.ts`); the
 *   budget currency defaults to USDT, offers may also be priced in TRY (the shared currency
 *   enum holds both: the source's crypto-only budget CHECK of its migration 0006 was dropped by 0007);
 * - delivery attempts are numbered 1, 2, … per request and recorded only while `in_delivery`.
 *
 * Offer types, validators and the `selectOffer` rules live in `marketplace-offer.ts`.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { isCurrency, validateAmount, type Currency } from './money.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';
import type { NewSellerOffer, SellerOffer } from './marketplace-offer.ts';

export const REQUEST_STATUSES = ['draft', 'open', 'offer_selected', 'in_delivery', 'delivered', 'completed', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Transitions `transitionStatus` allows; anything else is `InvariantViolation(REQUEST_TRANSITION)`.
 * `open -> offer_selected` is not listed: only `selectOffer` makes it (it needs an offer).
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  draft: ['open', 'cancelled'],
  open: ['cancelled'],
  offer_selected: ['in_delivery', 'cancelled'],
  in_delivery: ['delivered'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** Statuses in which a request's fields may still change (`updateRequest`, specifications). */
export const EDITABLE_STATUSES: readonly RequestStatus[] = ['draft', 'open', 'offer_selected', 'in_delivery'];

export const DELIVERY_METHODS = ['shipping', 'pickup', 'digital', 'courier'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_ATTEMPT_STATUSES = ['failed', 'succeeded', 'returned'] as const;
export type DeliveryAttemptStatus = (typeof DELIVERY_ATTEMPT_STATUSES)[number];

/** Invariant names of refused writes. */
export const REQUEST_TRANSITION = 'purchase_request.status_transition';
export const REQUEST_CLOSED = 'purchase_request.closed';
export const NOT_IN_DELIVERY = 'purchase_request.not_in_delivery';

/** How the buyer wants the goods delivered (1:1, `purchase_request_delivery_info`). */
export interface DeliveryInfo {
  method: DeliveryMethod;
  notes?: string;
}

/** Where to (1:1, `purchase_request_delivery_address`). `country` is ISO 3166-1 alpha-2 upper case. */
export interface DeliveryAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  country: string;
}

/** What the seller reports about shipping (1:1, `purchase_request_seller_delivery_info`). */
export interface SellerDeliveryInfo {
  carrier: string;
  trackingNumber?: string;
}

/** A service request's details (1:1, `purchase_request_service_info`). */
export interface ServiceInfo {
  details: string;
  location?: string;
}

/** One specification line; a request's keys are unique, in the order they were added. */
export interface Specification {
  key: string;
  value: string;
}

/** One delivery attempt; `attemptNumber` is 1, 2, … per request. */
export interface DeliveryAttempt {
  attemptNumber: number;
  status: DeliveryAttemptStatus;
  note?: string;
  attemptedAt: number;
}

/**
 * A stored purchase request with its embedded parts. Optional parts are absent (never null);
 * the three lists are always present (possibly empty), in insertion order (attempts by number).
 */
export interface PurchaseRequest {
  id: string;
  buyerId: string;
  categoryId?: string;
  title: string;
  description?: string;
  budgetAmount: string;
  budgetCurrency: Currency;
  status: RequestStatus;
  selectedOfferId?: string;
  deliveryInfo?: DeliveryInfo;
  deliveryAddress?: DeliveryAddress;
  sellerDeliveryInfo?: SellerDeliveryInfo;
  serviceInfo?: ServiceInfo;
  specifications: Specification[];
  preferredSellerIds: string[];
  deliveryAttempts: DeliveryAttempt[];
  createdAt: number;
  updatedAt: number;
}

/** Input of `createRequest`: everything in one call. `status` defaults to `open`, `budgetCurrency` to USDT. */
export interface NewPurchaseRequest {
  id?: string;
  buyerId: string;
  categoryId?: string;
  title: string;
  description?: string;
  budgetAmount: string;
  budgetCurrency?: Currency;
  status?: 'draft' | 'open';
  deliveryInfo?: DeliveryInfo;
  deliveryAddress?: DeliveryAddress;
  sellerDeliveryInfo?: SellerDeliveryInfo;
  serviceInfo?: ServiceInfo;
  specifications?: Specification[];
  preferredSellerIds?: string[];
}

/**
 * Input of `updateRequest`. `null` clears an optional field or removes a child part (its row in
 * Postgres); a child given as an object replaces the whole part. `budgetCurrency` may change only
 * together with `budgetAmount` (the amount is validated in the new currency).
 * `preferredSellerIds` replaces the list.
 */
export interface PurchaseRequestPatch {
  title?: string;
  description?: string | null;
  categoryId?: string | null;
  budgetAmount?: string;
  budgetCurrency?: Currency;
  deliveryInfo?: DeliveryInfo | null;
  deliveryAddress?: DeliveryAddress | null;
  sellerDeliveryInfo?: SellerDeliveryInfo | null;
  serviceInfo?: ServiceInfo | null;
  preferredSellerIds?: string[];
}

/** Input of `recordDeliveryAttempt`. */
export interface NewDeliveryAttempt {
  status: DeliveryAttemptStatus;
  note?: string;
}

/** The marketplace repository every implementation provides. */
export interface MarketplaceRepository {
  /**
   * Creates a request with its parts, specifications and preferred sellers in one call.
   * Throws `ValidationError`, `UnsafeInputError`, `NotFoundError('user')` (buyer, then each
   * preferred seller), `NotFoundError('category')`.
   */
  createRequest(input: NewPurchaseRequest): Promise<PurchaseRequest>;
  /** The request with every part, or null. */
  getRequest(id: string): Promise<PurchaseRequest | null>;
  /** The buyer's requests, newest first (ties: the later created first). Empty for an unknown buyer. */
  listRequestsByBuyer(buyerId: string): Promise<PurchaseRequest[]>;
  /**
   * Applies a patch (see {@link PurchaseRequestPatch}). Throws, in order: `ValidationError` /
   * `UnsafeInputError`, `NotFoundError('purchaseRequest')`, `InvariantViolation(REQUEST_CLOSED)`
   * (completed or cancelled), `ValidationError('patch.budgetAmount')` (finer than the stored
   * currency allows), `NotFoundError('category')`, `NotFoundError('user')` (preferred sellers).
   */
  updateRequest(id: string, patch: PurchaseRequestPatch): Promise<PurchaseRequest>;
  /** Sets a specification (a new key is appended, an existing one keeps its place). Errors as `updateRequest`. */
  setSpecification(id: string, key: string, value: string): Promise<PurchaseRequest>;
  /** Removes a specification (a no-op for an unknown key). Errors as `updateRequest`. */
  removeSpecification(id: string, key: string): Promise<PurchaseRequest>;
  /**
   * Moves the request to `status`. Throws `ValidationError('status')`,
   * `NotFoundError('purchaseRequest')`, `InvariantViolation(REQUEST_TRANSITION)`.
   */
  transitionStatus(id: string, status: RequestStatus): Promise<PurchaseRequest>;
  /**
   * A seller's offer on an open request (status `pending`). Throws, in order: `ValidationError` /
   * `UnsafeInputError`, `NotFoundError('purchaseRequest')`, `NotFoundError('user')`,
   * `InvariantViolation(OFFER_ON_CLOSED)` (request not open), `DuplicateKeyError(ACTIVE_OFFER_KEY)`.
   */
  submitOffer(input: NewSellerOffer): Promise<SellerOffer>;
  /** The request's offers, oldest first (ties: the earlier created first). Empty for an unknown request. */
  listOffers(requestId: string): Promise<SellerOffer[]>;
  /** Withdraws a pending offer. Throws `NotFoundError('sellerOffer')`, `InvariantViolation(OFFER_TRANSITION)`. */
  withdrawOffer(offerId: string): Promise<SellerOffer>;
  /**
   * Selects a pending offer of an open request: the offer is accepted, the request's other pending
   * offers rejected, the request gets `selectedOfferId` and status `offer_selected`. Returns the
   * request. Throws, in order: `NotFoundError('purchaseRequest')`, `NotFoundError('sellerOffer')`,
   * `InvariantViolation(OFFER_OF_OTHER_REQUEST)`, `InvariantViolation(REQUEST_TRANSITION)`
   * (request not open), `InvariantViolation(OFFER_TRANSITION)` (offer not pending).
   */
  selectOffer(requestId: string, offerId: string): Promise<PurchaseRequest>;
  /**
   * Records the next delivery attempt (number = previous + 1, `attemptedAt` now). Throws
   * `ValidationError`, `UnsafeInputError`, `NotFoundError('purchaseRequest')`,
   * `InvariantViolation(NOT_IN_DELIVERY)`.
   */
  recordDeliveryAttempt(id: string, attempt: NewDeliveryAttempt): Promise<DeliveryAttempt>;
  /** The request's attempts by number (empty for an unknown request). */
  listDeliveryAttempts(id: string): Promise<DeliveryAttempt[]>;
}

export const marketplaceMethods: MethodMap<MarketplaceRepository> = {
  createRequest: { create: 'purchaseRequest' },
  getRequest: 'read',
  listRequestsByBuyer: 'read',
  updateRequest: 'write',
  setSpecification: 'write',
  removeSpecification: 'write',
  transitionStatus: 'write',
  submitOffer: { create: 'sellerOffer' },
  listOffers: 'read',
  withdrawOffer: 'write',
  selectOffer: 'write',
  recordDeliveryAttempt: 'write',
  listDeliveryAttempts: 'read',
};

// ---------------------------------------------------------------------------------------------
// Validators (shared by the model, both implementations and the stored-entity spec).

/** Text limits (code points). */
export const LIMITS = {
  title: 200,
  description: 5000,
  notes: 1000,
  line1: 200,
  line2: 200,
  city: 100,
  postalCode: 20,
  carrier: 100,
  trackingNumber: 100,
  details: 2000,
  location: 200,
  specKey: 100,
  specValue: 1000,
  attemptNote: 500,
} as const;

/** At most this many specifications and preferred sellers per request. */
export const MAX_LIST = 50;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function oneOf<T extends string>(field: string, values: readonly T[], v: unknown): T {
  if (!(values as readonly unknown[]).includes(v)) throw new ValidationError(field, `must be one of ${values.join(', ')}`);
  return v as T;
}

function idString(field: string, v: unknown): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be an id string');
  return v;
}

function opt<T extends object>(out: T, field: string, key: keyof T & string, v: unknown, max: number): void {
  const s = optionalText(`${field}.${key}`, v, max);
  if (typeof s === 'string') (out as Record<string, unknown>)[key] = s;
}

/** Validates a delivery info part; errors name `<field>.<key>`. */
export function validateDeliveryInfo(field: string, v: unknown): DeliveryInfo {
  if (!isObject(v)) throw new ValidationError(field, 'must be an object');
  const out: DeliveryInfo = { method: oneOf(`${field}.method`, DELIVERY_METHODS, v.method) };
  opt(out, field, 'notes', v.notes, LIMITS.notes);
  return out;
}

/** Validates a delivery address part. */
export function validateDeliveryAddress(field: string, v: unknown): DeliveryAddress {
  if (!isObject(v)) throw new ValidationError(field, 'must be an object');
  const out: DeliveryAddress = { line1: requireText(`${field}.line1`, v.line1, LIMITS.line1), city: requireText(`${field}.city`, v.city, LIMITS.city), country: '' };
  if (typeof v.country !== 'string' || !/^[A-Z]{2}$/.test(v.country)) throw new ValidationError(`${field}.country`, 'must be an ISO 3166-1 alpha-2 code in upper case');
  out.country = v.country;
  opt(out, field, 'line2', v.line2, LIMITS.line2);
  opt(out, field, 'postalCode', v.postalCode, LIMITS.postalCode);
  // Key order as in the interface (results are compared deeply, key order included in JSON views).
  return { line1: out.line1, ...(out.line2 !== undefined && { line2: out.line2 }), city: out.city, ...(out.postalCode !== undefined && { postalCode: out.postalCode }), country: out.country };
}

/** Validates a seller delivery info part. */
export function validateSellerDeliveryInfo(field: string, v: unknown): SellerDeliveryInfo {
  if (!isObject(v)) throw new ValidationError(field, 'must be an object');
  const out: SellerDeliveryInfo = { carrier: requireText(`${field}.carrier`, v.carrier, LIMITS.carrier) };
  opt(out, field, 'trackingNumber', v.trackingNumber, LIMITS.trackingNumber);
  return out;
}

/** Validates a service info part. */
export function validateServiceInfo(field: string, v: unknown): ServiceInfo {
  if (!isObject(v)) throw new ValidationError(field, 'must be an object');
  const out: ServiceInfo = { details: requireText(`${field}.details`, v.details, LIMITS.details) };
  opt(out, field, 'location', v.location, LIMITS.location);
  return out;
}

/** Validates a specification key (not blank, ≤ 100 code points). */
export function validateSpecKey(field: string, v: unknown): string {
  return requireText(field, v, LIMITS.specKey);
}

/** Validates a specification value (may be blank). */
export function validateSpecValue(field: string, v: unknown): string {
  const s = optionalText(field, v, LIMITS.specValue);
  if (typeof s !== 'string') throw new ValidationError(field, 'must be a string');
  return s;
}

/** Validates a specification list: unique keys, at most {@link MAX_LIST}. */
export function validateSpecifications(field: string, v: unknown): Specification[] {
  if (!Array.isArray(v)) throw new ValidationError(field, 'must be an array');
  if (v.length > MAX_LIST) throw new ValidationError(field, `must have at most ${MAX_LIST} entries`);
  const seen = new Set<string>();
  return v.map((s: unknown, i) => {
    if (!isObject(s)) throw new ValidationError(`${field}.${i}`, 'must be an object');
    const key = validateSpecKey(`${field}.${i}.key`, s.key);
    if (seen.has(key)) throw new ValidationError(`${field}.${i}.key`, 'must be unique within the request');
    seen.add(key);
    return { key, value: validateSpecValue(`${field}.${i}.value`, s.value) };
  });
}

/** Validates a preferred-seller list: id strings, no repeats, at most {@link MAX_LIST}. */
export function validatePreferredSellers(field: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw new ValidationError(field, 'must be an array');
  if (v.length > MAX_LIST) throw new ValidationError(field, `must have at most ${MAX_LIST} entries`);
  const out = v.map((x, i) => idString(`${field}.${i}`, x));
  if (new Set(out).size !== out.length) throw new ValidationError(field, 'must not repeat a seller');
  return out;
}

/** Validated `createRequest` input: defaults applied, lists present. */
export interface ValidPurchaseRequest extends Omit<NewPurchaseRequest, 'budgetCurrency' | 'status' | 'specifications' | 'preferredSellerIds'> {
  budgetCurrency: Currency;
  status: 'draft' | 'open';
  specifications: Specification[];
  preferredSellerIds: string[];
}

const PARTS = {
  deliveryInfo: validateDeliveryInfo,
  deliveryAddress: validateDeliveryAddress,
  sellerDeliveryInfo: validateSellerDeliveryInfo,
  serviceInfo: validateServiceInfo,
} as const;
/** The four 1:1 parts of a request. */
export const PART_KEYS = Object.keys(PARTS) as (keyof typeof PARTS)[];

function currency(field: string, v: unknown): Currency {
  if (!isCurrency(v)) throw new ValidationError(field, 'must be a supported currency');
  return v;
}

/** Validates `createRequest` input; errors name the field. */
export function validateNewRequest(input: NewPurchaseRequest): ValidPurchaseRequest {
  if (!isObject(input)) throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  const budgetCurrency = input.budgetCurrency === undefined ? 'USDT' : currency('budgetCurrency', input.budgetCurrency);
  const out: ValidPurchaseRequest = {
    buyerId: idString('buyerId', input.buyerId),
    title: requireText('title', input.title, LIMITS.title),
    budgetAmount: validateAmount('budgetAmount', input.budgetAmount, budgetCurrency),
    budgetCurrency,
    status: input.status === undefined ? 'open' : oneOf('status', ['draft', 'open'] as const, input.status),
    specifications: input.specifications === undefined ? [] : validateSpecifications('specifications', input.specifications),
    preferredSellerIds: input.preferredSellerIds === undefined ? [] : validatePreferredSellers('preferredSellerIds', input.preferredSellerIds),
  };
  if (input.id !== undefined) out.id = input.id;
  if (input.categoryId !== undefined) out.categoryId = idString('categoryId', input.categoryId);
  const description = optionalText('description', input.description, LIMITS.description);
  if (typeof description === 'string') out.description = description;
  for (const k of PART_KEYS) {
    const v = input[k];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = PARTS[k](k, v);
  }
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validateRequestPatch(patch: PurchaseRequestPatch): PurchaseRequestPatch {
  if (!isObject(patch)) throw new ValidationError('patch', 'must be an object');
  const out: PurchaseRequestPatch = {};
  if (patch.title !== undefined) out.title = requireText('patch.title', patch.title, LIMITS.title);
  const description = optionalText('patch.description', patch.description, LIMITS.description, true);
  if (description !== undefined) out.description = description;
  if (patch.categoryId !== undefined) out.categoryId = patch.categoryId === null ? null : idString('patch.categoryId', patch.categoryId);
  if (patch.budgetCurrency !== undefined) {
    out.budgetCurrency = currency('patch.budgetCurrency', patch.budgetCurrency);
    if (patch.budgetAmount === undefined) throw new ValidationError('patch.budgetAmount', 'is required when budgetCurrency changes');
  }
  if (patch.budgetAmount !== undefined) {
    // Without a new currency the amount is checked against the stored one (`checkBudgetScale`).
    if (typeof patch.budgetAmount !== 'string') throw new ValidationError('patch.budgetAmount', 'must be a decimal string, not a ' + typeof patch.budgetAmount);
    out.budgetAmount = validateAmount('patch.budgetAmount', patch.budgetAmount, out.budgetCurrency ?? 'ETH');
  }
  for (const k of PART_KEYS) {
    const v = patch[k];
    if (v === null) (out as Record<string, unknown>)[k] = null;
    else if (v !== undefined) (out as Record<string, unknown>)[k] = PARTS[k](`patch.${k}`, v);
  }
  if (patch.preferredSellerIds !== undefined) out.preferredSellerIds = validatePreferredSellers('patch.preferredSellerIds', patch.preferredSellerIds);
  return out;
}

/**
 * The patch's amount in the request's stored currency, when the patch keeps the currency
 * (`validateRequestPatch` checked it only against the finest scale). Throws `ValidationError('patch.budgetAmount')`.
 */
export function checkBudgetScale(patch: PurchaseRequestPatch, stored: Currency): void {
  if (patch.budgetAmount !== undefined && patch.budgetCurrency === undefined) validateAmount('patch.budgetAmount', patch.budgetAmount, stored);
}

/** Validates a status argument. */
export function validateStatus(v: unknown): RequestStatus {
  return oneOf('status', REQUEST_STATUSES, v);
}

/** Validates `recordDeliveryAttempt` input. */
export function validateNewAttempt(v: NewDeliveryAttempt): NewDeliveryAttempt {
  if (!isObject(v)) throw new ValidationError('attempt', 'must be an object');
  const out: NewDeliveryAttempt = { status: oneOf('attempt.status', DELIVERY_ATTEMPT_STATUSES, v.status) };
  const note = optionalText('attempt.note', v.note, LIMITS.attemptNote);
  if (typeof note === 'string') out.note = note;
  return out;
}

/** True when the request's fields may still change. */
export function isEditable(status: RequestStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

export type { NewSellerOffer, SellerOffer } from './marketplace-offer.ts';
