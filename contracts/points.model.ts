/** Reference model of the points contract. */
import { InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import { BALANCE_INVARIANT, validateAward, validateRedemption, type PointTransaction, type PointsRepository, type ValidPointTransaction } from './points.ts';

/** Model of {@link PointsRepository}. Map insertion order is the creation sequence. */
export function pointsModel({ clock, state }: ModelContext): PointsRepository {
  const txs = state.table<PointTransaction>('pointTransaction');
  const users = state.table<User>('user');
  const ofUser = (userId: string) => [...txs.values()].filter((t) => t.userId === userId);
  const balance = (userId: string) => ofUser(userId).reduce((s, t) => s + t.amount, 0);
  const record = (v: ValidPointTransaction): PointTransaction => {
    if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
    const first = v.idempotencyKey !== undefined && ofUser(v.userId).find((t) => t.idempotencyKey === v.idempotencyKey);
    if (first) return structuredClone(first);
    if (v.amount < 0 && balance(v.userId) + v.amount < 0) throw new InvariantViolation(BALANCE_INVARIANT, `redeeming ${-v.amount} points exceeds the balance of ${balance(v.userId)}`);
    const { id, ...rest } = v;
    const t: PointTransaction = { id: id ?? state.nextId(), ...rest, createdAt: clock.now() };
    txs.set(t.id, t);
    return structuredClone(t);
  };
  return {
    async award(input) {
      return record(validateAward(input));
    },
    async redeem(input) {
      return record(validateRedemption(input));
    },
    async balance(userId) {
      return balance(userId);
    },
    async history(userId) {
      return ofUser(userId)
        .reverse()
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((t) => structuredClone(t));
    },
  };
}
