/**
 * Invariant: the stored levels form a valid set (level 1 at threshold 0 when any level exists,
 * thresholds strictly increasing with the level). Postgres holds the per-row parts with CHECKs
 * and unique constraints; the ordering across rows is the repositories' rule, checked here on
 * both sides.
 */
import { sql } from 'drizzle-orm';
import { levelOrderProblem } from '../../contracts/level-config.ts';
import type { Invariant } from '../../contracts/domain.ts';

function check(rows: { level: number; threshold: number }[]): string[] {
  const zero = rows.find((r) => r.level === 1);
  if (zero && zero.threshold !== 0) return [`level 1 has threshold ${zero.threshold}, not 0`];
  const problem = levelOrderProblem(rows);
  return problem ? [`level set: ${problem}`] : [];
}

export const levelThresholdsIncreasing: Invariant = {
  name: 'level thresholds strictly increase with the level',
  async pg(db) {
    const r = await db.execute<{ level: number; threshold: number }>(sql`SELECT level, threshold FROM level_configs`);
    return check(r.rows);
  },
  async mongo(db) {
    const docs = await db.collection('levelConfigs').find({}, { projection: { level: 1, threshold: 1 } }).toArray();
    return check(docs.map((d) => ({ level: Number(d.level), threshold: Number(d.threshold) })));
  },
};
