/**
 * The migration safety gate: `checkMigrations` runs it, `formatMigrationReport` prints it,
 * `migrationReportPassed` decides it. See `docs/migrations.md`.
 *
 * @public
 */
export { checkMigrations, DEFAULT_MIGRATIONS_FOLDER, DEFAULT_SCHEMA_FILE, type CheckMigrationsOptions } from './check-migrations.ts';
export {
  formatMigrationReport,
  migrationReportPassed,
  type MigrationCheckReport,
  type MigrationCheckStep,
  type MigrationStepName,
  type MigrationStepStatus,
} from './report.ts';
export { loadCustomObjects, validateCustomObjects, CustomObjectsFileError } from './custom-objects-file.ts';
export { CUSTOM_OBJECTS, NO_CUSTOM_OBJECTS, type CustomObjects, type ExpectedTrigger, type IdMapTriggerRule, type TriggerEvent } from './custom-objects.ts';
export type { MigrationSeed } from './upgrade-path-step.ts';
export { seedVersion, insertSql, type SeedRow, type SeededVersion } from './seed-rows.ts';
export { MigrationCheckSetupError } from './scratch-database.ts';
export { lintMigrations, type LintFinding, type LintResult } from './lint.ts';
export { readMigrationFolder, drizzleMigrationHash, JournalUnreadableError, type MigrationFolder, type MigrationFile, type JournalEntry } from './migration-folder.ts';
