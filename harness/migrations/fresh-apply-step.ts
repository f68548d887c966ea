/**
 * Step `fresh-apply`: every migration applies to an empty database; applying again is a no-op
 * (no new `drizzle.__drizzle_migrations` row, catalog unchanged); and the bookkeeping rows match
 * the journal one for one (hash = sha256 of the file, `created_at` = the entry's `when`), which
 * is what a production database's rows will be compared against.
 */
import { applyFolder, readAppliedMigrations, type AppliedMigration } from './apply.ts';
import { diffCatalogs, readCatalog, type CatalogSnapshot } from './catalog-snapshot.ts';
import type { MigrationFolder } from './migration-folder.ts';
import type { Findings } from './report.ts';
import { withClient, type ScratchDatabase } from './scratch-database.ts';

/** The migrated fresh database, for the steps that compare against it. */
export interface FreshDatabase {
  readonly catalog: CatalogSnapshot;
  readonly applied: readonly AppliedMigration[];
}

/**
 * Migrates the empty database `db` twice and checks the bookkeeping. Returns the resulting
 * catalog, or undefined when the first apply failed (reported in `f`).
 */
export async function checkFreshApply(db: ScratchDatabase, folder: MigrationFolder, f: Findings): Promise<FreshDatabase | undefined> {
  const t0 = performance.now();
  try {
    await applyFolder(db.url, folder.path, folder);
  } catch (error) {
    f.error(`applying every migration to an empty database failed: ${(error as Error).message}`);
    return undefined;
  }
  const applyMs = performance.now() - t0;
  const [applied, catalog] = await withClient(db.url, async (c) => [await readAppliedMigrations(c), await readCatalog(c)] as const);

  try {
    await applyFolder(db.url, folder.path, folder);
  } catch (error) {
    f.error(`applying the migrations a second time failed (it must be a no-op): ${(error as Error).message}`);
  }
  const [appliedAgain, catalogAgain] = await withClient(db.url, async (c) => [await readAppliedMigrations(c), await readCatalog(c)] as const);
  if (appliedAgain.length !== applied.length) {
    const added = appliedAgain.slice(applied.length).map((r) => tagOf(folder, r) ?? r.hash.slice(0, 12));
    f.error(`the second apply is not a no-op: it added ${appliedAgain.length - applied.length} row(s) to drizzle.__drizzle_migrations (${added.join(', ')})`);
  }
  for (const d of diffCatalogs(catalog, catalogAgain, { a: 'once-migrated', b: 'twice-migrated' })) f.error(`the second apply changed the catalog: ${d}`);

  // Bookkeeping rows vs journal, one for one, in order.
  folder.migrations.forEach((m, i) => {
    const row = applied[i];
    if (!row) {
      f.error(`${m.entry.tag}: no row in drizzle.__drizzle_migrations after a fresh apply`);
      return;
    }
    if (m.hash !== undefined && row.hash !== m.hash) {
      f.error(`${m.entry.tag}: drizzle.__drizzle_migrations row ${row.id} has hash ${row.hash.slice(0, 12)}…, the file's sha256 is ${m.hash.slice(0, 12)}…`);
    }
    if (row.createdAt !== m.entry.when) f.error(`${m.entry.tag}: created_at ${row.createdAt} in drizzle.__drizzle_migrations, "when" ${m.entry.when} in the journal`);
  });
  if (applied.length > folder.migrations.length) f.error(`drizzle.__drizzle_migrations has ${applied.length} rows for ${folder.migrations.length} journal entries`);

  f.info(
    `applied ${folder.migrations.length} migrations to an empty database in ${Math.round(applyMs)} ms; ` +
      `second apply: ${appliedAgain.length === applied.length ? 'no-op' : 'NOT a no-op'}; ` +
      `${applied.length} drizzle.__drizzle_migrations rows checked against the journal (sha256, created_at)`,
  );
  return { catalog, applied };
}

/** The tag of the journal entry whose file hash is `row.hash`. */
export function tagOf(folder: MigrationFolder, row: AppliedMigration): string | undefined {
  return folder.migrations.find((m) => m.hash === row.hash)?.entry.tag;
}
