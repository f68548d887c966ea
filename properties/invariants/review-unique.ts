/**
 * Invariant: one review per reviewer and purchase request, and `publishedAt` on every published
 * review. Postgres holds both (unique index, CHECK); on Mongo the unique index holds the first
 * only if it was created, which this check does not assume.
 */
import type { Invariant } from '../../contracts/domain.ts';

export const oneReviewPerReviewerAndRequest: Invariant = {
  name: 'one review per reviewer and purchase request',
  async mongo(db) {
    const out: string[] = [];
    const seen = new Map<string, number>();
    for (const r of await db.collection('reviews').find({}, { projection: { purchaseRequestId: 1, reviewerId: 1, status: 1, publishedAt: 1 } }).toArray()) {
      const k = `${String(r.purchaseRequestId)}/${String(r.reviewerId)}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
      if (r.status === 'published' && !(r.publishedAt instanceof Date)) out.push(`review ${String(r._id)} is published without publishedAt`);
    }
    return out.concat([...seen].filter(([, n]) => n > 1).map(([k, n]) => `request/reviewer ${k} has ${n} reviews`));
  },
};
