/**
 * Invariant: every user with addresses has exactly one primary address (the contract's rule;
 * Postgres itself enforces only "at most one" with a partial unique index).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const onePrimaryPerUser: Invariant = {
  name: 'exactly one primary address per user with addresses',
  async pg(db) {
    const r = await db.execute<{ user_id: string; primaries: number }>(sql`
      SELECT user_id, count(*) FILTER (WHERE is_primary)::int AS primaries
      FROM addresses GROUP BY user_id HAVING count(*) FILTER (WHERE is_primary) <> 1`);
    return r.rows.map((x) => `user ${x.user_id} has ${x.primaries} primary addresses`);
  },
  async mongo(db) {
    const counts = new Map<string, number>();
    for (const a of await db.collection('addresses').find({}, { projection: { userId: 1, isPrimary: 1 } }).toArray()) {
      const k = String(a.userId);
      counts.set(k, (counts.get(k) ?? 0) + (a.isPrimary === true ? 1 : 0));
    }
    return [...counts].filter(([, n]) => n !== 1).map(([u, n]) => `user ${u} has ${n} primary addresses`);
  },
};
