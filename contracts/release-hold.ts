/**
 * Release-hold contract: a hold that keeps a payment's escrowed funds from being released while
 * something about its purchase request is unsettled. A hold links one payment and one purchase
 * request; it is `active` until it is released or cancelled.
 *
 * Rules:
 * - only a payment whose funds are still in escrow can be held: status `pending` or `confirmed`
 *   ({@link HOLDABLE_PAYMENT_STATUSES}). A payment that is `released`, `refunded`, `failed` or
 *   `cancelled` has no funds left to hold: `InvariantViolation('releaseHold.payment_holdable')`.
 *   The rule is about the payment's status when the hold is placed: the payment domain may later
 *   move a held payment on (it does not know about holds), and that leaves the hold as it is;
 * - the payment and the request belong together: the payment's user is the request's buyer
 *   (`InvariantViolation('releaseHold.payment_matches_request')`);
 * - a payment has at most one active hold: `DuplicateKeyError('release_holds.active_per_payment')`;
 *   Postgres also holds it with a partial unique index, Mongo (no partial indexes on FerretDB)
 *   checks before the insert;
 * - releasing or cancelling is a status transition out of `active` only
 *   (`InvariantViolation('releaseHold.status_transition')`); both stamp `releasedAt` (the instant
 *   the hold stopped holding) and may record a `releaseNote`.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText } from './text.ts';
import type { MethodMap } from './domain.ts';
import type { PaymentStatus } from './payment.ts';

export const RELEASE_HOLD_REASONS = ['dispute', 'delivery_unconfirmed', 'fraud_review', 'manual', 'other'] as const;
export type ReleaseHoldReason = (typeof RELEASE_HOLD_REASONS)[number];

export const RELEASE_HOLD_STATUSES = ['active', 'released', 'cancelled'] as const;
export type ReleaseHoldStatus = (typeof RELEASE_HOLD_STATUSES)[number];

/** Payment statuses a hold may be placed on: the funds are still in escrow. */
export const HOLDABLE_PAYMENT_STATUSES = ['pending', 'confirmed'] as const satisfies readonly PaymentStatus[];

/** Invariant names of the refusals above. */
export const RELEASE_HOLD_PAYMENT_HOLDABLE = 'releaseHold.payment_holdable';
export const RELEASE_HOLD_PAYMENT_MATCHES_REQUEST = 'releaseHold.payment_matches_request';
export const RELEASE_HOLD_TRANSITION = 'releaseHold.status_transition';
/** Contract key of the one-active-hold-per-payment rule (also the Postgres index's key). */
export const RELEASE_HOLD_ACTIVE_KEY = 'release_holds.active_per_payment';

export const RELEASE_HOLD_NOTE_LIMIT = 1000;

/**
 * A stored hold. Times are UTC ms; `releasedAt` is present exactly when the status is not
 * `active`; `releaseNote` only when one was given.
 */
export interface ReleaseHold {
  id: string;
  paymentId: string;
  purchaseRequestId: string;
  placedBy: string;
  reason: ReleaseHoldReason;
  status: ReleaseHoldStatus;
  placedAt: number;
  releasedAt?: number;
  releaseNote?: string;
  createdAt: number;
  updatedAt: number;
}

/** Input of `place`. */
export interface NewReleaseHold {
  id?: string;
  paymentId: string;
  purchaseRequestId: string;
  placedBy: string;
  reason: ReleaseHoldReason;
}

/** Input of `release` and `cancel`. */
export interface ReleaseHoldEnd {
  note?: string;
}

/** The release-hold repository every implementation provides. */
export interface ReleaseHoldRepository {
  /**
   * Places an active hold (`placedAt` = `createdAt` = now). Throws, in this order:
   * `ValidationError` / `UnsafeInputError`, `NotFoundError('payment')`,
   * `NotFoundError('purchaseRequest')`, `NotFoundError('user')` (placedBy),
   * `InvariantViolation('releaseHold.payment_holdable')` when the payment is not pending or
   * confirmed, `InvariantViolation('releaseHold.payment_matches_request')` when the payment's
   * user is not the request's buyer, `DuplicateKeyError('release_holds.active_per_payment')`
   * when the payment already has an active hold.
   */
  place(input: NewReleaseHold): Promise<ReleaseHold>;
  /** The hold with this id (either id form), or null. */
  get(id: string): Promise<ReleaseHold | null>;
  /** The payment's active hold, or null (also for an unknown payment). */
  activeForPayment(paymentId: string): Promise<ReleaseHold | null>;
  /** Every hold of the request, oldest first (ties: creation order). Empty for an unknown request. */
  listForRequest(purchaseRequestId: string): Promise<ReleaseHold[]>;
  /**
   * Releases an active hold (status `released`, `releasedAt` and `updatedAt` = now, the note
   * when given). Throws `ValidationError` / `UnsafeInputError`, `NotFoundError('releaseHold')`,
   * `InvariantViolation('releaseHold.status_transition')` when the hold is not active.
   */
  release(id: string, end?: ReleaseHoldEnd): Promise<ReleaseHold>;
  /** As {@link release}, to status `cancelled` (the hold was placed in error). */
  cancel(id: string, end?: ReleaseHoldEnd): Promise<ReleaseHold>;
}

export const releaseHoldMethods: MethodMap<ReleaseHoldRepository> = {
  place: { create: 'releaseHold' },
  get: 'read',
  activeForPayment: 'read',
  listForRequest: 'read',
  release: 'write',
  cancel: 'write',
};

/** True when a hold may be placed on a payment in `status`. */
export const isHoldable = (status: PaymentStatus): boolean => (HOLDABLE_PAYMENT_STATUSES as readonly string[]).includes(status);

/** Validates `place` input; errors name the field. */
export function validateNewReleaseHold(input: NewReleaseHold): NewReleaseHold {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  for (const f of ['paymentId', 'purchaseRequestId', 'placedBy'] as const) {
    if (typeof input[f] !== 'string') throw new ValidationError(f, 'must be an id string');
  }
  if (!(RELEASE_HOLD_REASONS as readonly unknown[]).includes(input.reason)) throw new ValidationError('reason', `must be one of ${RELEASE_HOLD_REASONS.join(', ')}`);
  const out: NewReleaseHold = { paymentId: input.paymentId, purchaseRequestId: input.purchaseRequestId, placedBy: input.placedBy, reason: input.reason };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/** Validates the input of `release` / `cancel` (absent means no note); errors name `end.<field>`. */
export function validateReleaseHoldEnd(end: ReleaseHoldEnd | undefined): ReleaseHoldEnd {
  if (end === undefined) return {};
  if (end === null || typeof end !== 'object') throw new ValidationError('end', 'must be an object');
  const note = optionalText('end.note', end.note, RELEASE_HOLD_NOTE_LIMIT);
  return typeof note === 'string' ? { note } : {};
}
