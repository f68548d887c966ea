/** Reference model of the config contract. */
import { NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import { CONFIG_HISTORY, CONFIG_SETTING, validateConfigKey, validateConfigSet, versionConflict, type ConfigHistoryEntry, type ConfigRepository, type ConfigSetting } from './config.ts';
import type { User } from './user.ts';

/** Model of {@link ConfigRepository}. */
export function configModel({ clock, state }: ModelContext): ConfigRepository {
  const settings = state.table<ConfigSetting>(CONFIG_SETTING);
  const history = state.table<ConfigHistoryEntry>(CONFIG_HISTORY);
  const users = state.table<User>('user');
  const byKey = (key: string) => [...settings.values()].find((s) => s.key === key);
  return {
    async set(input) {
      const v = validateConfigSet(input);
      if (v.changedBy !== undefined && !users.has(v.changedBy)) throw new NotFoundError('user', v.changedBy);
      const now = clock.now();
      let s = byKey(v.key);
      if (v.version !== undefined && v.version !== (s?.version ?? 0) + 1) throw versionConflict(v.key, v.version, s?.version ?? 0);
      const entry: ConfigHistoryEntry = { settingId: '', version: 1, newValue: structuredClone(v.value), changedAt: now };
      if (!s) {
        s = { id: v.id ?? state.nextId(), key: v.key, value: v.value, version: 1, createdAt: now, updatedAt: now };
        settings.set(s.id, s);
      } else {
        entry.oldValue = s.value;
        s.value = v.value;
        s.version += 1;
        s.updatedAt = now;
      }
      entry.settingId = s.id;
      entry.version = s.version;
      if (v.description === null) delete s.description;
      else if (v.description !== undefined) s.description = v.description;
      if (v.changedBy !== undefined) {
        s.updatedBy = v.changedBy;
        entry.changedBy = v.changedBy;
      } else delete s.updatedBy;
      history.set(`${s.id}:${s.version}`, entry);
      return structuredClone(s);
    },
    async get(key) {
      const s = byKey(validateConfigKey('key', key));
      return s ? structuredClone(s) : null;
    },
    async list() {
      return [...settings.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((s) => structuredClone(s));
    },
    async history(key) {
      const s = byKey(validateConfigKey('key', key));
      if (!s) return [];
      return [...history.values()].filter((h) => h.settingId === s.id).sort((a, b) => a.version - b.version).map((h) => structuredClone(h));
    },
  };
}
