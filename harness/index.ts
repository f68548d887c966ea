/**
 * The library entry point (`import { runChecks } from 'cutover-harness'`): the same checks the
 * CLI runs, for a team that points them at its own repository classes.
 *
 * @public
 */
export { runChecks, UsageError, type RunOptions } from './runner.ts';
export type { CheckReport, CheckResult, CheckStatus, CheckFailure, RunEnvironment } from './results.ts';
export { summarize } from './results.ts';
export { formatConsoleReport } from './report/console.ts';
export { formatJUnitReport } from './report/junit.ts';
export { formatMarkdownReport } from './report/markdown.ts';
export { startPostgres } from './providers/postgres.ts';
export { startMongo } from './providers/mongo.ts';
export { detectMongoCapabilities } from './providers/capabilities.ts';
export { NoServerError } from './providers/errors.ts';
export { redactUrl, redactText } from './redact.ts';
export { defineDomain } from '../contracts/domain.ts';
export type * from '../contracts/domain.ts';
export * from '../contracts/errors.ts';
export { domains, findDomain } from '../contracts/index.ts';
export { dualWrite, type Gap, type GapRecorder, type DualWriteOptions } from '../repos/dualwrite.ts';
export { PgGapRecorder } from '../repos/gaps.ts';
export { checkMigrations, formatMigrationReport, migrationReportPassed, type CheckMigrationsOptions, type MigrationCheckReport } from './migrations/index.ts';
export { backfill, type BackfillOptions, type BackfillReport } from './cutover/backfill.ts';
export { verify, type VerifyOptions, type VerifyReport, type Difference } from './cutover/verify.ts';
export { reconcile, resync, type ReconcileReport, type ResyncReport } from './cutover/reconcile.ts';
export { STORED_ENTITIES } from '../repos/legacy/index.ts';
export { writeLegacyDataset } from '../fixtures/legacy.ts';
export { ShadowReads, ShadowStats, PgShadowRecorder, judge, WRITE_SKEW, type ShadowRecorder } from '../repos/shadow.ts';
export { buildRepositories, buildRepository, resolveMode, resolveModes, flagsOf, ModeFlagError, STORE_MODES, type StoreMode, type ResolvedMode, type FactoryStores } from './factory.ts';
export { LegacyIdCache, toLegacyIds } from '../repos/legacy-ids.ts';
