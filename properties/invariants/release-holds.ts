/**
 * Invariants of release holds.
 *
 * - At most one active hold per payment, and `releasedAt` exactly on ended holds. Postgres holds
 *   both (partial unique index, CHECK); on Mongo — no partial unique index on FerretDB — this
 *   check is the only guard.
 * - No active hold was placed on a payment that was already released (or otherwise final). The
 *   payment domain may finalize a held payment later (it does not know about holds), so "an active
 *   hold on a final payment" alone is not a violation; what is: the payment's last change (its
 *   `updatedAt`, which a status change stamps and a final status never leaves) predates the hold.
 *   The test is sound (it never flags a legitimate hold; the run's clock advances between
 *   commands) but may miss a violation that a later change of the payment's reference hides.
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';
import type { PaymentStatus } from '../../contracts/payment.ts';
import { HOLDABLE_PAYMENT_STATUSES, isHoldable } from '../../contracts/release-hold.ts';

const holdable = sql.raw(HOLDABLE_PAYMENT_STATUSES.map((s) => `'${s}'`).join(', '));

export const oneActiveHoldPerPayment: Invariant = {
  name: 'at most one active release hold per payment',
  async mongo(db) {
    const out: string[] = [];
    const active = new Map<string, number>();
    for (const h of await db.collection('releaseHolds').find({}).toArray()) {
      if (h.status === 'active') active.set(String(h.paymentId), (active.get(String(h.paymentId)) ?? 0) + 1);
      if ((h.status !== 'active') !== (h.releasedAt instanceof Date)) out.push(`hold ${String(h._id)} is ${String(h.status)} ${h.releasedAt ? 'with' : 'without'} releasedAt`);
    }
    return out.concat([...active].filter(([, n]) => n > 1).map(([p, n]) => `payment ${p} has ${n} active holds`));
  },
};

export const noHoldPlacedOnFinalPayment: Invariant = {
  name: 'no active release hold placed on a released (or otherwise final) payment',
  async pg(db) {
    const r = await db.execute<{ id: string; status: string }>(sql`
      SELECT h.id, p.status FROM release_holds h JOIN payments p ON p.id = h.payment_id
      WHERE h.status = 'active' AND p.status NOT IN (${holdable}) AND p.updated_at < h.placed_at`);
    return r.rows.map((x) => `hold ${x.id} was placed on a ${x.status} payment`);
  },
  async mongo(db) {
    const out: string[] = [];
    const holds = await db.collection('releaseHolds').find({ status: 'active' }).toArray();
    for (const h of holds) {
      const p = await db.collection('payments').findOne({ _id: h.paymentId }, { projection: { status: 1, updatedAt: 1 } });
      if (p && !isHoldable(p.status as PaymentStatus) && p.updatedAt instanceof Date && h.placedAt instanceof Date && p.updatedAt < h.placedAt) {
        out.push(`hold ${String(h._id)} was placed on a ${String(p.status)} payment`);
      }
    }
    return out;
  },
};
