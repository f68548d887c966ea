/**
 * Stored-entity specs of the payment domain: `payments` ↔ `payments`, the funds ledger,
 * `fundsLedgerEntries` ↔ `funds_ledger_entries` (append-only in Postgres: existing rows are
 * never updated by a backfill), and oracle quotes, `paymentQuotes` ↔ `payment_quotes`.
 *
 * A payment may reference the purchase request it pays for (`purchaseRequestId`, optional);
 * legacy data with two pending payments for one request is settled by {@link onePendingPaymentPolicy}.
 *
 * Canonical records: {@link Payment} and {@link LedgerEntry} with legacy ids and canonical
 * money strings. Legacy amounts may be strings with trailing zeros, JS numbers (flagged: see
 * `readMoney`) or Decimal128.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { CURRENCIES, validateAmount } from '../../contracts/money.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import { readJson } from './json-shape.ts';
import { LEDGER_DIRECTIONS, LEDGER_KINDS, MAX_TIME_MS, PAYMENT_STATUSES, validateRate, type LedgerEntry, type Payment, type PaymentQuote } from '../../contracts/payment.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { canonicalDecimal } from '../../contracts/money.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { fundsLedgerEntries, paymentQuotes, payments } from '../../schema/payments.ts';
import { LegacyShapeError, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type PolicyPlan, type RepairPolicy, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `payments` row as Drizzle reads it. */
export type PaymentRow = typeof payments.$inferSelect;
/** Insert values of a `payments` row. */
export type PaymentInsert = typeof payments.$inferInsert;
/** A `payment_quotes` row as Drizzle reads it. */
export type PaymentQuoteRow = typeof paymentQuotes.$inferSelect;
/** Insert values of a `payment_quotes` row. */
export type PaymentQuoteInsert = typeof paymentQuotes.$inferInsert;
/** A `funds_ledger_entries` row as Drizzle reads it. */
export type LedgerRow = typeof fundsLedgerEntries.$inferSelect;
/** Insert values of a `funds_ledger_entries` row. */
export type LedgerInsert = typeof fundsLedgerEntries.$inferInsert;

