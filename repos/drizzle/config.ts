/**
 * Drizzle implementation of the config contract (tables `config_settings` and the append-only
 * `config_setting_history`). A change is one transaction: lock (or create) the setting row, bump
 * its version, append the history row; the unique (setting_id, version) is the backstop.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  historyEntryLegacyId,
  validateConfigKey,
  validateConfigSet,
  type ConfigHistoryEntry,
  type ConfigRepository,
  type ConfigSetting,
  versionConflict,
} from '../../contracts/config.ts';
import { configSettingHistory, configSettings } from '../../schema/config-settings.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { byId, ms } from './support.ts';

type Row = typeof configSettings.$inferSelect;
type HistoryRow = typeof configSettingHistory.$inferSelect;

/** Contract view of a setting row. */
export function configSettingFromRow(r: Row): ConfigSetting {
  const s: ConfigSetting = { id: r.id, key: r.key, value: r.value, version: r.version, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.description !== null) s.description = r.description;
  if (r.updatedBy !== null) s.updatedBy = r.updatedBy;
  return s;
}

/** Contract view of a history row. */
export function configHistoryFromRow(r: HistoryRow): ConfigHistoryEntry {
  const h: ConfigHistoryEntry = { settingId: r.settingId, version: r.version, newValue: r.newValue, changedAt: ms(r.changedAt) };
  if (r.oldValue !== null) h.oldValue = r.oldValue;
  if (r.changedBy !== null) h.changedBy = r.changedBy;
  return h;
}

/** {@link ConfigRepository} over Postgres with Drizzle. */
export function drizzleConfigRepository({ db, clock }: DrizzleContext): ConfigRepository {
  return {
    async set(input) {
      const v = validateConfigSet(input);
      return inTransaction(db, async (tx) => {
        let changedBy: string | null = null;
        if (v.changedBy !== undefined) {
          const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, v.changedBy));
          if (!u) throw new NotFoundError('user', v.changedBy);
          changedBy = u.id;
        }
        const now = new Date(clock.now());
        // Create, or find the existing row; either way the row is locked until COMMIT.
        const [created] = await tx
          .insert(configSettings)
          .values({ legacyObjectId: v.id, key: v.key, value: v.value, description: v.description ?? null, updatedBy: changedBy, version: 1, createdAt: now, updatedAt: now })
          .onConflictDoNothing({ target: configSettings.key })
          .returning();
        let row: Row;
        let oldValue: Row['value'] | null = null;
        if (created) {
          if (v.version !== undefined && v.version !== 1) throw versionConflict(v.key, v.version, 0);
          row = created;
        } else {
          const [current] = await tx.select().from(configSettings).where(eq(configSettings.key, v.key)).for('update');
          if (v.version !== undefined && v.version !== current!.version + 1) throw versionConflict(v.key, v.version, current!.version);
          oldValue = current!.value;
          const set: Partial<typeof configSettings.$inferInsert> = { value: v.value, updatedBy: changedBy, version: sql`${configSettings.version} + 1` as never, updatedAt: now };
          if (v.description !== undefined) set.description = v.description;
          [row] = (await tx.update(configSettings).set(set).where(eq(configSettings.id, current!.id)).returning()) as [Row];
        }
        await tx.insert(configSettingHistory).values({
          legacyObjectId: row.legacyObjectId === null ? null : historyEntryLegacyId(row.legacyObjectId, row.version),
          settingId: row.id,
          version: row.version,
          oldValue,
          newValue: v.value,
          changedBy,
          changedAt: now,
        });
        return configSettingFromRow(row);
      }).catch((e) => mapPgError(e));
    },
    async get(key) {
      const [row] = await db.select().from(configSettings).where(eq(configSettings.key, validateConfigKey('key', key)));
      return row ? configSettingFromRow(row) : null;
    },
    async list() {
      // Code-point order on every server, whatever the database's collation.
      const rows = await db.select().from(configSettings).orderBy(sql`${configSettings.key} COLLATE "C"`);
      return rows.map(configSettingFromRow);
    },
    async history(key) {
      const rows = await db
        .select({ h: configSettingHistory })
        .from(configSettingHistory)
        .innerJoin(configSettings, eq(configSettings.id, configSettingHistory.settingId))
        .where(eq(configSettings.key, validateConfigKey('key', key)))
        .orderBy(asc(configSettingHistory.version));
      return rows.map((r) => configHistoryFromRow(r.h));
    },
  };
}
