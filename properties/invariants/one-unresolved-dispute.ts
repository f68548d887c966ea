/**
 * Invariant: at most one unresolved (open or under-review) dispute per payment, and `resolvedAt`
 * exactly on resolved disputes. Postgres holds both (partial unique index, CHECK); on Mongo —
 * no partial unique index on FerretDB — this check is the only guard.
 */
import { isResolution, isUnresolved, type DisputeStatus } from '../../contracts/dispute.ts';
import type { Invariant } from '../../contracts/domain.ts';

export const oneUnresolvedDispute: Invariant = {
  name: 'at most one unresolved dispute per payment',
  async mongo(db) {
    const out: string[] = [];
    const open = new Map<string, number>();
    for (const d of await db.collection('disputes').find({}).toArray()) {
      const status = d.status as DisputeStatus;
      if (isUnresolved(status)) open.set(String(d.paymentId), (open.get(String(d.paymentId)) ?? 0) + 1);
      if (isResolution(status) !== (d.resolvedAt instanceof Date)) out.push(`dispute ${String(d._id)} is ${status} ${d.resolvedAt ? 'with' : 'without'} resolvedAt`);
    }
    return out.concat([...open].filter(([, n]) => n > 1).map(([p, n]) => `payment ${p} has ${n} unresolved disputes`));
  },
};
