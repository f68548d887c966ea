/** Reference model of the level-config contract. */
import type { ModelContext } from './domain.ts';
import {
  assertLevelOrder,
  validateLevelConfig,
  validateLevelSet,
  validatePoints,
  type LevelConfig,
  type LevelConfigRepository,
} from './level-config.ts';

/** Model of {@link LevelConfigRepository}; the model table is keyed by level number. */
export function levelConfigModel({ clock, state }: ModelContext): LevelConfigRepository {
  const levels = state.table<LevelConfig>('levelConfig');
  const ordered = () => [...levels.values()].sort((a, b) => a.level - b.level);
  return {
    async get(level) {
      const l = levels.get(String(level));
      return l ? structuredClone(l) : null;
    },
    async list() {
      return ordered().map((l) => structuredClone(l));
    },
    async levelFor(points) {
      const p = validatePoints(points);
      const held = ordered().filter((l) => l.threshold <= p);
      const top = held[held.length - 1];
      return top ? structuredClone(top) : null;
    },
    async upsert(input) {
      const v = validateLevelConfig(input);
      const old = levels.get(String(v.level));
      assertLevelOrder([...ordered().filter((l) => l.level !== v.level), v]);
      const now = clock.now();
      const l: LevelConfig = { ...structuredClone(v), createdAt: old?.createdAt ?? now, updatedAt: now };
      levels.set(String(v.level), l);
      return structuredClone(l);
    },
    async replaceAll(input) {
      const set = validateLevelSet(input);
      const now = clock.now();
      levels.clear();
      for (const v of set) levels.set(String(v.level), { ...structuredClone(v), createdAt: now, updatedAt: now });
      return ordered().map((l) => structuredClone(l));
    },
  };
}
