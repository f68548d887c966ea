/**
 * Invariants of the marketplace: a request's selected offer belongs to it and is accepted (the
 * composite foreign key in Postgres holds only the first half) and its other offers are no longer
 * pending (selecting rejects them, and a request takes offers only while open), a request in
 * `offer_selected` or later has a selected offer unless it never got one (cancelled before), and no seller has two
 * pending offers on one request (Postgres: a partial unique index; Mongo: the `pendingKey` index).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

const NEED_SELECTION = ['offer_selected', 'in_delivery', 'delivered', 'completed'];

export const selectedOfferAccepted: Invariant = {
  name: 'a request selects an accepted offer of its own and has no pending offer left; at most one pending offer per seller and request',
  async pg(db) {
    const bad = await db.execute<{ id: string; problem: string }>(sql`
      SELECT r.id, CASE WHEN o.id IS NULL THEN 'a missing offer' WHEN o.request_id <> r.id THEN 'an offer of another request' ELSE 'a ' || o.status || ' offer' END AS problem
      FROM purchase_requests r LEFT JOIN seller_offers o ON o.id = r.selected_offer_id
      WHERE r.selected_offer_id IS NOT NULL AND (o.id IS NULL OR o.request_id <> r.id OR o.status <> 'accepted')
      UNION ALL
      SELECT r.id, 'no selected offer in status ' || r.status FROM purchase_requests r
      WHERE r.selected_offer_id IS NULL AND r.status::text IN ('offer_selected', 'in_delivery', 'delivered', 'completed')
      UNION ALL
      SELECT r.id, 'a selected offer and still ' || count(*) || ' pending offers' FROM purchase_requests r JOIN seller_offers o ON o.request_id = r.id AND o.status = 'pending'
      WHERE r.selected_offer_id IS NOT NULL GROUP BY r.id
      UNION ALL
      SELECT request_id, 'seller ' || seller_id || ' has ' || count(*) || ' pending offers' FROM seller_offers
      WHERE status = 'pending' GROUP BY request_id, seller_id HAVING count(*) > 1`);
    return bad.rows.map((x) => `request ${x.id} has ${x.problem}`);
  },
  async mongo(db) {
    const out: string[] = [];
    const offers = await db.collection('sellerOffers').find({}, { projection: { requestId: 1, sellerId: 1, status: 1 } }).toArray();
    const byId = new Map(offers.map((o) => [String(o._id), o]));
    for (const r of await db.collection('purchaseRequests').find({}, { projection: { selectedOfferId: 1, status: 1 } }).toArray()) {
      if (r.selectedOfferId == null) {
        if (NEED_SELECTION.includes(r.status)) out.push(`request ${String(r._id)} has no selected offer in status ${r.status}`);
        continue;
      }
      const o = byId.get(String(r.selectedOfferId));
      if (!o) out.push(`request ${String(r._id)} selects a missing offer`);
      else if (String(o.requestId) !== String(r._id)) out.push(`request ${String(r._id)} selects an offer of another request`);
      else if (o.status !== 'accepted') out.push(`request ${String(r._id)} selects a ${o.status} offer`);
      const stillPending = offers.filter((x) => String(x.requestId) === String(r._id) && x.status === 'pending').length;
      if (stillPending) out.push(`request ${String(r._id)} has a selected offer and still ${stillPending} pending offers`);
    }
    const pending = new Map<string, number>();
    for (const o of offers) if (o.status === 'pending') pending.set(`${String(o.requestId)}:${String(o.sellerId)}`, (pending.get(`${String(o.requestId)}:${String(o.sellerId)}`) ?? 0) + 1);
    for (const [k, n] of pending) if (n > 1) out.push(`seller and request ${k} have ${n} pending offers`);
    return out;
  },
};
