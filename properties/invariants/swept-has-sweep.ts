/**
 * Invariant: a destination marked `swept` has at least one confirmed sweep, and every sweep is in
 * its destination's currency (Postgres holds the second with a composite foreign key; the first
 * is a cross-row rule no constraint expresses; on Mongo both are checked only here).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const sweptHasConfirmedSweep: Invariant = {
  name: 'a swept destination has a confirmed sweep',
  async pg(db) {
    const r = await db.execute<{ id: string }>(sql`
      SELECT d.id FROM derived_destinations d
      WHERE d.status = 'swept'
        AND NOT EXISTS (SELECT 1 FROM derived_destination_sweeps s WHERE s.destination_id = d.id AND s.status = 'confirmed')`);
    return r.rows.map((x) => `destination ${x.id} is swept without a confirmed sweep`);
  },
  async mongo(db) {
    const out: string[] = [];
    const sweeps = await db.collection('derivedDestinationSweeps').find({}, { projection: { destinationId: 1, status: 1, currency: 1 } }).toArray();
    for (const d of await db.collection('derivedDestinations').find({}, { projection: { status: 1, currency: 1 } }).toArray()) {
      const mine = sweeps.filter((s) => String(s.destinationId) === String(d._id));
      if (d.status === 'swept' && !mine.some((s) => s.status === 'confirmed')) out.push(`destination ${String(d._id)} is swept without a confirmed sweep`);
      for (const s of mine) if (s.currency !== d.currency) out.push(`sweep ${String(s._id)} is in ${String(s.currency)}, its destination in ${String(d.currency)}`);
    }
    return out;
  },
};
