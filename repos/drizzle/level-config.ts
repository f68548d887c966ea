/**
 * Drizzle implementation of the level-config contract (table `level_configs`).
 *
 * Every write runs in one transaction that first locks the table (`SHARE ROW EXCLUSIVE`: readers
 * go on, a second writer waits), so the set-wide ordering rule is checked against a set no one
 * else changes before the commit; `replaceAll` is atomic for readers too.
 */
import { asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  assertLevelOrder,
  levelConfigObjectId,
  validateLevelConfig,
  validateLevelSet,
  validatePoints,
  type LevelConfig,
  type LevelConfigRepository,
} from '../../contracts/level-config.ts';
import { levelConfigs } from '../../schema/level-configs.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { ms } from './support.ts';

type Row = typeof levelConfigs.$inferSelect;

/** Contract view of a row. */
export function levelConfigFromRow(r: Row): LevelConfig {
  const l: LevelConfig = { level: r.level, name: r.name, threshold: r.threshold, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.perks !== null) l.perks = r.perks;
  return l;
}

const lockTable = sql`LOCK TABLE ${levelConfigs} IN SHARE ROW EXCLUSIVE MODE`;

/** {@link LevelConfigRepository} over Postgres with Drizzle. */
export function drizzleLevelConfigRepository({ db, clock }: DrizzleContext): LevelConfigRepository {
  return {
    async get(level) {
      if (typeof level !== 'number' || !Number.isSafeInteger(level)) return null;
      const [row] = await db.select().from(levelConfigs).where(eq(levelConfigs.level, level));
      return row ? levelConfigFromRow(row) : null;
    },
    async list() {
      return (await db.select().from(levelConfigs).orderBy(asc(levelConfigs.level))).map(levelConfigFromRow);
    },
    async levelFor(points) {
      const p = validatePoints(points);
      const [row] = await db.select().from(levelConfigs).where(lte(levelConfigs.threshold, p)).orderBy(desc(levelConfigs.level)).limit(1);
      return row ? levelConfigFromRow(row) : null;
    },
    async upsert(input) {
      const v = validateLevelConfig(input);
      return inTransaction(db, async (tx) => {
        await tx.execute(lockTable);
        const current = await tx.select({ level: levelConfigs.level, threshold: levelConfigs.threshold }).from(levelConfigs);
        assertLevelOrder([...current.filter((l) => l.level !== v.level), v]);
        const now = new Date(clock.now());
        const values = { name: v.name, threshold: v.threshold, perks: v.perks ?? null, updatedAt: now };
        const [updated] = await tx.update(levelConfigs).set(values).where(eq(levelConfigs.level, v.level)).returning();
        if (updated) return levelConfigFromRow(updated);
        const [row] = await tx
          .insert(levelConfigs)
          .values({ ...values, level: v.level, legacyObjectId: levelConfigObjectId(v.level, now.getTime()), createdAt: now })
          .returning();
        return levelConfigFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async replaceAll(levels) {
      const set = validateLevelSet(levels);
      return inTransaction(db, async (tx) => {
        await tx.execute(lockTable);
        await tx.delete(levelConfigs);
        if (set.length === 0) return [];
        const now = new Date(clock.now());
        const rows = await tx
          .insert(levelConfigs)
          .values(set.map((v) => ({ level: v.level, name: v.name, threshold: v.threshold, perks: v.perks ?? null, legacyObjectId: levelConfigObjectId(v.level, now.getTime()), createdAt: now, updatedAt: now })))
          .returning();
        return rows.sort((a, b) => a.level - b.level).map(levelConfigFromRow);
      }).catch((e) => mapPgError(e));
    },
  };
}