/** Canonical {@link Payment} of a `payments` document. Throws `LegacyShapeError`. */
export function paymentFromLegacy(doc: Document): LegacyReading<Payment> {
  const r = new ShapeReader(doc);
  const p: Payment = {
    id: r.id(),
    userId: r.ref('userId'),
    amount: r.money('amount'),
    currency: r.oneOf('currency', CURRENCIES),
    status: r.oneOf('status', PAYMENT_STATUSES),
    provider: r.string('provider'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(p, { reference: r.optionalString('reference'), purchaseRequestId: r.ref('purchaseRequestId', true) }, ['reference', 'purchaseRequestId']), flags: r.flags };
}

/** Contract rules of a payment record: amount (positive, ≤ 20 integer digits, the currency's scale), provider, reference. */
export function validatePaymentRecord(p: Payment): RuleViolation[] {
  return collectViolations([
    () => validateAmount('amount', p.amount, p.currency),
    () => requireText('provider', p.provider, 50),
    () => optionalText('reference', p.reference, 200),
  ]);
}

/** Canonical {@link LedgerEntry} of a `fundsLedgerEntries` document. Throws `LegacyShapeError`. */
export function ledgerEntryFromLegacy(doc: Document): LegacyReading<LedgerEntry> {
  const r = new ShapeReader(doc);
  const e: LedgerEntry = {
    id: r.id(),
    paymentId: r.ref('paymentId'),
    userId: r.ref('userId'),
    currency: r.oneOf('currency', CURRENCIES),
    direction: r.oneOf('direction', LEDGER_DIRECTIONS),
    kind: r.oneOf('kind', LEDGER_KINDS),
    amount: r.money('amount'),
    createdAt: r.time('createdAt'),
  };
  return { record: present(e, { memo: r.optionalString('memo') }, ['memo']), flags: r.flags };
}

/** Contract rules of a ledger record: amount in its currency, memo. (Its match with the payment is `agreesWith`.) */
export function validateLedgerRecord(e: LedgerEntry): RuleViolation[] {
  return collectViolations([() => validateAmount('amount', e.amount, e.currency), () => optionalText('memo', e.memo, 500)]);
}

/** The rule behind {@link onePendingPaymentPolicy}; Postgres enforces it with `payments_pending_per_request_uq`. */
export const ONE_PENDING_PER_REQUEST_RULE = 'at most one pending payment per purchase request';

/**
 * Policy: when a purchase request has more than one `pending` payment, the oldest (`createdAt`,
 * then the smaller id) is backfilled and every other is rejected (cause `policy`), naming the one
 * kept. Nothing is repaired on purpose: a payment is a money record, and cancelling one or
 * dropping its request would invent a transition or hide a link that never existed in the source
 * system. Which payment is the real one is an operator's decision, made in Mongo (fail or cancel
 * the others), after which the next backfill copies them; until then their ledger entries,
 * quotes, disputes and holds are rejected with them (they reference a rejected payment).
 * Only records that meet the contract rules compete.
 */
export const onePendingPaymentPolicy: RepairPolicy<Payment> = {
  name: 'one-pending-payment-per-request',
  description: 'more than one pending payment for a purchase request: backfill the oldest, reject the others for an operator to settle in Mongo',
  memory: 'one map entry per purchase request with a pending payment (its oldest pending payment)',
  candidates: { status: 'pending', purchaseRequestId: { $exists: true, $ne: null } },
  planner() {
    const oldest = new Map<string, { id: string; createdAt: number }>();
    return {
      add(p) {
        if (p.status !== 'pending' || p.purchaseRequestId === undefined) return;
        const cur = oldest.get(p.purchaseRequestId);
        if (!cur || p.createdAt < cur.createdAt || (p.createdAt === cur.createdAt && p.id < cur.id)) oldest.set(p.purchaseRequestId, { id: p.id, createdAt: p.createdAt });
      },
      reject() {},
      finish(): PolicyPlan<Payment> {
        return {
          apply(p) {
            const keeper = p.status === 'pending' && p.purchaseRequestId !== undefined ? oldest.get(p.purchaseRequestId) : undefined;
            if (keeper === undefined || keeper.id === p.id) return { record: p, repairs: [] };
            return { violation: { field: 'purchaseRequestId', rule: `${ONE_PENDING_PER_REQUEST_RULE}: ${keeper.id} is the request's oldest pending payment` } };
          },
        };
      },
    };
  },
};

/** The `payments` spec. */
export const paymentEntity: StoredEntity<Payment, PaymentRow, PaymentInsert> = {
  name: 'payment',
  domain: 'payment',
  collection: 'payments',
  table: 'payments',
  pgTable: payments,
  references: { userId: 'users', purchaseRequestId: 'purchase_requests' },
  appendOnly: false,
  policy: onePendingPaymentPolicy,
  fromDocument: paymentFromLegacy,
  validate: validatePaymentRecord,
  fromRow(row, refs) {
    const p: Payment = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      amount: canonicalDecimal(row.amount),
      currency: row.currency,
      status: row.status,
      provider: row.provider,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    if (row.purchaseRequestId !== null) p.purchaseRequestId = refId(refs, 'purchaseRequestId', row.purchaseRequestId);
    return present(p, row, ['reference']);
  },
  toRow(p, resolve) {
    return {
      legacyObjectId: p.id,
      userId: resolve('users', p.userId),
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      provider: p.provider,
      reference: p.reference ?? null,
      purchaseRequestId: p.purchaseRequestId === undefined ? null : resolve('purchase_requests', p.purchaseRequestId),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.updatedAt),
    };
  },
};

