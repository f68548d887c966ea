/**
 * Invariant: a purchase request has at most one `pending` payment, and a payment for a request
 * names an existing request whose buyer is the payment's user. Postgres holds the first part with
 * the partial unique index `payments_pending_per_request_uq` and the existence with a foreign key;
 * the buyer match is the repositories' rule on both sides, and on Mongo (no partial indexes, no
 * foreign keys) this is the only guard of all three.
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const onePendingPaymentPerRequest: Invariant = {
  name: "at most one pending payment per purchase request; a payment's request exists and its buyer is the payment's user",
  async pg(db) {
    const bad = await db.execute<{ problem: string }>(sql`
      SELECT 'request ' || purchase_request_id || ' has ' || count(*) || ' pending payments' AS problem FROM payments
      WHERE purchase_request_id IS NOT NULL AND status = 'pending' GROUP BY purchase_request_id HAVING count(*) > 1
      UNION ALL
      SELECT 'payment ' || p.id || ' is by a user other than the buyer of request ' || r.id FROM payments p
      JOIN purchase_requests r ON r.id = p.purchase_request_id WHERE r.buyer_id <> p.user_id`);
    return bad.rows.map((x) => x.problem);
  },
  async mongo(db) {
    const out: string[] = [];
    const linked = await db.collection('payments').find({ purchaseRequestId: { $exists: true } }, { projection: { userId: 1, status: 1, purchaseRequestId: 1 } }).toArray();
    if (linked.length === 0) return out;
    const ids = [...new Set(linked.map((p) => String(p.purchaseRequestId)))];
    const requests = new Map((await db.collection('purchaseRequests').find({}, { projection: { buyerId: 1 } }).toArray()).map((r) => [String(r._id), r]));
    const pending = new Map<string, number>();
    for (const p of linked) {
      const rid = String(p.purchaseRequestId);
      const r = requests.get(rid);
      if (!r) out.push(`payment ${String(p._id)} names a missing request ${rid}`);
      else if (String(r.buyerId) !== String(p.userId)) out.push(`payment ${String(p._id)} is by a user other than the buyer of request ${rid}`);
      if (p.status === 'pending') pending.set(rid, (pending.get(rid) ?? 0) + 1);
    }
    for (const rid of ids) if ((pending.get(rid) ?? 0) > 1) out.push(`request ${rid} has ${pending.get(rid)} pending payments`);
    return out;
  },
};
