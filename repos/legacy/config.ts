/**
 * Stored-entity specs of runtime config: `configSettings` ↔ `config_settings` and the
 * append-only `configSettingHistory` ↔ `config_setting_history`.
 *
 * Canonical records: {@link ConfigSetting} and a history entry with its own legacy id
 * ({@link ConfigHistoryRecord}), references as legacy ids.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { validateConfigKey, type ConfigHistoryEntry, type ConfigSetting } from '../../contracts/config.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import { optionalText } from '../../contracts/text.ts';
import { configSettingHistory, configSettings } from '../../schema/config-settings.ts';
import { readInteger, readJson } from './json-shape.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type StoredEntity } from './spec.ts';

export type ConfigSettingRow = typeof configSettings.$inferSelect;
export type ConfigSettingInsert = typeof configSettings.$inferInsert;
export type ConfigHistoryRow = typeof configSettingHistory.$inferSelect;
export type ConfigHistoryInsert = typeof configSettingHistory.$inferInsert;

/** A history entry as backfill and verify see it: the contract's entry plus its own legacy id. */
export interface ConfigHistoryRecord extends ConfigHistoryEntry {
  id: string;
}

/** Canonical {@link ConfigSetting} of a `configSettings` document (`version` missing → 1, flagged). */
export function configSettingFromLegacy(doc: Document): LegacyReading<ConfigSetting> {
  const r = new ShapeReader(doc);
  if (doc.version === undefined || doc.version === null) r.flag('version', 'defaulted', 'missing; read as 1');
  const s: ConfigSetting = {
    id: r.id(),
    key: r.string('key'),
    value: readJson(doc, 'value'),
    version: readInteger(doc, 'version', 1),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(s, { description: r.optionalString('description'), updatedBy: r.ref('updatedBy', true) }, ['description', 'updatedBy']), flags: r.flags };
}

/** Canonical history record of a `configSettingHistory` document. */
export function configHistoryFromLegacy(doc: Document): LegacyReading<ConfigHistoryRecord> {
  const r = new ShapeReader(doc);
  const h: ConfigHistoryRecord = {
    id: r.id(),
    settingId: r.ref('settingId'),
    version: readInteger(doc, 'version'),
    newValue: readJson(doc, 'newValue'),
    changedAt: r.time('changedAt'),
  };
  return { record: present(h, { oldValue: readJson(doc, 'oldValue', true), changedBy: r.ref('changedBy', true) }, ['oldValue', 'changedBy']), flags: r.flags };
}

const positive = (field: string, v: number) => {
  if (!Number.isSafeInteger(v) || v < 1 || v > 2147483647) throw new ValidationError(field, 'must be an integer from 1 to 2147483647');
};

/** The `config_settings` spec. */
export const configSettingEntity: StoredEntity<ConfigSetting, ConfigSettingRow, ConfigSettingInsert> = {
  name: 'configSetting',
  domain: 'config',
  collection: 'configSettings',
  table: 'config_settings',
  pgTable: configSettings,
  references: { updatedBy: 'users' },
  appendOnly: false,
  fromDocument: configSettingFromLegacy,
  validate: (s) =>
    collectViolations([() => validateConfigKey('key', s.key), () => validateJsonPayload('value', s.value), () => optionalText('description', s.description, 500), () => positive('version', s.version)]),
  fromRow(row, refs) {
    const s: ConfigSetting = { id: rowId(row), key: row.key, value: row.value, version: row.version, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    return present(s, { description: row.description, updatedBy: row.updatedBy === null ? null : refId(refs, 'updatedBy', row.updatedBy) }, ['description', 'updatedBy']);
  },
  toRow(s, resolve) {
    return {
      legacyObjectId: s.id,
      key: s.key,
      value: s.value,
      description: s.description ?? null,
      updatedBy: s.updatedBy === undefined ? null : resolve('users', s.updatedBy),
      version: s.version,
      createdAt: new Date(s.createdAt),
      updatedAt: new Date(s.updatedAt),
    };
  },
};

/** The `config_setting_history` spec: append-only (triggers refuse UPDATE and DELETE). */
export const configHistoryEntity: StoredEntity<ConfigHistoryRecord, ConfigHistoryRow, ConfigHistoryInsert> = {
  name: 'configSettingHistory',
  domain: 'config',
  collection: 'configSettingHistory',
  table: 'config_setting_history',
  pgTable: configSettingHistory,
  references: { settingId: 'config_settings', changedBy: 'users' },
  appendOnly: true,
  fromDocument: configHistoryFromLegacy,
  validate: (h) =>
    collectViolations([
      () => positive('version', h.version),
      () => validateJsonPayload('newValue', h.newValue),
      () => {
        if ((h.version === 1) !== (h.oldValue === undefined)) throw new ValidationError('oldValue', 'must be absent exactly for version 1 (the creation)');
        if (h.oldValue !== undefined) validateJsonPayload('oldValue', h.oldValue);
      },
    ]),
  fromRow(row, refs) {
    const h: ConfigHistoryRecord = {
      id: rowId(row),
      settingId: refId(refs, 'settingId', row.settingId),
      version: row.version,
      newValue: row.newValue,
      changedAt: row.changedAt.getTime(),
    };
    return present(h, { oldValue: row.oldValue, changedBy: row.changedBy === null ? null : refId(refs, 'changedBy', row.changedBy) }, ['oldValue', 'changedBy']);
  },
  toRow(h, resolve) {
    return {
      legacyObjectId: h.id,
      settingId: resolve('config_settings', h.settingId),
      version: h.version,
      oldValue: h.oldValue ?? null,
      newValue: h.newValue,
      changedBy: h.changedBy === undefined ? null : resolve('users', h.changedBy),
      changedAt: new Date(h.changedAt),
    };
  },
};
