/**
 * Step `upgrade-path`: a database at any earlier version reaches head. For every k in 0..n-2: a
 * new database gets migrations 0..k, optionally some rows (`seed`), then every migration in one
 * run, as a deploy would do it; the result must have the fresh database's catalog and
 * bookkeeping rows. This is where a journal whose `when` goes backwards shows up (the migrator
 * silently skips the entry), and, with a seed, a migration that fails on a table with rows.
 */
import type pg from 'pg';
import { applyFolder, MigrationApplyError, readAppliedMigrations, truncatedFolderCopy } from './apply.ts';
import { diffCatalogs, readCatalog } from './catalog-snapshot.ts';
import type { FreshDatabase } from './fresh-apply-step.ts';
import type { MigrationFolder } from './migration-folder.ts';
import { messageOf, type Findings } from './report.ts';
import { createScratchDatabase, withClient } from './scratch-database.ts';

/**
 * Inserts rows into a database migrated up to journal entry `k` (0-based), given its connection
 * string; called once per upgrade path, before the rest of the migrations run.
 */
export type MigrationSeed = (url: string, k: number) => Promise<void>;

interface PathOutcome {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Runs every upgrade path (up to `concurrency` at a time), comparing each with `fresh` (when
 * the fresh apply succeeded); findings are reported in path order.
 */
export async function checkUpgradePaths(
  adminUrl: string,
  folder: MigrationFolder,
  fresh: FreshDatabase | undefined,
  seed: MigrationSeed | undefined,
  concurrency: number,
  f: Findings,
): Promise<void> {
  const n = folder.migrations.length;
  if (n < 2) {
    f.info(`${n} migration(s): no earlier version to upgrade from`);
    return;
  }
  if (!fresh) f.error('the upgraded databases are not compared: the fresh apply failed');
  const ks = Array.from({ length: n - 1 }, (_, k) => k);
  const outcomes = await mapLimited(ks, Math.max(1, concurrency), (k) => upgradeFrom(adminUrl, folder, k, fresh, seed));
  outcomes.forEach((o) => {
    for (const e of o.errors) f.error(e);
    for (const w of o.warnings) f.warn(w);
  });
  f.info(`${n - 1} upgrade paths (from ${folder.migrations[0]?.entry.tag} ... ${folder.migrations[n - 2]?.entry.tag} to head)${seed ? ', each seeded' : ''}`);
}

async function upgradeFrom(adminUrl: string, folder: MigrationFolder, k: number, fresh: FreshDatabase | undefined, seed: MigrationSeed | undefined): Promise<PathOutcome> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const from = folder.migrations[k]?.entry.tag ?? String(k);
  const label = `upgrade from ${from}`;
  const db = await createScratchDatabase(adminUrl, `upto${k}`);
  try {
    const partial = truncatedFolderCopy(folder, k);
    try {
      await applyFolder(db.url, partial.path, folder);
    } catch (error) {
      errors.push(`${label}: applying migrations 0..${k} failed: ${applyMessage(error)}`);
      return { errors, warnings };
    } finally {
      partial.dispose();
    }

    let rowsBefore: Map<string, number> | undefined;
    if (seed) {
      try {
        await seed(db.url, k);
      } catch (error) {
        errors.push(`${label}: seed(url, ${k}) failed: ${messageOf(error)}`);
        return { errors, warnings };
      }
      rowsBefore = await withClient(db.url, rowCounts);
    }

    try {
      await applyFolder(db.url, folder.path, folder);
    } catch (error) {
      errors.push(`${label}: migrating to head failed${seed ? ' (with seeded rows)' : ''}: ${applyMessage(error)}`);
      return { errors, warnings };
    }

    const [catalog, applied, rowsAfter] = await withClient(db.url, async (c) => [await readCatalog(c), await readAppliedMigrations(c), rowsBefore ? await rowCounts(c) : undefined] as const);
    const appliedHashes = new Set(applied.map((r) => r.hash));
    folder.migrations.forEach((m, i) => {
      if (m.hash === undefined || appliedHashes.has(m.hash)) return;
      const previous = folder.migrations[i - 1]?.entry;
      const hint = previous && !(m.entry.when > previous.when) ? ` (drizzle-orm's migrator skipped it: its "when" ${m.entry.when} is not after ${previous.tag}'s ${previous.when})` : '';
      errors.push(`${label}: migration ${m.entry.tag} was never applied${hint}`);
    });
    if (fresh) {
      for (const d of diffCatalogs(fresh.catalog, catalog, { a: 'fresh', b: 'upgraded' })) errors.push(`${label}: ${d}`);
    }
    if (rowsBefore && rowsAfter) {
      for (const [table, before] of rowsBefore) {
        const after = rowsAfter.get(table) ?? 0;
        if (after < before) warnings.push(`${label}: table ${table} had ${before} seeded row(s), ${after} after the upgrade`);
      }
    }
  } catch (error) {
    errors.push(`${label}: ${messageOf(error)}`);
  } finally {
    await db.drop().catch((error: unknown) => warnings.push(`${label}: could not drop scratch database ${db.name}: ${messageOf(error)}`));
  }
  return { errors, warnings };
}

/** A MigrationApplyError already says where and why; its driver cause would only repeat the SQL. */
function applyMessage(error: unknown): string {
  return error instanceof MigrationApplyError ? error.message : messageOf(error);
}

/** Rows per table of schema public, in one round trip. */
async function rowCounts(client: pg.Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ t: string; n: string }>(`
    SELECT c.relname AS t,
           (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text AS n
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
  return new Map(rows.map((r) => [r.t, Number(r.n)]));
}

/** `items.map(fn)` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
