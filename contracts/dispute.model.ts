/** Reference model of the dispute contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { Payment } from './payment.ts';
import type { User } from './user.ts';
import {
  DISPUTE_OPENED_BY_OWNER,
  DISPUTE_TRANSITION,
  DISPUTE_TRANSITIONS,
  DISPUTE_UNRESOLVED_KEY,
  isResolution,
  isUnresolved,
  validateDisputeTransition,
  validateNewDispute,
  type Dispute,
  type DisputeRepository,
} from './dispute.ts';

/** Model of {@link DisputeRepository}. */
export function disputeModel({ clock, state }: ModelContext): DisputeRepository {
  const disputes = state.table<Dispute>('dispute');
  const payments = state.table<Payment>('payment');
  const users = state.table<User>('user');
  const unresolvedOf = (paymentId: string) => [...disputes.values()].find((d) => d.paymentId === paymentId && isUnresolved(d.status));
  return {
    async open(input) {
      const v = validateNewDispute(input);
      const payment = payments.get(v.paymentId);
      if (!payment) throw new NotFoundError('payment', v.paymentId);
      if (!users.has(v.openedBy)) throw new NotFoundError('user', v.openedBy);
      if (payment.userId !== v.openedBy) throw new InvariantViolation(DISPUTE_OPENED_BY_OWNER, 'only the payment owner may open a dispute');
      if (unresolvedOf(v.paymentId)) throw new DuplicateKeyError(DISPUTE_UNRESOLVED_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const d: Dispute = { id: id ?? state.nextId(), ...rest, status: 'open', createdAt: now, updatedAt: now };
      disputes.set(d.id, d);
      return structuredClone(d);
    },
    async get(id) {
      const d = disputes.get(id);
      return d ? structuredClone(d) : null;
    },
    async getUnresolvedByPayment(paymentId) {
      const d = unresolvedOf(paymentId);
      return d ? structuredClone(d) : null;
    },
    async transition(id, change) {
      const c = validateDisputeTransition(change);
      const d = disputes.get(id);
      if (!d) throw new NotFoundError('dispute', id);
      if (!DISPUTE_TRANSITIONS[d.status].includes(c.status)) throw new InvariantViolation(DISPUTE_TRANSITION, `${d.status} -> ${c.status} is not allowed`);
      const now = clock.now();
      d.status = c.status;
      d.updatedAt = now;
      if (c.resolutionNote !== undefined) d.resolutionNote = c.resolutionNote;
      if (isResolution(c.status)) d.resolvedAt = now;
      return structuredClone(d);
    },
  };
}