/** The `funds_ledger_entries` spec: append-only; `userId` and `currency` must be its payment's. */
export const ledgerEntryEntity: StoredEntity<LedgerEntry, LedgerRow, LedgerInsert> = {
  name: 'ledgerEntry',
  domain: 'payment',
  collection: 'fundsLedgerEntries',
  table: 'funds_ledger_entries',
  pgTable: fundsLedgerEntries,
  references: { paymentId: 'payments', userId: 'users' },
  agreesWith: { via: 'paymentId', fields: ['userId', 'currency'] },
  appendOnly: true,
  fromDocument: ledgerEntryFromLegacy,
  validate: validateLedgerRecord,
  fromRow(row, refs) {
    const e: LedgerEntry = {
      id: rowId(row),
      paymentId: refId(refs, 'paymentId', row.paymentId),
      userId: refId(refs, 'userId', row.userId),
      currency: row.currency,
      direction: row.direction,
      kind: row.kind,
      amount: canonicalDecimal(row.amount),
      createdAt: row.createdAt.getTime(),
    };
    return present(e, row, ['memo']);
  },
  toRow(e, resolve) {
    return {
      legacyObjectId: e.id,
      paymentId: resolve('payments', e.paymentId),
      userId: resolve('users', e.userId),
      currency: e.currency,
      direction: e.direction,
      kind: e.kind,
      amount: e.amount,
      memo: e.memo ?? null,
      createdAt: new Date(e.createdAt),
    };
  },
};

/**
 * Canonical {@link PaymentQuote} of a `paymentQuotes` document (`rate` read like money; the
 * payload from `raw`, as the source system's Mongoose `Mixed` field holds it). Throws `LegacyShapeError`.
 */
export function paymentQuoteFromLegacy(doc: Document): LegacyReading<PaymentQuote> {
  const r = new ShapeReader(doc);
  const q: PaymentQuote = {
    id: r.id(),
    paymentId: r.ref('paymentId'),
    provider: r.string('provider'),
    baseCurrency: r.oneOf('baseCurrency', CURRENCIES),
    quoteCurrency: r.oneOf('quoteCurrency', CURRENCIES),
    rate: r.money('rate'),
    amount: r.money('amount'),
    expiresAt: r.time('expiresAt'),
    raw: readJson(doc, 'raw'),
    createdAt: r.time('createdAt'),
  };
  return { record: q, flags: r.flags };
}

/** Contract rules of a quote record: provider, rate, amount in the quote currency, expiry range, a payload that round-trips. */
export function validatePaymentQuoteRecord(q: PaymentQuote): RuleViolation[] {
  return collectViolations([
    () => requireText('provider', q.provider, 50),
    () => validateRate(q.rate),
    () => validateAmount('amount', q.amount, q.quoteCurrency),
    () => {
      if (q.expiresAt < 0 || q.expiresAt > MAX_TIME_MS) throw new ValidationError('expiresAt', 'must be between 1970 and 9999');
    },
    () => validateJsonPayload('raw', q.raw),
  ]);
}

/**
 * The `payment_quotes` spec (quotes are never changed by the repositories; a backfill copies
 * them). `toRow` gives `raw` as JSON text, for the plain parameterized SQL backfill runs.
 */
export const paymentQuoteEntity: StoredEntity<PaymentQuote, PaymentQuoteRow, PaymentQuoteInsert> = {
  name: 'paymentQuote',
  domain: 'payment',
  collection: 'paymentQuotes',
  table: 'payment_quotes',
  pgTable: paymentQuotes,
  references: { paymentId: 'payments' },
  appendOnly: false,
  fromDocument: paymentQuoteFromLegacy,
  validate: validatePaymentQuoteRecord,
  fromRow(row, refs) {
    return {
      id: rowId(row),
      paymentId: refId(refs, 'paymentId', row.paymentId),
      provider: row.provider,
      baseCurrency: row.baseCurrency,
      quoteCurrency: row.quoteCurrency,
      rate: canonicalDecimal(row.rate),
      amount: canonicalDecimal(row.amount),
      expiresAt: row.expiresAt.getTime(),
      raw: row.raw,
      createdAt: row.createdAt.getTime(),
    };
  },
  toRow(q, resolve) {
    return {
      legacyObjectId: q.id,
      paymentId: resolve('payments', q.paymentId),
      provider: q.provider,
      baseCurrency: q.baseCurrency,
      quoteCurrency: q.quoteCurrency,
      rate: q.rate,
      amount: q.amount,
      expiresAt: new Date(q.expiresAt),
      // The JSON value itself: backfill encodes it through the column's mapToDriverValue.
      raw: q.raw,
      createdAt: new Date(q.createdAt),
    };
  },
};
