/**
 * Drizzle implementation of the payment contract (tables `payments`, `funds_ledger_entries`,
 * `payment_quotes`).
 * Balances are summed by Postgres in `numeric` (exact) and canonicalized on the way out.
 *
 * A create for a purchase request locks the request row (FOR NO KEY UPDATE: creates for one
 * request serialize, while foreign-key checks of other tables, which take KEY SHARE, go on) and
 * then looks for a pending payment of it; the partial unique index
 * `payments_pending_per_request_uq` is the backstop and maps to the same `DuplicateKeyError`.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import { CURRENCIES } from '../../contracts/money.ts';
import {
  PAYMENT_TRANSITIONS,
  PENDING_PER_REQUEST,
  REQUEST_BUYER,
  STATUS_TRANSITION,
  validateLedgerAmount,
  validateNewLedgerEntry,
  validateNewPayment,
  validatePaymentPatch,
  validateNewPaymentQuote,
  type Balances,
  type LedgerEntry,
  type Payment,
  type PaymentQuote,
  type PaymentRepository,
} from '../../contracts/payment.ts';
import { fundsLedgerEntries, paymentQuotes, payments } from '../../schema/payments.ts';
import { purchaseRequests } from '../../schema/marketplace.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, definedOnly, money, ms } from './support.ts';

/** Contract view of a `payments` row. */
export function paymentFromRow(r: typeof payments.$inferSelect): Payment {
  const p: Payment = {
    id: r.id,
    userId: r.userId,
    amount: money(r.amount),
    currency: r.currency,
    status: r.status,
    provider: r.provider,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  return assignPresent(p, r, ['reference', 'purchaseRequestId']);
}

/** Contract view of a `funds_ledger_entries` row. */
export function ledgerEntryFromRow(r: typeof fundsLedgerEntries.$inferSelect): LedgerEntry {
  const e: LedgerEntry = {
    id: r.id,
    paymentId: r.paymentId,
    userId: r.userId,
    currency: r.currency,
    direction: r.direction,
    kind: r.kind,
    amount: money(r.amount),
    createdAt: ms(r.createdAt),
  };
  return assignPresent(e, r, ['memo']);
}

/** Contract view of a `payment_quotes` row. */
export function paymentQuoteFromRow(r: typeof paymentQuotes.$inferSelect): PaymentQuote {
  return {
    id: r.id,
    paymentId: r.paymentId,
    provider: r.provider,
    baseCurrency: r.baseCurrency,
    quoteCurrency: r.quoteCurrency,
    rate: money(r.rate),
    amount: money(r.amount),
    expiresAt: ms(r.expiresAt),
    raw: r.raw,
    createdAt: ms(r.createdAt),
  };
}

const signed = sql<string>`coalesce(sum(CASE WHEN ${fundsLedgerEntries.direction} = 'credit' THEN ${fundsLedgerEntries.amount} ELSE -${fundsLedgerEntries.amount} END), 0)::text`;

/** {@link PaymentRepository} over Postgres with Drizzle. */
export function drizzlePaymentRepository({ db, clock }: DrizzleContext): PaymentRepository {
  const findPayment = async (id: string) => (await db.select().from(payments).where(byId(payments, id)))[0];
  return {
    async create(input) {
      const v = validateNewPayment(input);
      const { id, purchaseRequestId, ...rest } = v;
      const errors = {
        payments_pending_per_request_uq: () => new DuplicateKeyError(PENDING_PER_REQUEST),
        payments_purchase_request_id_purchase_requests_id_fk: () => new NotFoundError('purchaseRequest', purchaseRequestId ?? ''),
      };
      const write = async (tx: PgDatabase) => {
        const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, v.userId));
        if (!u) throw new NotFoundError('user', v.userId);
        let requestId: string | null = null;
        if (purchaseRequestId !== undefined) {
          const [r] = await tx
            .select({ id: purchaseRequests.id, buyerId: purchaseRequests.buyerId })
            .from(purchaseRequests)
            .where(byId(purchaseRequests, purchaseRequestId))
            .for('no key update');
          if (!r) throw new NotFoundError('purchaseRequest', purchaseRequestId);
          if (r.buyerId !== u.id) throw new InvariantViolation(REQUEST_BUYER, "the payment's user is not the request's buyer");
          const [pending] = await tx
            .select({ id: payments.id })
            .from(payments)
            .where(and(eq(payments.purchaseRequestId, r.id), eq(payments.status, 'pending')))
            .limit(1);
          if (pending) throw new DuplicateKeyError(PENDING_PER_REQUEST);
          requestId = r.id;
        }
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(payments)
          .values({ ...rest, legacyObjectId: id, userId: u.id, purchaseRequestId: requestId, createdAt: now, updatedAt: now })
          .returning();
        return paymentFromRow(row!);
      };
      // Only a payment for a request needs the lock and the check to happen together.
      return (purchaseRequestId === undefined ? write(db) : inTransaction(db, write)).catch((e) => mapPgError(e, errors));
    },
    async get(id) {
      const row = await findPayment(id);
      return row ? paymentFromRow(row) : null;
    },
    async listByUser(userId) {
      const rows = await db
        .select({ p: payments })
        .from(payments)
        .innerJoin(users, eq(users.id, payments.userId))
        .where(byId(users, userId))
        .orderBy(asc(payments.createdAt), asc(payments.id));
      return rows.map((r) => paymentFromRow(r.p));
    },
    async update(id, patch) {
      const v = validatePaymentPatch(patch);
      return inTransaction(db, async (tx) => {
        const [p] = await tx.select().from(payments).where(byId(payments, id)).for('update');
        if (!p) throw new NotFoundError('payment', id);
        if (v.status !== undefined && !PAYMENT_TRANSITIONS[p.status].includes(v.status)) {
          throw new InvariantViolation(STATUS_TRANSITION, `${p.status} -> ${v.status} is not allowed`);
        }
        const [row] = await tx
          .update(payments)
          .set({ ...definedOnly(v), updatedAt: new Date(clock.now()) })
          .where(eq(payments.id, p.id))
          .returning();
        return paymentFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async appendLedgerEntry(input) {
      const v = validateNewLedgerEntry(input);
      const p = await findPayment(v.paymentId);
      if (!p) throw new NotFoundError('payment', v.paymentId);
      const amount = validateLedgerAmount(v.amount, p.currency);
      const { id, paymentId: _, ...rest } = v;
      const [row] = await db
        .insert(fundsLedgerEntries)
        .values({ ...rest, amount, legacyObjectId: id, paymentId: p.id, userId: p.userId, currency: p.currency, createdAt: new Date(clock.now()) })
        .returning()
        .catch((e) => mapPgError(e));
      return ledgerEntryFromRow(row!);
    },
    async listLedgerEntries(paymentId) {
      const rows = await db
        .select({ e: fundsLedgerEntries })
        .from(fundsLedgerEntries)
        .innerJoin(payments, eq(payments.id, fundsLedgerEntries.paymentId))
        .where(byId(payments, paymentId))
        .orderBy(asc(fundsLedgerEntries.createdAt), asc(fundsLedgerEntries.id));
      return rows.map((r) => ledgerEntryFromRow(r.e));
    },
    async getBalanceByUser(userId) {
      const rows = await db
        .select({ currency: fundsLedgerEntries.currency, balance: signed })
        .from(fundsLedgerEntries)
        .innerJoin(users, eq(users.id, fundsLedgerEntries.userId))
        .where(byId(users, userId))
        .groupBy(fundsLedgerEntries.currency);
      const out: Balances = {};
      for (const c of CURRENCIES) {
        const r = rows.find((x) => x.currency === c);
        if (r) out[c] = money(r.balance);
      }
      return out;
    },
    async getBalanceByPayment(paymentId) {
      const p = await findPayment(paymentId);
      if (!p) throw new NotFoundError('payment', paymentId);
      const [r] = await db.select({ balance: signed }).from(fundsLedgerEntries).where(eq(fundsLedgerEntries.paymentId, p.id));
      return money(r?.balance ?? '0');
    },
    async addQuote(input) {
      const v = validateNewPaymentQuote(input);
      const p = await findPayment(v.paymentId);
      if (!p) throw new NotFoundError('payment', v.paymentId);
      const { id, paymentId: _, expiresAt, ...rest } = v;
      const [row] = await db
        .insert(paymentQuotes)
        .values({ ...rest, legacyObjectId: id, paymentId: p.id, expiresAt: new Date(expiresAt), createdAt: new Date(clock.now()) })
        .returning()
        .catch((e) => mapPgError(e, { payment_quotes_payment_id_payments_id_fk: () => new NotFoundError('payment', v.paymentId) }));
      return paymentQuoteFromRow(row!);
    },
    async listQuotes(paymentId) {
      const rows = await db
        .select({ q: paymentQuotes })
        .from(paymentQuotes)
        .innerJoin(payments, eq(payments.id, paymentQuotes.paymentId))
        .where(byId(payments, paymentId))
        .orderBy(asc(paymentQuotes.createdAt), asc(paymentQuotes.seq));
      return rows.map((r) => paymentQuoteFromRow(r.q));
    },
    async latestQuote(paymentId) {
      const [r] = await db
        .select({ q: paymentQuotes })
        .from(paymentQuotes)
        .innerJoin(payments, eq(payments.id, paymentQuotes.paymentId))
        .where(and(byId(payments, paymentId), gt(paymentQuotes.expiresAt, new Date(clock.now()))))
        .orderBy(desc(paymentQuotes.createdAt), desc(paymentQuotes.seq))
        .limit(1);
      return r ? paymentQuoteFromRow(r.q) : null;
    },
  };
}
