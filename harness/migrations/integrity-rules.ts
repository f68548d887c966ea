/**
 * Rules every table must keep, checked on the freshly migrated database as part of the `catalog`
 * step (issue: "every FK physical and validated; every table with a Mongo origin keeps
 * `legacy_object_id` unique"):
 * - no foreign key is `NOT VALID` (added without checking existing rows);
 * - every table with a `legacy_object_id` column has a unique constraint or unique index on that
 *   column alone (two rows mirroring one Mongo document would make every id lookup ambiguous).
 */
import type pg from 'pg';
import type { Findings } from './report.ts';

/** Reports every broken rule into `f` (errors) and a one-line summary (info). */
export async function checkIntegrityRules(client: pg.Client, f: Findings): Promise<void> {
  const notValid = await client.query<{ table: string; name: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype = 'f' AND NOT c.convalidated ORDER BY 1, 2`,
  );
  for (const r of notValid.rows) f.error(`foreign key ${r.name} on ${r.table} is NOT VALID: existing rows were never checked (VALIDATE CONSTRAINT it)`);
  const fks = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype = 'f'`,
  );
  const legacy = await client.query<{ table: string; unique: boolean }>(
    `SELECT t.relname AS table,
            EXISTS (SELECT 1 FROM pg_index i
                     WHERE i.indrelid = t.oid AND i.indisunique AND i.indpred IS NULL
                       AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS unique
       FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'legacy_object_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND t.relkind = 'r' AND t.relname <> 'id_map' ORDER BY 1`,
  );
  for (const r of legacy.rows) if (!r.unique) f.error(`${r.table}.legacy_object_id has no unique constraint of its own: two rows could mirror one Mongo document`);
  f.info(`${fks.rows[0]?.n ?? 0} foreign keys, all validated: ${notValid.rows.length === 0 ? 'yes' : 'no'}; ${legacy.rows.length} tables with legacy_object_id, each unique: ${legacy.rows.every((r) => r.unique) ? 'yes' : 'no'}`);
}
