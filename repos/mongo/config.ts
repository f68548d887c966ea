/**
 * Mongo implementation of the config contract (collections `configSettings`, unique on `key`,
 * and `configSettingHistory`, unique on `(settingId, version)`).
 *
 * Without transactions (FerretDB 1.24, standalone mongod) a change is two writes, ordered so the
 * history's unique index serializes writers: first insert the history entry for version n + 1
 * (a concurrent writer that took n + 1 makes it fail: re-read and retry), then move the setting
 * from version n to n + 1 with a filter on version n. A crash between the two leaves history one
 * version ahead of its setting, which the contiguity invariant reports.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import {
  historyEntryLegacyId,
  validateConfigKey,
  validateConfigSet,
  type ConfigHistoryEntry,
  type ConfigRepository,
  type ConfigSetting,
  versionConflict,
} from '../../contracts/config.ts';
import { isDuplicateKey, mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `configSettings` document. */
export interface ConfigSettingDoc {
  _id: ObjectId;
  key: string;
  value: JsonValue;
  description?: string;
  updatedBy?: ObjectId;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A `configSettingHistory` document (`oldValue` absent for version 1). */
export interface ConfigHistoryDoc {
  _id: ObjectId;
  settingId: ObjectId;
  version: number;
  oldValue?: JsonValue;
  newValue: JsonValue;
  changedBy?: ObjectId;
  changedAt: Date;
}

/** Contract key of the unique key rule (index name). */
export const CONFIG_KEY_INDEX = 'config_settings.key';
/** Contract key of the one-entry-per-version rule (index name). */
export const CONFIG_HISTORY_VERSION_INDEX = 'config_setting_history.setting_version';

/** Creates the collections' indexes. */
export async function ensureConfigIndexes(db: Db): Promise<void> {
  await db.collection('configSettings').createIndex({ key: 1 }, { unique: true, name: CONFIG_KEY_INDEX });
  await db.collection('configSettingHistory').createIndex({ settingId: 1, version: 1 }, { unique: true, name: CONFIG_HISTORY_VERSION_INDEX });
}

/** Contract view of a setting document. */
export function configSettingFromDoc(d: ConfigSettingDoc): ConfigSetting {
  const s: ConfigSetting = { id: d._id.toHexString(), key: d.key, value: d.value, version: d.version, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  if (typeof d.description === 'string') s.description = d.description;
  if (d.updatedBy) s.updatedBy = d.updatedBy.toHexString();
  return s;
}

/** Contract view of a history document. */
export function configHistoryFromDoc(d: ConfigHistoryDoc): ConfigHistoryEntry {
  const h: ConfigHistoryEntry = { settingId: d.settingId.toHexString(), version: d.version, newValue: d.newValue, changedAt: d.changedAt.getTime() };
  if (d.oldValue !== undefined && d.oldValue !== null) h.oldValue = d.oldValue;
  if (d.changedBy) h.changedBy = d.changedBy.toHexString();
  return h;
}

/** How often a change is retried after losing a race for its version. */
const MAX_ATTEMPTS = 5;

/** {@link ConfigRepository} over MongoDB. */
export function mongoConfigRepository({ db, clock }: MongoContext): ConfigRepository {
  const settings = db.collection<ConfigSettingDoc>('configSettings');
  const history = db.collection<ConfigHistoryDoc>('configSettingHistory');
  const users = db.collection('users');
  return {
    async set(input) {
      const v = validateConfigSet(input);
      let changedBy: ObjectId | undefined;
      if (v.changedBy !== undefined) {
        const u = toObjectId(v.changedBy);
        if (!u || !(await users.findOne({ _id: u }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.changedBy);
        changedBy = u;
      }
      const now = new Date(clock.now());
      for (let attempt = 1; ; attempt++) {
        const current = await settings.findOne({ key: v.key });
        const _id = current?._id ?? newObjectId(v.id);
        const version = (current?.version ?? 0) + 1;
        if (v.version !== undefined && v.version !== version) throw versionConflict(v.key, v.version, version - 1);
        const entry: ConfigHistoryDoc = { _id: toObjectId(historyEntryLegacyId(_id.toHexString(), version))!, settingId: _id, version, newValue: v.value, changedAt: now };
        if (current) entry.oldValue = current.value;
        if (changedBy) entry.changedBy = changedBy;
        try {
          await history.insertOne(entry);
        } catch (e) {
          if (isDuplicateKey(e) && attempt < MAX_ATTEMPTS) continue;
          mapMongoError(e, CONFIG_HISTORY_VERSION_INDEX);
        }
        if (!current) {
          const doc: ConfigSettingDoc = { _id, key: v.key, value: v.value, version: 1, createdAt: now, updatedAt: now };
          if (typeof v.description === 'string') doc.description = v.description;
          if (changedBy) doc.updatedBy = changedBy;
          await settings.insertOne(doc).catch((e) => mapMongoError(e, CONFIG_KEY_INDEX));
          return configSettingFromDoc(doc);
        }
        const $set: Partial<ConfigSettingDoc> = { value: v.value, version, updatedAt: now };
        const $unset: Record<string, ''> = {};
        if (typeof v.description === 'string') $set.description = v.description;
        else if (v.description === null) $unset.description = '';
        if (changedBy) $set.updatedBy = changedBy;
        else $unset.updatedBy = '';
        const update = Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
        const d = await settings.findOneAndUpdate({ _id, version: version - 1 }, update, { returnDocument: 'after' });
        if (!d) throw new Error(`config setting ${v.key} moved past version ${version - 1} after its history entry ${version} was written`);
        return configSettingFromDoc(d);
      }
    },
    async get(key) {
      const d = await settings.findOne({ key: validateConfigKey('key', key) });
      return d ? configSettingFromDoc(d) : null;
    },
    async list() {
      return (await settings.find({}).sort({ key: 1 }).toArray()).map(configSettingFromDoc);
    },
    async history(key) {
      const s = await settings.findOne({ key: validateConfigKey('key', key) }, { projection: { _id: 1 } });
      if (!s) return [];
      return (await history.find({ settingId: s._id }).sort({ version: 1 }).toArray()).map(configHistoryFromDoc);
    },
  };
}
