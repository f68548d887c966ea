/** Reference model of the payment contract (exact decimal arithmetic with bigint units). */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import { CURRENCIES, fromUnits, toUnits } from './money.ts';
import type { ModelContext } from './domain.ts';
import type { PurchaseRequest } from './marketplace.ts';
import type { User } from './user.ts';
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
} from './payment.ts';

/** Credits minus debits of `entries`, canonical. */
export function balanceOf(entries: readonly Pick<LedgerEntry, 'direction' | 'amount'>[]): string {
  return fromUnits(entries.reduce((sum, e) => (e.direction === 'credit' ? sum + toUnits(e.amount) : sum - toUnits(e.amount)), 0n));
}

/** Balance per currency of `entries` (only currencies that have entries, in `CURRENCIES` order). */
export function balancesOf(entries: readonly Pick<LedgerEntry, 'currency' | 'direction' | 'amount'>[]): Balances {
  const out: Balances = {};
  for (const c of CURRENCIES) {
    const mine = entries.filter((e) => e.currency === c);
    if (mine.length) out[c] = balanceOf(mine);
  }
  return out;
}

/** Model of {@link PaymentRepository}. */
export function paymentModel({ clock, state }: ModelContext): PaymentRepository {
  const payments = state.table<Payment>('payment');
  const ledger = state.table<LedgerEntry>('ledgerEntry');
  const users = state.table<User>('user');
  const quotes = state.table<PaymentQuote>('paymentQuote');
  const requests = state.table<PurchaseRequest>('purchaseRequest');
  // Map iteration is insertion order and sort is stable: equal times keep creation order.
  const quotesOf = (paymentId: string) => [...quotes.values()].filter((q) => q.paymentId === paymentId).sort((a, b) => a.createdAt - b.createdAt);
  const oldestFirst = <T extends { createdAt: number }>(xs: T[]) => xs.sort((a, b) => a.createdAt - b.createdAt).map((x) => structuredClone(x));
  return {
    async create(input) {
      const v = validateNewPayment(input);
      if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
      if (v.purchaseRequestId !== undefined) {
        const r = requests.get(v.purchaseRequestId);
        if (!r) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
        if (r.buyerId !== v.userId) throw new InvariantViolation(REQUEST_BUYER, "the payment's user is not the request's buyer");
        const pending = [...payments.values()].some((p) => p.purchaseRequestId === r.id && p.status === 'pending');
        if (pending) throw new DuplicateKeyError(PENDING_PER_REQUEST);
      }
      const now = clock.now();
      const { id, ...rest } = v;
      const p: Payment = { id: id ?? state.nextId(), ...rest, status: 'pending', createdAt: now, updatedAt: now };
      payments.set(p.id, p);
      return structuredClone(p);
    },
    async get(id) {
      const p = payments.get(id);
      return p ? structuredClone(p) : null;
    },
    async listByUser(userId) {
      return oldestFirst([...payments.values()].filter((p) => p.userId === userId));
    },
    async update(id, patch) {
      const v = validatePaymentPatch(patch);
      const p = payments.get(id);
      if (!p) throw new NotFoundError('payment', id);
      if (v.status !== undefined && !PAYMENT_TRANSITIONS[p.status].includes(v.status)) {
        throw new InvariantViolation(STATUS_TRANSITION, `${p.status} -> ${v.status} is not allowed`);
      }
      if (v.status !== undefined) p.status = v.status;
      if (v.reference === null) delete p.reference;
      else if (v.reference !== undefined) p.reference = v.reference;
      p.updatedAt = clock.now();
      return structuredClone(p);
    },
    async appendLedgerEntry(input) {
      const v = validateNewLedgerEntry(input);
      const p = payments.get(v.paymentId);
      if (!p) throw new NotFoundError('payment', v.paymentId);
      const { id, ...rest } = v;
      const e: LedgerEntry = { id: id ?? state.nextId(), ...rest, amount: validateLedgerAmount(v.amount, p.currency), userId: p.userId, currency: p.currency, createdAt: clock.now() };
      ledger.set(e.id, e);
      return structuredClone(e);
    },
    async listLedgerEntries(paymentId) {
      return oldestFirst([...ledger.values()].filter((e) => e.paymentId === paymentId));
    },
    async getBalanceByUser(userId) {
      return balancesOf([...ledger.values()].filter((e) => e.userId === userId));
    },
    async getBalanceByPayment(paymentId) {
      if (!payments.has(paymentId)) throw new NotFoundError('payment', paymentId);
      return balanceOf([...ledger.values()].filter((e) => e.paymentId === paymentId));
    },
    async addQuote(input) {
      const v = validateNewPaymentQuote(input);
      if (!payments.has(v.paymentId)) throw new NotFoundError('payment', v.paymentId);
      const { id, ...rest } = v;
      const q: PaymentQuote = { id: id ?? state.nextId(), ...rest, createdAt: clock.now() };
      quotes.set(q.id, q);
      return structuredClone(q);
    },
    async listQuotes(paymentId) {
      return quotesOf(paymentId).map((q) => structuredClone(q));
    },
    async latestQuote(paymentId) {
      const now = clock.now();
      const live = quotesOf(paymentId).filter((q) => q.expiresAt > now);
      const newest = live.at(-1);
      return newest ? structuredClone(newest) : null;
    },
  };
}
