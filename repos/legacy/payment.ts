/**
 * Stored-entity specs of the payment domain: `payments` ↔ `payments` and the funds ledger,
 * `fundsLedgerEntries` ↔ `funds_ledger_entries` (append-only in Postgres: existing rows are
 * never updated by a backfill).
 *
 * Canonical records: {@link Payment} and {@link LedgerEntry} with legacy ids and canonical
 * money strings. Legacy amounts may be strings with trailing zeros, JS numbers (flagged: see
 * `readMoney`) or Decimal128.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { CURRENCIES, validateAmount } from '../../contracts/money.ts';
import { LEDGER_DIRECTIONS, LEDGER_KINDS, PAYMENT_STATUSES, type LedgerEntry, type Payment } from '../../contracts/payment.ts';
import { canonicalDecimal } from '../../contracts/money.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { fundsLedgerEntries, payments } from '../../schema/payments.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `payments` row as Drizzle reads it. */
export type PaymentRow = typeof payments.$inferSelect;
/** Insert values of a `payments` row. */
export type PaymentInsert = typeof payments.$inferInsert;
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
  return { record: present(p, { reference: r.optionalString('reference') }, ['reference']), flags: r.flags };
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

/** The `payments` spec. */
export const paymentEntity: StoredEntity<Payment, PaymentRow, PaymentInsert> = {
  name: 'payment',
  domain: 'payment',
  collection: 'payments',
  table: 'payments',
  pgTable: payments,
  references: { userId: 'users' },
  appendOnly: false,
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
