/**
 * Step `upgrade-path`: a database at any earlier version reaches head. For every k in 0..n-2: a
 * new database gets migrations 0..k, then rows generated from version k's snapshot and aimed at
 * what the later migrations demand (`seed-rows.ts`), then every migration in one run, as a
 * deploy would do it; the result must have the fresh database's catalog and bookkeeping rows
 * and every seeded row. This is where a journal whose `when` goes backwards shows up (the
 * migrator silently skips the entry), and a migration that fails only on a table with rows: the
 * failure names the file and statement, the server's error, and the shrunk rows as INSERTs.
 */
import type pg from 'pg';
import { applyFolder, MigrationApplyError, readAppliedMigrations, truncatedFolderCopy } from './apply.ts';
import { diffCatalogs, readCatalog } from './catalog-snapshot.ts';
import type { FreshDatabase } from './fresh-apply-step.ts';
import type { MigrationFolder } from './migration-folder.ts';
import { messageOf, type Findings } from './report.ts';
import { createScratchDatabase, withClient } from './scratch-database.ts';
import { objectName } from './lint.ts';
import { insertSql, seedVersion, type SeededVersion } from './seed-rows.ts';
import { failureKey, shrinkRows, type FailureKey } from './shrink-rows.ts';

/**
 * Inserts rows into a database migrated up to journal entry `k` (0-based), given its connection
 * string; called once per upgrade path, before the rest of the migrations run.
 */
export type MigrationSeed = (url: string, k: number) => Promise<void>;

interface PathOutcome {
  readonly errors: string[];
  readonly warnings: string[];
  /** One summary line of the seeded rows (more with verbose). */
  readonly info: string[];
  readonly seeded: number;
  /** The migration run to head failed: described (and its rows shrunk) after every path ran. */
  readonly failure?: PathFailure;
}

interface PathFailure {
  readonly k: number;
  readonly from: string;
  readonly label: string;
  readonly error: unknown;
  readonly key: FailureKey;
  readonly seeded: SeededVersion | undefined;
}

/** How the upgrade paths seed their databases. */
export interface UpgradeSeeding {
  /** PRNG seed of the generated rows (printed in the replay line). */
  readonly seed: number;
  /** Ordinary generated rows per table; default 3. 0 turns the generated rows off. */
  readonly rowsPerTable?: number;
  /** Extra rows of the caller's own, inserted after the generated ones. */
  readonly extra?: MigrationSeed;
  /** Every hazard and every rejected row in the report, not just one line per version. */
  readonly verbose?: boolean;
  /** The command that reruns the gate, without `--seed` (it is appended). */
  readonly replay: string;
  /** Told the one-line summary of each version as it is seeded. */
  readonly log?: (line: string) => void;
}

/**
 * Runs every upgrade path (up to `concurrency` at a time), comparing each with `fresh` (when
 * the fresh apply succeeded); findings are reported in path order.
 */
export async function checkUpgradePaths(
  adminUrl: string,
  folder: MigrationFolder,
  fresh: FreshDatabase | undefined,
  seeding: UpgradeSeeding,
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
  const outcomes = await mapLimited(ks, Math.max(1, concurrency), (k) => upgradeFrom(adminUrl, folder, k, fresh, seeding));
  // Paths that fail at the same statement with the same SQLSTATE are one fault: its rows are
  // shrunk once, on the earliest such path (the others point there).
  const shrunkAt = new Map<string, string>();
  for (const o of outcomes) {
    if (!o.failure) continue;
    const key = `${o.failure.key.code}\u0000${o.failure.key.query}`;
    const first = shrunkAt.get(key);
    if (first === undefined) {
      shrunkAt.set(key, o.failure.from);
      o.errors.push(await describeFailure(adminUrl, folder, o.failure, seeding, true));
    } else o.errors.push(`${await describeFailure(adminUrl, folder, o.failure, seeding, false)}\n  same statement and SQLSTATE as the upgrade from ${first}: its minimal rows are shown there`);
  }
  let total = 0;
  outcomes.forEach((o) => {
    for (const line of o.info) f.info(line);
    for (const e of o.errors) f.error(e);
    for (const w of o.warnings) f.warn(w);
    total += o.seeded;
  });
  f.info(
    `${n - 1} upgrade paths (from ${folder.migrations[0]?.entry.tag} ... ${folder.migrations[n - 2]?.entry.tag} to head), ` +
      `${total} generated rows in all (seed ${seeding.seed}; replay: ${seeding.replay} --seed ${seeding.seed})`,
  );
}

