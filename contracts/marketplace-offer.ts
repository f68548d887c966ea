/**
 * Seller offers of the marketplace contract (`contracts/marketplace.ts`): types, validators and
 * the rules `submitOffer`, `withdrawOffer` and `selectOffer` share across implementations.
 *
 * @public
 */
import { InvariantViolation, ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { isCurrency, validateAmount, type Currency } from './money.ts';
import { optionalText } from './text.ts';
import { REQUEST_TRANSITION, type RequestStatus } from './marketplace.ts';

export const OFFER_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** `DuplicateKeyError.key` of the one-pending-offer-per-seller-and-request rule (Postgres: `seller_offers_one_pending_per_seller`). */
export const ACTIVE_OFFER_KEY = 'seller_offers.pending_per_seller';
/** An offer on a request that is not open. */
export const OFFER_ON_CLOSED = 'seller_offer.request_not_open';
/** A status change of an offer that is not pending. */
export const OFFER_TRANSITION = 'seller_offer.status_transition';
/** `selectOffer` with an offer of another request. */
export const OFFER_OF_OTHER_REQUEST = 'purchase_request.selected_offer';

/** A seller's offer. `price` is a canonical decimal string in `currency` (TRY allowed). */
export interface SellerOffer {
  id: string;
  requestId: string;
  sellerId: string;
  price: string;
  currency: Currency;
  status: OfferStatus;
  message?: string;
  createdAt: number;
  updatedAt: number;
}

/** Input of `submitOffer`. */
export interface NewSellerOffer {
  id?: string;
  requestId: string;
  sellerId: string;
  price: string;
  currency: Currency;
  message?: string;
}

/** Validates `submitOffer` input; errors name the field. */
export function validateNewOffer(input: NewSellerOffer): NewSellerOffer {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.requestId !== 'string') throw new ValidationError('requestId', 'must be an id string');
  if (typeof input.sellerId !== 'string') throw new ValidationError('sellerId', 'must be an id string');
  if (!isCurrency(input.currency)) throw new ValidationError('currency', 'must be a supported currency');
  const out: NewSellerOffer = { requestId: input.requestId, sellerId: input.sellerId, price: validateAmount('price', input.price, input.currency), currency: input.currency };
  if (input.id !== undefined) out.id = input.id;
  const message = optionalText('message', input.message, 2000);
  if (typeof message === 'string') out.message = message;
  return out;
}

/** Throws `InvariantViolation(OFFER_ON_CLOSED)` unless the request takes offers (status `open`). */
export function assertTakesOffers(status: RequestStatus): void {
  if (status !== 'open') throw new InvariantViolation(OFFER_ON_CLOSED, `a ${status} request takes no offers`);
}

/** Throws `InvariantViolation(OFFER_TRANSITION)` unless the offer is pending. */
export function assertPending(status: OfferStatus, to: OfferStatus): void {
  if (status !== 'pending') throw new InvariantViolation(OFFER_TRANSITION, `${status} -> ${to} is not allowed`);
}

/**
 * The checks of `selectOffer` once both are loaded, in the contract's order: the offer belongs to
 * the request, the request is open, the offer is pending.
 */
export function assertSelectable(request: { id: string; status: RequestStatus }, offer: { requestId: string; status: OfferStatus }, sameRequest: boolean): void {
  if (!sameRequest) throw new InvariantViolation(OFFER_OF_OTHER_REQUEST, `the offer belongs to another request than ${request.id}`);
  if (request.status !== 'open') throw new InvariantViolation(REQUEST_TRANSITION, `${request.status} -> offer_selected is not allowed`);
  assertPending(offer.status, 'accepted');
}
