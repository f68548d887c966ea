/**
 * Payment contract: escrow payments and the append-only funds ledger.
 *
 * Money is a canonical decimal string (`contracts/money.ts`). A ledger entry takes its user and
 * currency from its payment (Postgres enforces the match with a composite foreign key); ledger
 * entries are never changed or removed (Postgres enforces it with triggers). Balances are exact:
 * credits minus debits, canonical, possibly negative.
 *
 * Payment quotes are a price oracle's answers for a payment: a rate from the base to the quote
 * currency, the amount in the quote currency, an expiry, and the oracle's raw answer (a JSON
 * payload that reads back exactly as given, see `contracts/json-payload.ts`). A quote is valid while the
 * clock is before its `expiresAt`. Quotes go with their payment (ON DELETE CASCADE).
 *
 * A payment may pay for a purchase request (`purchaseRequestId`, optional; the marketplace
 * domain's request). The source system's rule: **at most one pending payment per purchase
 * request** — creating a second one while the first is `pending` is a
 * `DuplicateKeyError(PENDING_PER_REQUEST)`; once the first leaves `pending` (confirmed, failed,
 * cancelled) another may be created. Postgres holds the rule with a partial unique index; the
 * Mongo implementation checks before inserting (see `repos/mongo/payment.ts` for why not an
 * index). The payment's user must be the request's buyer (`InvariantViolation(REQUEST_BUYER)`):
 * a request is paid by whoever asked for it, and release holds already assume it.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { canonicalDecimal, isCurrency, MONEY_INTEGER_DIGITS, MONEY_MAX_SCALE, validateAmount, type Currency } from './money.ts';
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
  /** The purchase request this payment pays for, when it pays for one. */
  purchaseRequestId?: string;
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
  /** A purchase request (its id in either form) whose buyer is `userId`. */
  purchaseRequestId?: string;
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

/** A price quote of a payment (immutable). `amount` is in `quoteCurrency`; `rate` is quote units per base unit. */
export interface PaymentQuote {
  id: string;
  paymentId: string;
  provider: string;
  baseCurrency: Currency;
  quoteCurrency: Currency;
  /** Canonical decimal string, > 0, at most 20 integer and 18 fractional digits (`numeric(38,18)`). */
  rate: string;
  amount: string;
  /** UTC ms; the quote is valid while the clock reads less than this. */
  expiresAt: number;
  /** The oracle's answer, exactly as given (any JSON value but null). */
  raw: JsonValue;
  createdAt: number;
}

export interface NewPaymentQuote {
  id?: string;
  paymentId: string;
  provider: string;
  baseCurrency: Currency;
  quoteCurrency: Currency;
  rate: string;
  amount: string;
  expiresAt: number;
  raw: JsonValue;
}

/** Balance per currency; only currencies with at least one entry appear, keys in `CURRENCIES` order. */
export type Balances = Partial<Record<Currency, string>>;

/** The payment repository every implementation provides. */
export interface PaymentRepository {
  /**
   * Creates a `pending` payment. Throws, in this order: `ValidationError`, `UnsafeInputError`
   * (input; nothing written), `NotFoundError('user')`, `NotFoundError('purchaseRequest')` (an
   * unknown `purchaseRequestId`), `InvariantViolation(REQUEST_BUYER)` (the user is not the
   * request's buyer), `DuplicateKeyError(PENDING_PER_REQUEST)` (the request already has a
   * pending payment).
   */
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
  /**
   * Records an oracle's quote for an existing payment. Throws `ValidationError` (rate, amount in
   * the quote currency's scale, expiresAt, raw payload; checked first), `UnsafeInputError`
   * (provider), then `NotFoundError('payment')`.
   */
  addQuote(input: NewPaymentQuote): Promise<PaymentQuote>;
  /** The payment's quotes, oldest first (creation order among equal times); empty for an unknown payment. */
  listQuotes(paymentId: string): Promise<PaymentQuote[]>;
  /**
   * The newest quote of the payment that has not expired (`expiresAt` > the clock's now), or
   * null when there is none (or the payment is unknown).
   */
  latestQuote(paymentId: string): Promise<PaymentQuote | null>;
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
  addQuote: { create: 'paymentQuote' },
  listQuotes: 'read',
  latestQuote: 'read',
};

/** The invariant name of a refused status change. */
export const STATUS_TRANSITION = 'payment.status_transition';

/** `DuplicateKeyError.key` of "at most one pending payment per purchase request" (Postgres: `payments_pending_per_request_uq`). */
export const PENDING_PER_REQUEST = 'payments.pending_per_request';

/** The invariant name of a payment for a request whose buyer is someone else. */
export const REQUEST_BUYER = 'payment.request_buyer';

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
  if (input.purchaseRequestId !== undefined) {
    if (typeof input.purchaseRequestId !== 'string') throw new ValidationError('purchaseRequestId', 'must be an id string');
    out.purchaseRequestId = input.purchaseRequestId;
  }
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

/** Latest instant a quote may expire at (9999-12-31T23:59:59.999Z): inside every store's time range. */
export const MAX_TIME_MS = 253402300799999;

/** Canonical exchange rate: a positive decimal string that `numeric(38,18)` holds exactly (`ValidationError('rate')`). */
export function validateRate(value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError('rate', 'must be a decimal string, not a ' + typeof value);
  if (value.startsWith('-')) throw new ValidationError('rate', 'must not be negative');
  const canonical = canonicalDecimal(value, 'rate');
  const [int = '', frac = ''] = canonical.split('.');
  if (int.length > MONEY_INTEGER_DIGITS) throw new ValidationError('rate', `must have at most ${MONEY_INTEGER_DIGITS} integer digits (numeric(38,18))`);
  if (frac.length > MONEY_MAX_SCALE) throw new ValidationError('rate', `must have at most ${MONEY_MAX_SCALE} decimal places`);
  if (canonical === '0') throw new ValidationError('rate', 'must be greater than zero');
  return canonical;
}

/** Validates `addQuote` input; canonicalizes rate and amount and copies the payload. Errors name the field. */
export function validateNewPaymentQuote(input: NewPaymentQuote): NewPaymentQuote {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.paymentId !== 'string') throw new ValidationError('paymentId', 'must be an id string');
  if (!isCurrency(input.baseCurrency)) throw new ValidationError('baseCurrency', 'must be a supported currency');
  if (!isCurrency(input.quoteCurrency)) throw new ValidationError('quoteCurrency', 'must be a supported currency');
  if (!Number.isSafeInteger(input.expiresAt) || input.expiresAt < 0 || input.expiresAt > MAX_TIME_MS) {
    throw new ValidationError('expiresAt', 'must be an integer number of UTC ms between 1970 and 9999');
  }
  const out: NewPaymentQuote = {
    paymentId: input.paymentId,
    provider: requireText('provider', input.provider, 50),
    baseCurrency: input.baseCurrency,
    quoteCurrency: input.quoteCurrency,
    rate: validateRate(input.rate),
    amount: validateAmount('amount', input.amount, input.quoteCurrency),
    expiresAt: input.expiresAt,
    raw: validateJsonPayload('raw', input.raw),
  };
  if (input.id !== undefined) out.id = input.id;
  return out;
}