async function upgradeFrom(adminUrl: string, folder: MigrationFolder, k: number, fresh: FreshDatabase | undefined, seeding: UpgradeSeeding): Promise<PathOutcome> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const info: string[] = [];
  const from = folder.migrations[k]?.entry.tag ?? String(k);
  const label = `upgrade from ${from}`;
  const db = await createScratchDatabase(adminUrl, `upto${k}`);
  let seededCount = 0;
  try {
    const partial = truncatedFolderCopy(folder, k);
    try {
      await applyFolder(db.url, partial.path, folder);
    } catch (error) {
      errors.push(`${label}: applying migrations 0..${k} failed: ${applyMessage(error)}`);
      return { errors, warnings, info, seeded: 0 };
    } finally {
      partial.dispose();
    }

    let seeded: SeededVersion | undefined;
    if (seeding.rowsPerTable !== 0) {
      seeded = await withClient(db.url, (c) => seedVersion(c, folder, k, { seed: seeding.seed, ...(seeding.rowsPerTable !== undefined && { rowsPerTable: seeding.rowsPerTable }) }));
      seededCount = seeded.rows.length;
      const summary = `rows at ${from}: ${summarize(seeded)}`;
      info.push(summary);
      seeding.log?.(`[migrations] ${summary}`);
      if (seeding.verbose) info.push(...seeded.detail);
    }
    if (seeding.extra) {
      try {
        await seeding.extra(db.url, k);
      } catch (error) {
        errors.push(`${label}: seed(url, ${k}) failed: ${messageOf(error)}`);
        return { errors, warnings, info, seeded: seededCount };
      }
    }
    const rowsBefore = await withClient(db.url, rowCounts);

    try {
      await applyFolder(db.url, folder.path, folder);
    } catch (error) {
      return { errors, warnings, info, seeded: seededCount, failure: { k, from, label, error, key: failureKey(error), seeded } };
    }

    const [catalog, applied, rowsAfter] = await withClient(db.url, async (c) => [await readCatalog(c), await readAppliedMigrations(c), await rowCounts(c)] as const);
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
    // No seeded row may be lost, unless a later migration deletes rows on purpose; a table
    // dropped or renamed later is lint's business (drops-table, renames-table).
    const deleting = deletedTables(folder, k);
    for (const [table, before] of rowsBefore) {
      const after = rowsAfter.get(table);
      if (after === undefined || after >= before) continue;
      const line = `${label}: table ${table} had ${before} row(s) before the upgrade, ${after} after: the upgrade lost seeded rows`;
      if (deleting.has(table)) warnings.push(`${line} (a later migration deletes from ${table})`);
      else errors.push(line);
    }
  } catch (error) {
    errors.push(`${label}: ${messageOf(error)}`);
  } finally {
    await db.drop().catch((error: unknown) => warnings.push(`${label}: could not drop scratch database ${db.name}: ${messageOf(error)}`));
  }
  return { errors, warnings, info, seeded: seededCount };
}

/** `41 rows in 12 tables (users 4, addresses 3, ...); 2 rejected; 3 aimed at later migrations`. */
function summarize(s: SeededVersion): string {
  if (s.skipped) return `none (${s.skipped})`;
  const filled = [...s.perTable].filter(([, n]) => n > 0);
  const empty = [...s.perTable].filter(([, n]) => n === 0).map(([t]) => t);
  return (
    `${s.rows.length} rows in ${filled.length} of ${s.perTable.size} tables (${filled.map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})` +
    (empty.length ? `; empty: ${empty.join(', ')}` : '') +
    (s.rejected ? `; ${s.rejected} rows rejected` : '') +
    `; ${s.hazards.length} later-migration hazards aimed at`
  );
}

/**
 * The failed upgrade, said in full: where (file:line), the server's error and SQLSTATE, the
 * statement, and the shrunk rows as INSERTs to paste into a database at version k.
 */
async function describeFailure(adminUrl: string, folder: MigrationFolder, failure: PathFailure, seeding: UpgradeSeeding, shrink: boolean): Promise<string> {
  const { k, label, error, key, seeded } = failure;
  const lines = [`${label}: migrating to head failed: ${applyMessage(error)}`];
  if (key.query) lines.push(`  statement: ${abbreviate(key.query.trim().replace(/\s+/g, ' '), 300)}`);
  if (!shrink) return lines.join('\n');
  if (seeded && seeded.rows.length > 0) {
    try {
      const shrunk = await shrinkRows(adminUrl, folder, k, seeded.rows, key);
      if (shrunk.rows.length === 0) lines.push(`  it fails with no rows at all: any database at ${folder.migrations[k]?.entry.tag} fails this way`);
      else {
        const how = shrunk.reproduced ? `shrunk from ${seeded.rows.length} in ${shrunk.probes} probes${shrunk.confirmed ? ', confirmed with drizzle-orm\'s migrator' : ', not confirmed with the migrator'}` : 'not shrunk: the failure did not reproduce in a probe';
        lines.push(`  minimal rows (${shrunk.rows.length}, ${how}); paste into a database at ${folder.migrations[k]?.entry.tag}, then migrate:`);
        for (const row of shrunk.rows) lines.push(`    ${insertSql(row)}${row.purpose ? `  -- ${row.purpose}` : ''}`);
      }
    } catch (e) {
      lines.push(`  rows not shrunk: ${messageOf(e)}`);
    }
  }
  lines.push(`  replay: ${seeding.replay} --seed ${seeding.seed}`);
  return lines.join('\n');
}

function abbreviate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** Tables a migration after k deletes from or truncates. */
function deletedTables(folder: MigrationFolder, k: number): Set<string> {
  const out = new Set<string>();
  for (const m of folder.migrations.slice(k + 1)) {
    for (const x of (m.sql ?? '').matchAll(/\b(?:DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/gi)) out.add(objectName(x[1] as string));
  }
  return out;
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
