/**
 * Invariant: no two active categories share a normalized name, where "normalized" is computed by
 * each store itself (Postgres: the index expression; Mongo: the stored `activeNameKey`), and the
 * Mongo key equals the JS normalizer of the stored name.
 */
import { sql } from 'drizzle-orm';
import { normalizeKey } from '../../contracts/text.ts';
import type { Invariant } from '../../contracts/domain.ts';

export const activeNamesUnique: Invariant = {
  name: 'active category names unique under normalization',
  async pg(db) {
    const r = await db.execute<{ key: string; n: number }>(sql`
      SELECT lower(btrim(name) COLLATE "C") AS key, count(*)::int AS n FROM categories
      WHERE is_active GROUP BY 1 HAVING count(*) > 1`);
    return r.rows.map((x) => `${x.n} active categories normalize to ${JSON.stringify(x.key)}`);
  },
  async mongo(db) {
    const seen = new Map<string, number>();
    const out: string[] = [];
    for (const c of await db.collection('categories').find({ isActive: true }).toArray()) {
      const key = normalizeKey(String(c.name));
      if (c.activeNameKey !== key) out.push(`category ${String(c._id)} has activeNameKey ${JSON.stringify(c.activeNameKey)}, expected ${JSON.stringify(key)}`);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return out.concat([...seen].filter(([, n]) => n > 1).map(([k, n]) => `${n} active categories normalize to ${JSON.stringify(k)}`));
  },
};
