/**
 * Payment contract: escrow payments and the append-only funds ledger.
 *
 * Money is a canonical decimal string (`contracts/money.ts`). A ledger entry takes its user and
 * currency from its payment (Postgres enforces the match with a composite foreign key); ledger
 * entries are never changed or removed (Postgres enforces it with triggers). Balances are exact:
 * credits minus debits, canonical, possibly negative.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { isCurrency, validateAmount, type Currency } from './money.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const PAYMENT_STATUSES = ['pending', 'confirmed', 'released', 'refunded', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Allowed status transitions; any other is an `InvariantViolation('payment.status_transition')`. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['confirmed', 'failed', 'cancelled'],
  confirmed: ['released', 'refunded'],
  released: [],
  refunded: [],
  failed: [],
  cancelled: [],
};

export const LEDGER_DIRECTIONS = ['credit', 'debit'] as const;
export type LedgerDirection = (typeof LEDGER_DIRECTIONS)[number];
export const LEDGER_KINDS = ['deposit', 'release', 'refund', 'fee', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** A stored payment. `amount` is a canonical decimal string in `currency`. Times are UTC ms. */
export interface Payment {
  id: string;
  userId: string;
  amount: string;
  currency: Currency;
  status: PaymentStatus;
  provider: string;
  reference?: string;
  createdAt: number;
  updatedAt: number;
}

export interface NewPayment {
  id?: string;
  userId: string;
  amount: string;
  currency: Currency;
  provider: string;
  reference?: string;
}

/** `reference: null` clears it; `status` must be an allowed transition. */
export interface PaymentPatch {
  status?: PaymentStatus;
  reference?: string | null;
}

/** A funds-ledger entry (immutable). `userId` and `currency` are its payment's. */
export interface LedgerEntry {
  id: string;
  paymentId: string;
  userId: string;
  currency: Currency;
  direction: LedgerDirection;
  kind: LedgerKind;
  amount: string;
  memo?: string;
  createdAt: number;
}

export interface NewLedgerEntry {
  id?: string;
  paymentId: string;
  direction: LedgerDirection;
  kind: LedgerKind;
  amount: string;
  memo?: string;
}

/** Balance per currency; only currencies with at least one entry appear, keys in `CURRENCIES` order. */
export type Balances = Partial<Record<Currency, string>>;

/** The payment repository every implementation provides. */
export interface PaymentRepository {
  /** Creates a `pending` payment. Throws `NotFoundError('user')`, `ValidationError`, `UnsafeInputError`. */
  create(input: NewPayment): Promise<Payment>;
  get(id: string): Promise<Payment | null>;
  /** The user's payments, oldest first. */
  listByUser(userId: string): Promise<Payment[]>;
  /** Throws `NotFoundError('payment')`, `InvariantViolation('payment.status_transition')`, `ValidationError`. */
  update(id: string, patch: PaymentPatch): Promise<Payment>;
  /** Appends to the funds ledger. Throws `NotFoundError('payment')`, `ValidationError` (amount in the payment's currency). */
  appendLedgerEntry(input: NewLedgerEntry): Promise<LedgerEntry>;
  /** The payment's entries, oldest first (empty for an unknown payment). */
  listLedgerEntries(paymentId: string): Promise<LedgerEntry[]>;
  /** Credits minus debits over all the user's entries, per currency. */
  getBalanceByUser(userId: string): Promise<Balances>;
  /** Credits minus debits of the payment's entries (`"0"` when none). Throws `NotFoundError('payment')`. */
  getBalanceByPayment(paymentId: string): Promise<string>;
}

export const paymentMethods: MethodMap<PaymentRepository> = {
  create: { create: 'payment' },
  get: 'read',
  listByUser: 'read',
  update: 'write',
  appendLedgerEntry: { create: 'ledgerEntry' },
  listLedgerEntries: 'read',
  getBalanceByUser: 'read',
  getBalanceByPayment: 'read',
};

/** The invariant name of a refused status change. */
export const STATUS_TRANSITION = 'payment.status_transition';

function optionalId(input: { id?: unknown }): void {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
}

/** Validates `create` input and canonicalizes its amount; errors name the field. */
export function validateNewPayment(input: NewPayment): NewPayment {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  if (!isCurrency(input.currency)) throw new ValidationError('currency', 'must be a supported currency');
  const out: NewPayment = {
    userId: input.userId,
    currency: input.currency,
    amount: validateAmount('amount', input.amount, input.currency),
    provider: requireText('provider', input.provider, 50),
  };
  if (input.id !== undefined) out.id = input.id;
  const reference = optionalText('reference', input.reference, 200);
  if (typeof reference === 'string') out.reference = reference;
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validatePaymentPatch(patch: PaymentPatch): PaymentPatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: PaymentPatch = {};
  if (patch.status !== undefined) {
    if (!(PAYMENT_STATUSES as readonly unknown[]).includes(patch.status)) throw new ValidationError('patch.status', `must be one of ${PAYMENT_STATUSES.join(', ')}`);
    out.status = patch.status;
  }
  const reference = optionalText('patch.reference', patch.reference, 200, true);
  if (reference !== undefined) out.reference = reference;
  return out;
}

/**
 * Validates a ledger entry except its amount's scale, which depends on the payment's currency
 * (see {@link validateLedgerAmount}); errors name the field.
 */
export function validateNewLedgerEntry(input: NewLedgerEntry): NewLedgerEntry {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.paymentId !== 'string') throw new ValidationError('paymentId', 'must be an id string');
  if (!(LEDGER_DIRECTIONS as readonly unknown[]).includes(input.direction)) throw new ValidationError('direction', 'must be credit or debit');
  if (!(LEDGER_KINDS as readonly unknown[]).includes(input.kind)) throw new ValidationError('kind', `must be one of ${LEDGER_KINDS.join(', ')}`);
  if (typeof input.amount !== 'string') throw new ValidationError('amount', 'must be a decimal string, not a ' + typeof input.amount);
  const out: NewLedgerEntry = { paymentId: input.paymentId, direction: input.direction, kind: input.kind, amount: input.amount };
  if (input.id !== undefined) out.id = input.id;
  const memo = optionalText('memo', input.memo, 500);
  if (typeof memo === 'string') out.memo = memo;
  return out;
}

/** Canonical ledger amount in the payment's currency (`ValidationError('amount')`). */
export function validateLedgerAmount(amount: string, currency: Currency): string {
  return validateAmount('amount', amount, currency);
}
