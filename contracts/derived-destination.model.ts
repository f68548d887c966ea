/** Reference model of the derived-destination contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { Payment } from './payment.ts';
import type { User } from './user.ts';
import {
  DESTINATION_ADDRESS_KEY,
  DESTINATION_PATH_KEY,
  statusAfterConfirmedSweep,
  SWEEP_STATUS_TRANSITION,
  SWEEP_TRANSITIONS,
  SWEEP_TX_HASH_KEY,
  validateNewDerivedDestination,
  validateNewSweep,
  validateSweepAmount,
  validateSweepStatus,
  type DerivedDestination,
  type DerivedDestinationRepository,
  type DerivedDestinationSweep,
} from './derived-destination.ts';

/** Model of {@link DerivedDestinationRepository}. */
export function derivedDestinationModel({ clock, state }: ModelContext): DerivedDestinationRepository {
  const destinations = state.table<DerivedDestination>('derivedDestination');
  const sweeps = state.table<DerivedDestinationSweep>('derivedDestinationSweep');
  const users = state.table<User>('user');
  const payments = state.table<Payment>('payment');
  // Map iteration is insertion order and sort is stable: equal times keep creation order.
  const oldestFirst = <T extends { createdAt: number }>(xs: T[]) => xs.sort((a, b) => a.createdAt - b.createdAt).map((x) => structuredClone(x));
  const markSwept = (d: DerivedDestination, now: number) => {
    const next = statusAfterConfirmedSweep(d.status);
    if (next !== d.status) Object.assign(d, { status: next, updatedAt: now });
  };
  return {
    async create(input) {
      const v = validateNewDerivedDestination(input);
      if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
      if (v.paymentId !== undefined && !payments.has(v.paymentId)) throw new NotFoundError('payment', v.paymentId);
      const all = [...destinations.values()];
      if (all.some((d) => d.address === v.address)) throw new DuplicateKeyError(DESTINATION_ADDRESS_KEY);
      if (all.some((d) => d.derivationPath === v.derivationPath)) throw new DuplicateKeyError(DESTINATION_PATH_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const d: DerivedDestination = { id: id ?? state.nextId(), ...rest, status: 'active', createdAt: now, updatedAt: now };
      destinations.set(d.id, d);
      return structuredClone(d);
    },
    async get(id) {
      const d = destinations.get(id);
      return d ? structuredClone(d) : null;
    },
    async getByAddress(address) {
      const d = [...destinations.values()].find((x) => x.address === address);
      return d ? structuredClone(d) : null;
    },
    async listByUser(userId) {
      return oldestFirst([...destinations.values()].filter((d) => d.userId === userId));
    },
    async retire(id) {
      const d = destinations.get(id);
      if (!d) throw new NotFoundError('derivedDestination', id);
      if (d.status !== 'retired') Object.assign(d, { status: 'retired', updatedAt: clock.now() });
      return structuredClone(d);
    },
    async recordSweep(input) {
      const v = validateNewSweep(input);
      const d = destinations.get(v.destinationId);
      if (!d) throw new NotFoundError('derivedDestination', v.destinationId);
      const amount = validateSweepAmount(v.amount, d.currency);
      if ([...sweeps.values()].some((s) => s.txHash === v.txHash)) throw new DuplicateKeyError(SWEEP_TX_HASH_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const s: DerivedDestinationSweep = { id: id ?? state.nextId(), ...rest, amount, currency: d.currency, createdAt: now, updatedAt: now };
      sweeps.set(s.id, s);
      if (s.status === 'confirmed') markSwept(d, now);
      return structuredClone(s);
    },
    async setSweepStatus(id, status) {
      const next = validateSweepStatus('status', status);
      const s = sweeps.get(id);
      if (!s) throw new NotFoundError('derivedDestinationSweep', id);
      if (!SWEEP_TRANSITIONS[s.status].includes(next)) throw new InvariantViolation(SWEEP_STATUS_TRANSITION, `${s.status} -> ${next} is not allowed`);
      const now = clock.now();
      Object.assign(s, { status: next, updatedAt: now });
      if (next === 'confirmed') markSwept(destinations.get(s.destinationId)!, now);
      return structuredClone(s);
    },
    async listSweeps(destinationId) {
      return oldestFirst([...sweeps.values()].filter((s) => s.destinationId === destinationId));
    },
  };
}
