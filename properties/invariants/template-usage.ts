/**
 * Invariant: a request template is used at most `maxUsage` times, and never a negative number of
 * times. Postgres holds it with CHECK constraints; the Mongo side only by its conditional update.
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const templateUsageWithinMax: Invariant = {
  name: 'request template usage within 0..maxUsage',
  async pg(db) {
    const r = await db.execute<{ id: string; usage_count: number; max_usage: number | null }>(sql`
      SELECT id, usage_count, max_usage FROM request_templates WHERE usage_count < 0 OR usage_count > max_usage`);
    return r.rows.map((x) => `template ${x.id} used ${x.usage_count} times (max ${x.max_usage})`);
  },
  async mongo(db) {
    const out: string[] = [];
    for (const t of await db.collection('requestTemplates').find({}, { projection: { usageCount: 1, maxUsage: 1 } }).toArray()) {
      const used = t.usageCount as number;
      const max = t.maxUsage as number | undefined | null;
      if (!Number.isSafeInteger(used) || used < 0 || (max !== undefined && max !== null && used > max)) out.push(`template ${String(t._id)} used ${used} times (max ${max ?? 'unlimited'})`);
    }
    return out;
  },
};
