/**
 * The migration safety gate (DESIGN.md section 2.5): fresh apply, upgrade from every earlier
 * version, catalog equal to the Drizzle schema plus the custom objects, no drift, journal and
 * hashes consistent, and lint of the SQL. One call runs every step and returns a report.
 *
 * @public
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCatalogAgainstSchema } from './catalog-step.ts';
import { CUSTOM_OBJECTS, NO_CUSTOM_OBJECTS, type CustomObjects } from './custom-objects.ts';
import { loadDeclaredSchema } from './declared-schema.ts';
import { checkDrift } from './drift-step.ts';
import { checkFreshApply, type FreshDatabase } from './fresh-apply-step.ts';
import { checkJournal } from './journal-step.ts';
import { lintMigrations } from './lint.ts';
import { readMigrationFolder, type MigrationFolder } from './migration-folder.ts';
import { checkIntegrityRules } from './integrity-rules.ts';
import { messageOf, runStep, type MigrationCheckReport, type MigrationCheckStep } from './report.ts';
import { createScratchDatabase, withClient } from './scratch-database.ts';
import { checkUpgradePaths, type MigrationSeed } from './upgrade-path-step.ts';

/** The repository's migrations folder (`schema/migrations`). */
export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../schema/migrations', import.meta.url));
/** The repository's schema module (`schema/index.ts`). */
export const DEFAULT_SCHEMA_FILE = fileURLToPath(new URL('../../schema/index.ts', import.meta.url));

/** Options of {@link checkMigrations}. */
export interface CheckMigrationsOptions {
  /**
   * Connection string of a maintenance database (e.g. `postgres`) on the server to test on, as a
   * role allowed to `CREATE DATABASE`. The gate creates its scratch databases there (named
   * `cutover_mig_*`, from `template0`) and drops each of them before returning.
   */
  readonly adminUrl: string;
  /** drizzle-kit migrations folder (with `meta/_journal.json`). Default: the repository's `schema/migrations`. */
  readonly migrationsFolder?: string;
  /** Module exporting the Drizzle schema (tables, enums). Default: the repository's `schema/index.ts`. */
  readonly schemaFile?: string;
  /**
   * Extra rows of the caller's own: called once per upgrade path, on the database migrated up
   * to journal entry `k` (0-based), after the generated rows and before the remaining
   * migrations run in one go. A throw fails that path.
   */
  readonly seed?: MigrationSeed;
  /**
   * PRNG seed of the rows generated from each version's snapshot (a whole number >= 0); the
   * same seed gives the same rows. Default 1. Printed in the upgrade-path step's replay line.
   */
  readonly rowSeed?: number;
  /** Ordinary generated rows per table and version; default 3. 0 turns the generated rows off. */
  readonly rowsPerTable?: number;
  /** The upgrade-path step reports every hazard aimed at and every rejected row, not one line per version. */
  readonly verbose?: boolean;
  /** Progress lines (one per finished step, one per seeded version). Default: silent. */
  readonly log?: (line: string) => void;
  /**
   * Triggers and functions the custom migrations must create, beyond the schema code. Default:
   * this repository's `CUSTOM_OBJECTS` when the gate runs on this repository's own migrations
   * folder, and nothing for any other folder (another project declares its own, see
   * `loadCustomObjects`), so that an undeclared trigger there is reported as extra.
   */
  readonly customObjects?: CustomObjects;
  /** How the replay line spells the command that reruns the gate; default built from the options. */
  readonly replayCommand?: string;
  /** Upgrade paths run at most this many at a time (each on its own database). Default 2. */
  readonly upgradeConcurrency?: number;
}

/**
 * Runs the migration gate. Steps (each reported, none stops the others):
 *
 * 1. `journal` — entries in idx order, `when` strictly increasing, one `.sql` and one snapshot
 *    per entry and none without one, snapshot chain intact.
 * 2. `fresh-apply` — all migrations apply to an empty database (drizzle-orm's migrator); a second
 *    apply is a no-op; `drizzle.__drizzle_migrations` hashes and `created_at` equal the journal's.
 * 3. `upgrade-path` — for every k in 0..n-2, migrations 0..k, then rows generated from snapshot
 *    k and aimed at the later migrations (then `seed`), then head in one run: succeeds, gives the
 *    fresh catalog and bookkeeping, and keeps every row; a failure comes with the shrunk rows.
 * 4. `catalog` — the fresh database against the schema code (`getTableConfig`, `isPgEnum`) and
 *    `customObjects`: every table, column, constraint, index, enum, trigger; nothing extra.
 * 5. `drift` — `drizzle-kit generate` on a copy of the folder writes nothing; `drizzle-kit check`
 *    is clean.
 * 6. `lint` — the SQL of each migration (see `lint.ts`), findings at `file:line`.
 *
 * @returns the report; `migrationReportPassed(report)` says whether the gate passed.
 * @throws MigrationCheckSetupError when the server at `adminUrl` cannot be reached or refuses
 *   `CREATE DATABASE`. Problems with the migrations or the schema never throw: they are findings.
 */
