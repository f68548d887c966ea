/**
 * Invariant: every setting's history is versions 1..version without gaps or extras, and its
 * latest entry holds the setting's value (Postgres holds "one entry per version" with a unique
 * constraint, not contiguity; Mongo holds neither by itself).
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const configHistoryContiguous: Invariant = {
  name: 'config history versions are 1..version per setting, the last one holding the value',
  async pg(db) {
    const r = await db.execute<{ key: string; version: number; n: number; lo: number | null; hi: number | null; latest_matches: boolean | null }>(sql`
      SELECT s.key, s.version, count(h.id)::int AS n, min(h.version) AS lo, max(h.version) AS hi,
             bool_or(h.version = s.version AND h.new_value = s.value) AS latest_matches
      FROM config_settings s LEFT JOIN config_setting_history h ON h.setting_id = s.id
      GROUP BY s.id, s.key, s.version
      HAVING count(h.id) <> s.version OR min(h.version) IS DISTINCT FROM 1 OR max(h.version) IS DISTINCT FROM s.version
          OR NOT coalesce(bool_or(h.version = s.version AND h.new_value = s.value), false)`);
    const orphans = await db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM config_setting_history h JOIN config_settings s ON s.id = h.setting_id WHERE h.version > s.version`);
    const out = r.rows.map((x) => `setting ${x.key} at version ${x.version} has ${x.n} history entries (versions ${x.lo}..${x.hi}; latest holds the value: ${x.latest_matches ?? false})`);
    if ((orphans.rows[0]?.n ?? 0) > 0) out.push(`${orphans.rows[0]!.n} history entries are ahead of their setting`);
    return out;
  },
  async mongo(db) {
    const out: string[] = [];
    const byId = new Map<string, { version: number; newValue: unknown }[]>();
    for (const h of await db.collection('configSettingHistory').find({}).toArray()) {
      const k = String(h.settingId);
      if (!byId.has(k)) byId.set(k, []);
      byId.get(k)!.push({ version: h.version as number, newValue: h.newValue });
    }
    const settings = await db.collection('configSettings').find({}).toArray();
    for (const s of settings) {
      const entries = (byId.get(String(s._id)) ?? []).sort((a, b) => a.version - b.version);
      byId.delete(String(s._id));
      const versions = entries.map((e) => e.version);
      const expected = Array.from({ length: s.version as number }, (_, i) => i + 1);
      if (!isDeepStrictEqual(versions, expected)) out.push(`setting ${s.key} at version ${s.version} has history versions [${versions.join(', ')}]`);
      else if (!isDeepStrictEqual(entries.at(-1)?.newValue, s.value)) out.push(`setting ${s.key}: the latest history entry does not hold the value`);
    }
    for (const [id, entries] of byId) out.push(`${entries.length} history entries of setting ${id}, which does not exist`);
    return out;
  },
};
