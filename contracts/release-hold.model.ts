/** Reference model of the release-hold contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { PurchaseRequest } from './marketplace.ts';
import type { Payment } from './payment.ts';
import type { User } from './user.ts';
import {
  RELEASE_HOLD_ACTIVE_KEY,
  RELEASE_HOLD_PAYMENT_HOLDABLE,
  RELEASE_HOLD_PAYMENT_MATCHES_REQUEST,
  RELEASE_HOLD_TRANSITION,
  isHoldable,
  validateNewReleaseHold,
  validateReleaseHoldEnd,
  type ReleaseHold,
  type ReleaseHoldEnd,
  type ReleaseHoldRepository,
} from './release-hold.ts';

/** Model of {@link ReleaseHoldRepository}. Iteration order of the table is creation order. */
export function releaseHoldModel({ clock, state }: ModelContext): ReleaseHoldRepository {
  const holds = state.table<ReleaseHold>('releaseHold');
  const payments = state.table<Payment>('payment');
  const requests = state.table<PurchaseRequest>('purchaseRequest');
  const users = state.table<User>('user');
  const activeOf = (paymentId: string) => [...holds.values()].find((h) => h.paymentId === paymentId && h.status === 'active');
  const end = (status: 'released' | 'cancelled') => async (id: string, e?: ReleaseHoldEnd) => {
    const v = validateReleaseHoldEnd(e);
    const h = holds.get(id);
    if (!h) throw new NotFoundError('releaseHold', id);
    if (h.status !== 'active') throw new InvariantViolation(RELEASE_HOLD_TRANSITION, `${h.status} -> ${status} is not allowed`);
    const now = clock.now();
    h.status = status;
    h.releasedAt = now;
    h.updatedAt = now;
    if (v.note !== undefined) h.releaseNote = v.note;
    return structuredClone(h);
  };
  return {
    async place(input) {
      const v = validateNewReleaseHold(input);
      const payment = payments.get(v.paymentId);
      if (!payment) throw new NotFoundError('payment', v.paymentId);
      const request = requests.get(v.purchaseRequestId);
      if (!request) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      if (!users.has(v.placedBy)) throw new NotFoundError('user', v.placedBy);
      if (!isHoldable(payment.status)) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_HOLDABLE, `a ${payment.status} payment cannot be held`);
      if (payment.userId !== request.buyerId) throw new InvariantViolation(RELEASE_HOLD_PAYMENT_MATCHES_REQUEST, "the payment's user is not the request's buyer");
      if (activeOf(payment.id)) throw new DuplicateKeyError(RELEASE_HOLD_ACTIVE_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const h: ReleaseHold = { id: id ?? state.nextId(), ...rest, status: 'active', placedAt: now, createdAt: now, updatedAt: now };
      holds.set(h.id, h);
      return structuredClone(h);
    },
    async get(id) {
      const h = holds.get(id);
      return h ? structuredClone(h) : null;
    },
    async activeForPayment(paymentId) {
      const h = activeOf(paymentId);
      return h ? structuredClone(h) : null;
    },
    async listForRequest(purchaseRequestId) {
      // Insertion order is creation order, and placedAt never decreases along it.
      return [...holds.values()].filter((h) => h.purchaseRequestId === purchaseRequestId).map((h) => structuredClone(h));
    },
    release: end('released'),
    cancel: end('cancelled'),
  };
}