export async function checkMigrations(opts: CheckMigrationsOptions): Promise<MigrationCheckReport> {
  const t0 = performance.now();
  const migrationsFolder = resolve(opts.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
  const schemaFile = resolve(opts.schemaFile ?? DEFAULT_SCHEMA_FILE);
  const log = opts.log ?? (() => {});
  const ownFolder = migrationsFolder === resolve(DEFAULT_MIGRATIONS_FOLDER);
  const custom = opts.customObjects ?? (ownFolder ? CUSTOM_OBJECTS : NO_CUSTOM_OBJECTS);
  const rowSeed = opts.rowSeed ?? 1;
  const replay =
    opts.replayCommand ??
    `npx cutover migrate --check${ownFolder ? '' : ` --migrations ${migrationsFolder}`}${schemaFile === resolve(DEFAULT_SCHEMA_FILE) ? '' : ` --schema ${schemaFile}`}`;

  // Created before any step so that a server we cannot use throws instead of failing every step.
  const freshDb = await createScratchDatabase(opts.adminUrl, 'fresh');
  try {
    let folder: MigrationFolder | undefined;
    const journal = await runStep('journal', (f) => {
      folder = readMigrationFolder(migrationsFolder);
      checkJournal(folder, f);
    }, log);
    const notRun = (why: string) => (f: { error(m: string): void }) => f.error(`not run: ${why}`);
    if (!folder) {
      const why = 'meta/_journal.json could not be read';
      const rest = await Promise.all(
        (['fresh-apply', 'upgrade-path', 'catalog', 'drift', 'lint'] as const).map((name) => runStep(name, notRun(why), log)),
      );
      return report([journal, ...rest]);
    }
    const migrations: MigrationFolder = folder;

    // drizzle-kit runs in child processes: let it work while the database steps run.
    const drift = runStep('drift', (f) => checkDrift(migrationsFolder, schemaFile, f), log);

    let fresh: FreshDatabase | undefined;
    const freshApply = await runStep('fresh-apply', async (f) => {
      fresh = await checkFreshApply(freshDb, migrations, f);
    }, log);
    const upgrade = await runStep('upgrade-path', (f) =>
        checkUpgradePaths(
          opts.adminUrl,
          migrations,
          fresh,
          {
            seed: rowSeed,
            replay,
            ...(opts.rowsPerTable !== undefined && { rowsPerTable: opts.rowsPerTable }),
            ...(opts.seed && { extra: opts.seed }),
            ...(opts.verbose && { verbose: true }),
            ...(opts.log && { log: opts.log }),
          },
          opts.upgradeConcurrency ?? 2,
          f,
        ), log);
    const catalog = await runStep('catalog', async (f) => {
      if (!fresh) return notRun('the fresh apply failed, so there is no migrated database to compare')(f);
      let declared;
      try {
        declared = await loadDeclaredSchema(schemaFile);
      } catch (error) {
        return f.error(messageOf(error));
      }
      const actual = fresh.catalog;
      await withClient(freshDb.url, async (client) => {
        await checkCatalogAgainstSchema(client, actual, declared, custom, f);
        await checkIntegrityRules(client, f);
      });
    }, log);
    const lint = await runStep('lint', (f) => {
      const result = lintMigrations(migrations);
      for (const x of result.findings) {
        const line = `${x.file}:${x.line}: ${x.message} [${x.rule}]`;
        if (x.severity === 'error') f.error(line);
        else f.warn(line);
      }
      f.info(
        `${result.statements} statements in ${migrations.migrations.length} migrations; custom (snapshot unchanged): ${result.custom.join(', ') || 'none'}` +
          (result.unknownKind.length ? `; kind unknown (no snapshot): ${result.unknownKind.join(', ')}` : ''),
      );
    }, log);
    return report([journal, freshApply, upgrade, catalog, await drift, lint]);
  } finally {
    await freshDb.drop().catch((error: unknown) => log(`[migrations] could not drop scratch database ${freshDb.name}: ${messageOf(error)}`));
  }

  function report(steps: MigrationCheckStep[]): MigrationCheckReport {
    return { steps, durationMs: performance.now() - t0, migrationsFolder, schemaFile };
  }
}
