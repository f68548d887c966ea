/**
 * Runtime configuration (the source system's config-store facade): settings with a jsonb value
 * and a version, and their append-only history. The history's UPDATE/DELETE/TRUNCATE guards are
 * triggers (custom migration `facades_rules`). Settings are never deleted: every setting has at
 * least one history row, and the history's foreign key restricts deletion.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { jsonPayload } from './json-column.ts';
import { users } from './users.ts';

export const configSettings = pgTable(
  'config_settings',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    key: text('key').notNull().unique('config_settings_key_unique'),
    value: jsonPayload('value').notNull(),
    description: text('description'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('config_settings', t.legacyObjectId),
    // Lower-case snake_case segments joined by dots (`confirmation_thresholds.usdt_tron`).
    check('config_settings_key_shape', sql`${t.key} ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' AND char_length(${t.key}) <= 100`),
    check('config_settings_value_not_json_null', sql`jsonb_typeof(${t.value}) <> 'null'`),
    check('config_settings_description_length', sql`char_length(${t.description}) <= 500`),
    check('config_settings_version_positive', sql`${t.version} >= 1`),
  ],
);

export const configSettingHistory = pgTable(
  'config_setting_history',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    settingId: uuid('setting_id')
      .notNull()
      .references(() => configSettings.id, { onDelete: 'restrict' }),
    version: integer('version').notNull(),
    oldValue: jsonPayload('old_value'),
    newValue: jsonPayload('new_value').notNull(),
    // An audit trail keeps who changed what: a user who changed a setting cannot be deleted.
    changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'restrict' }),
    changedAt: msTimestamp('changed_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('config_setting_history', t.legacyObjectId),
    unique('config_setting_history_setting_version_uq').on(t.settingId, t.version),
    check('config_setting_history_version_positive', sql`${t.version} >= 1`),
    // Creation (version 1) has no old value; every later change has one.
    check('config_setting_history_old_value_iff_change', sql`(${t.version} = 1) = (${t.oldValue} IS NULL)`),
    check('config_setting_history_new_value_not_json_null', sql`jsonb_typeof(${t.newValue}) <> 'null'`),
    index('config_setting_history_changed_by_idx').on(t.changedBy),
  ],
);
