/**
 * Dispute contract: a buyer's dispute over one of their payments, moved through a small state
 * machine until it is resolved or cancelled.
 *
 * Rules:
 * - only the payment's owner may open a dispute over it (`InvariantViolation('dispute.opened_by_owner')`);
 * - a payment has at most one unresolved dispute (status `open` or `under_review`):
 *   `DuplicateKeyError('disputes.unresolved_per_payment')`; Postgres also holds it with a partial
 *   unique index, Mongo (no partial indexes on FerretDB) checks before the insert;
 * - status changes follow {@link DISPUTE_TRANSITIONS} (`InvariantViolation('dispute.status_transition')`);
 * - resolving (`resolved_buyer`, `resolved_seller`) stamps `resolvedAt`; nothing else does;
 * - `evidence` is a JSON payload that reads back exactly as given (`contracts/json-payload.ts`).
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const DISPUTE_REASONS = ['not_received', 'not_as_described', 'unauthorized', 'duplicate', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export const DISPUTE_STATUSES = ['open', 'under_review', 'resolved_buyer', 'resolved_seller', 'cancelled'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Statuses of a dispute that still blocks a new one for the same payment. */
export const UNRESOLVED_DISPUTE_STATUSES = ['open', 'under_review'] as const satisfies readonly DisputeStatus[];
/** Statuses that stamp `resolvedAt`. */
export const RESOLVED_DISPUTE_STATUSES = ['resolved_buyer', 'resolved_seller'] as const satisfies readonly DisputeStatus[];

/** Allowed status transitions; any other (including to the same status) is refused. */
export const DISPUTE_TRANSITIONS: Readonly<Record<DisputeStatus, readonly DisputeStatus[]>> = {
  open: ['under_review', 'resolved_buyer', 'resolved_seller', 'cancelled'],
  under_review: ['resolved_buyer', 'resolved_seller', 'cancelled'],
  resolved_buyer: [],
  resolved_seller: [],
  cancelled: [],
};

/** Invariant names of the refusals above. */
export const DISPUTE_TRANSITION = 'dispute.status_transition';
export const DISPUTE_OPENED_BY_OWNER = 'dispute.opened_by_owner';
/** Contract key of the one-unresolved-dispute-per-payment rule (also the Postgres index's key). */
export const DISPUTE_UNRESOLVED_KEY = 'disputes.unresolved_per_payment';

export const DISPUTE_TEXT_LIMITS = { description: 2000, resolutionNote: 2000 } as const;

/** A stored dispute. Times are UTC ms; `resolvedAt` is present exactly when the status is a resolution. */
export interface Dispute {
  id: string;
  paymentId: string;
  openedBy: string;
  reason: DisputeReason;
  description: string;
  status: DisputeStatus;
  resolutionNote?: string;
  evidence?: JsonValue;
  createdAt: number;
  updatedAt: number;
  resolvedAt?: number;
}

/** Input of `open`. `evidence` is any JSON value but `null` (omit it instead). */
export interface NewDispute {
  id?: string;
  paymentId: string;
  openedBy: string;
  reason: DisputeReason;
  description: string;
  evidence?: JsonValue;
}

/** Input of `transition`: the new status and, optionally, a note that replaces the current one. */
export interface DisputeTransition {
  status: DisputeStatus;
  resolutionNote?: string;
}

/** The dispute repository every implementation provides. */
export interface DisputeRepository {
  /**
   * Opens a dispute (`status: 'open'`). Throws `ValidationError`, `UnsafeInputError`,
   * `NotFoundError('payment')`, `NotFoundError('user')` (the opener), `InvariantViolation('dispute.opened_by_owner')`
   * when the opener does not own the payment, `DuplicateKeyError('disputes.unresolved_per_payment')`
   * when the payment already has an open or under-review dispute. Checked in that order.
   */
  open(input: NewDispute): Promise<Dispute>;
  /** The dispute with this id (either id form), or null. */
  get(id: string): Promise<Dispute | null>;
  /** The payment's open or under-review dispute, or null (also for an unknown payment). */
  getUnresolvedByPayment(paymentId: string): Promise<Dispute | null>;
  /**
   * Moves the dispute to `status` (stamping `updatedAt`, and `resolvedAt` for a resolution) and
   * replaces the resolution note when one is given. Throws `ValidationError`, `UnsafeInputError`,
   * `NotFoundError('dispute')`, `InvariantViolation('dispute.status_transition')`.
   */
  transition(id: string, change: DisputeTransition): Promise<Dispute>;
}

export const disputeMethods: MethodMap<DisputeRepository> = {
  open: { create: 'dispute' },
  get: 'read',
  getUnresolvedByPayment: 'read',
  transition: 'write',
};

/** True when a dispute in `status` blocks another for the same payment. */
export const isUnresolved = (status: DisputeStatus): boolean => (UNRESOLVED_DISPUTE_STATUSES as readonly string[]).includes(status);
/** True when moving to `status` stamps `resolvedAt`. */
export const isResolution = (status: DisputeStatus): boolean => (RESOLVED_DISPUTE_STATUSES as readonly string[]).includes(status);

function oneOf<T extends string>(field: string, values: readonly T[], v: unknown): T {
  if (!(values as readonly unknown[]).includes(v)) throw new ValidationError(field, `must be one of ${values.join(', ')}`);
  return v as T;
}

/** Validates `open` input; errors name the field. The evidence is deep-copied. */
export function validateNewDispute(input: NewDispute): NewDispute {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.paymentId !== 'string') throw new ValidationError('paymentId', 'must be an id string');
  if (typeof input.openedBy !== 'string') throw new ValidationError('openedBy', 'must be an id string');
  const out: NewDispute = {
    paymentId: input.paymentId,
    openedBy: input.openedBy,
    reason: oneOf('reason', DISPUTE_REASONS, input.reason),
    description: requireText('description', input.description, DISPUTE_TEXT_LIMITS.description),
  };
  if (input.id !== undefined) out.id = input.id;
  if (input.evidence === null) throw new ValidationError('evidence', 'must not be null (omit it instead)');
  if (input.evidence !== undefined) out.evidence = validateJsonPayload('evidence', input.evidence);
  return out;
}

/** Validates a transition; errors name `change.<field>`. */
export function validateDisputeTransition(change: DisputeTransition): DisputeTransition {
  if (change === null || typeof change !== 'object') throw new ValidationError('change', 'must be an object');
  const out: DisputeTransition = { status: oneOf('change.status', DISPUTE_STATUSES, change.status) };
  const note = optionalText('change.resolutionNote', change.resolutionNote, DISPUTE_TEXT_LIMITS.resolutionNote);
  if (typeof note === 'string') out.resolutionNote = note;
  return out;
}
