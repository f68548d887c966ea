/**
 * The `cutover` command line (DESIGN.md section 7). Bad input gets one clear line naming the
 * option and the rule, never a stack trace (set `CUTOVER_DEBUG=1` for one).
 *
 * Exit codes: 0 every check that ran passed; 1 a check failed; 2 bad usage or no server.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { MongoClient } from 'mongodb';
import { resolveModes } from './factory.ts';
import { IMPLEMENTATIONS } from '../properties/targets.ts';
import { domains } from '../contracts/index.ts';
import { runChecks, UsageError } from './runner.ts';
import { formatConsoleReport } from './report/console.ts';
import { formatJUnitReport } from './report/junit.ts';
import { formatMarkdownReport } from './report/markdown.ts';
import { summarize, type CheckReport, type CheckResult } from './results.ts';
import { DEFAULT_THRESHOLDS, readinessHtml, readinessMarkdown, type LiveShadowEvidence, type ParityEvidence } from './report/readiness.ts';
import { readLiveShadow } from './report/live-shadow.ts';
import type { VerifyReport } from './cutover/verify.ts';
import { STORED_ENTITIES } from '../repos/legacy/index.ts';
import { startPostgres } from './providers/postgres.ts';
import { startMongo } from './providers/mongo.ts';
import { detectMongoCapabilities } from './providers/capabilities.ts';
import { buildFerretDB } from './providers/ferretdb-build.ts';
import { NoServerError, explainConnectFailure } from './providers/errors.ts';
import { applyMigrations } from './migrate.ts';
import { checkMigrations, formatMigrationReport, loadCustomObjects, migrationReportPassed } from './migrations/index.ts';
import { registerBackfillCommand } from './cutover/backfill-command.ts';
import { registerVerifyCommand } from './cutover/verify-command.ts';
import { registerReconcileCommand } from './cutover/reconcile-command.ts';
import { registerNewDomainCommand } from './scaffold/command.ts';
import { redactText, redactUrl } from './redact.ts';
import { formatMs } from './report/grid.ts';
import { assertEnvUrlsAllowed, assertUrlAllowed } from './connect-policy.ts';
import { assertReportWritable, writeFileAtomic } from './report-file.ts';
import { installProcessShutdown, isShuttingDown, waitForShutdown } from './providers/cleanup.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number >= 1`);
    return n;
  };
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new InvalidArgumentError('--seed must be a 32-bit integer (from a replay line)');
  return n;
}

function pathValue(value: string): string {
  if (!/^\d+(:\d+)*(@[A-Za-z0-9+/]+:[A-Za-z0-9+/]*)?$/.test(value)) throw new InvalidArgumentError('--path must look like 12:0:3 or 12:0:3@AAB:E (copy it from a replay line)');
  return value;
}

const writeReport = writeFileAtomic;

const allowHostOption = () => new Option('--allow-host <host>', 'also allow this database host in PG_URL / MONGO_URL (repeatable; default: loopback only, see CUTOVER_ALLOW_HOSTS)').argParser(collect);

function progressLine(r: CheckResult): string {
  const mark = r.status === 'passed' ? pc.green('✓') : r.status === 'failed' ? pc.red('✗') : pc.yellow('-');
  const runs = r.runs !== undefined ? ` ${r.runs} runs` : '';
  return `${mark} ${r.domain} / ${r.check} / ${r.implementation}${pc.dim(`${runs} ${formatMs(r.durationMs)}`)}`;
}

/** Reads a `cutover check --json` file; a clear `UsageError` when it is missing or not one. */
async function readCheckReport(file: string): Promise<CheckReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--from ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not JSON'} (write one with cutover check --json ${file})`);
  }
  const r = parsed as Partial<CheckReport>;
  if (!Array.isArray(r.results) || typeof r.startedAt !== 'string' || !r.environment || !r.options) {
    throw new UsageError(`--from ${file}: not a cutover check report (missing results, startedAt, environment or options)`);
  }
  return r as CheckReport;
}

/** Per-domain parity evidence from a `cutover verify --json` file (`UsageError` when it is not one). */
async function readParity(file: string): Promise<ParityEvidence[]> {
  let v: Partial<VerifyReport>;
  try {
    v = JSON.parse(await readFile(file, 'utf8')) as Partial<VerifyReport>;
  } catch (e) {
    throw new UsageError(`--verify ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not JSON'} (write one with cutover verify --json ${file})`);
  }
  if (!Array.isArray(v.entities) || !v.gaps || typeof v.durationMs !== 'number') throw new UsageError(`--verify ${file}: not a cutover verify report`);
  const checkedAt = (await stat(file)).mtime.toISOString();
  const byDomain = new Map<string, ParityEvidence>();
  for (const e of v.entities) {
    const domain = STORED_ENTITIES.find((s) => s.name === e.entity)?.domain ?? e.entity;
    const prev = byDomain.get(domain);
    byDomain.set(domain, {
      domain,
      mongoDocuments: (prev?.mongoDocuments ?? 0) + e.mongo.documents,
      postgresRows: (prev?.postgresRows ?? 0) + e.postgres.rows + e.postgres.withoutLegacyId,
      zeroDiff: (prev?.zeroDiff ?? true) && e.differences === 0,
      differences: (prev?.differences ?? 0) + e.differences,
      openGaps: v.gaps.byDomain[domain] ?? 0,
      durationMs: (prev?.durationMs ?? 0) + e.durationMs,
      checkedAt,
    });
  }
  return [...byDomain.values()];
}

/** Builds the program (exported for tests). */
export function program(): Command {
  const cli = new Command('cutover')
    .description('Schema-and-contract checks for a MongoDB to PostgreSQL (Drizzle) cutover through dual write.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (s, write) => write(pc.red(s)) })
    .exitOverride();

  cli
    .command('check')
    .description('run contract examples, model-based differential runs and database invariants on real servers (the CI gate)')
    .addOption(new Option('--domain <name>', `only this domain (repeatable): schema (the migration gate), ${domains.map((d) => d.name).join(', ')}`).argParser(collect))
    .addOption(
      new Option('--check <name>', `only this check (repeatable): migrations, examples, model-based, shadow-reads, convergence, legacy-shapes, verify-planted, ${[...new Set(domains.flatMap((d) => d.checks.map((c) => c.name)))].join(', ')}`).argParser(collect),
    )
    .addOption(new Option('--impl <name>', `only this implementation column (repeatable): model, ${IMPLEMENTATIONS.join(', ')}, postgres, all`).argParser(collect))
    .option('--runs <n>', 'property runs per property', positiveInt('--runs'), 100)
    .option('--heavy-runs <n>', 'runs of shadow-reads and convergence (default: a quarter of --runs, rounded up)', positiveInt('--heavy-runs'))
    .option('--jobs <n>', 'domains checked at the same time, each on its own scratch databases', positiveInt('--jobs'), 2)
    .option('--seed <n>', 'seed for every property (reproduces a run)', seedValue)
    .option('--path <path>', 'replay path of a counterexample (needs --seed)', pathValue)
    .option('--json <file>', 'write the full report as JSON')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--markdown <file>', 'write a Markdown report')
    .option('--verbose', 'also print the Postgres server log')
    .addOption(allowHostOption())
    .action(async (o: { domain?: string[]; check?: string[]; impl?: string[]; runs: number; heavyRuns?: number; jobs: number; seed?: number; path?: string; json?: string; junit?: string; markdown?: string; verbose?: boolean; allowHost?: string[] }) => {
      // Everything that can be refused is refused before any server starts or socket opens.
      assertEnvUrlsAllowed(process.env, o.allowHost);
      resolveModes(domains);
      for (const [option, file] of [['--json', o.json], ['--junit', o.junit], ['--markdown', o.markdown]] as const) if (file) assertReportWritable(option, file);
      // On a signal the process-wide shutdown drops scratch databases, stops servers and exits
      // (130/143); until then, checks failing because their server went away are noise.
      const interrupted = isShuttingDown;
      const log = o.verbose ? (l: string) => console.error(pc.dim(redactText(l))) : (l: string) => (l.startsWith('postgres:') ? undefined : console.error(pc.dim(redactText(l))));
      const report = await runChecks({
        replayCommand: 'npx cutover check',
        ...(o.domain && { domains: o.domain }),
        ...(o.check && { checks: o.check }),
        ...(o.impl && { implementations: o.impl }),
        runs: o.runs,
        ...(o.heavyRuns !== undefined && { heavyRuns: o.heavyRuns }),
        jobs: o.jobs,
        ...(o.seed !== undefined && { seed: o.seed }),
        ...(o.path !== undefined && { path: o.path }),
        ...(o.allowHost && { allowHosts: o.allowHost }),
        onResult: (r) => interrupted() || console.error(progressLine(r)),
        log: (l) => interrupted() || log(l),
      });
      if (interrupted()) return waitForShutdown();
      console.log(formatConsoleReport(report));
      if (o.json) await writeReport(o.json, JSON.stringify(report, null, 2) + '\n');
      if (o.junit) await writeReport(o.junit, formatJUnitReport(report));
      if (o.markdown) await writeReport(o.markdown, formatMarkdownReport(report));
      const s = summarize(report.results);
      if (report.results.length === 0) {
        console.error(pc.red('No check matched the filters: nothing ran.'));
        process.exitCode = 2;
      } else process.exitCode = s.failed > 0 ? 1 : 0;
    });

  cli
    .command('env')
    .description('print the resolved providers, server versions, Mongo capabilities and every domain\'s store mode (REPO_<DOMAIN> / <DOMAIN>_STORE)')
    .addOption(allowHostOption())
    .action(async (o: { allowHost?: string[] }) => {
      // Flags and URLs first: a bad value fails before any server starts or socket opens.
      const modes = resolveModes(domains);
      const allow = o.allowHost ?? [];
      assertEnvUrlsAllowed(process.env, allow);
      const pgServer = await startPostgres({ log: () => {}, allowHosts: allow });
      try {
        const mongoServer = await startMongo({ log: (l) => console.error(pc.dim(redactText(l))), allowHosts: allow });
        try {
          const client = new MongoClient(mongoServer.url);
          await client.connect();
          const caps = await detectMongoCapabilities(client).finally(() => client.close());
          console.log(`postgres: ${pgServer.description} [provider ${pgServer.kind}${pgServer.owned ? ', started by the harness' : ''}]`);
          console.log(`mongo:    ${mongoServer.description} [provider ${mongoServer.kind}${mongoServer.owned ? ', started by the harness' : ''}]`);
          console.log('mongo capabilities:');
          for (const [k, v] of Object.entries(caps)) console.log(`  ${k}: ${String(v)}`);
          console.log('store modes (mongo: Mongo only; dual: Mongo primary, Postgres mirror; pg: Postgres primary, Mongo mirror):');
          const width = Math.max(...modes.map((m) => m.domain.length));
          for (const m of modes) {
            const source = m.flag ? `from ${m.flag}=${process.env[m.flag]!.trim()}` : `default (flags: ${m.flags.join(', ')})`;
            console.log(`  ${m.domain.padEnd(width)}  ${m.mode.padEnd(5)}  ${source}`);
          }
          console.log(`node ${process.version}, TZ ${Intl.DateTimeFormat().resolvedOptions().timeZone}`);
        } finally {
          await mongoServer.stop();
        }
      } finally {
        await pgServer.stop();
      }
    });

  cli
    .command('migrate')
    .description('apply pending migrations to the database at PG_URL, or with --check run the migration safety gate on scratch databases')
    .option('--check', 'run the gate (fresh apply, upgrade from every earlier version, catalog vs schema, drift, lint) instead of migrating')
    .option('--migrations <dir>', 'drizzle-kit migrations folder (default: this repository\'s schema/migrations)')
    .option('--schema <file>', 'module exporting the Drizzle schema (default: this repository\'s schema/index.ts); with --check')
    .option('--custom-objects <file>', 'JSON file or module declaring the triggers and functions the custom SQL migrations create (default: this repository\'s, for its own folder only); with --check')
    .option('--seed <n>', 'seed of the rows generated for the upgrade paths (default 1; from the replay line); with --check', seedValue)
    .option('--verbose', 'with --check: every hazard the generated rows aim at and every row Postgres rejected, not one line per version')
    .addOption(allowHostOption())
    .action(async (o: { check?: boolean; migrations?: string; schema?: string; customObjects?: string; seed?: number; verbose?: boolean; allowHost?: string[] }) => {
      const folder = o.migrations ? path.resolve(o.migrations) : undefined;
      for (const [flag, set] of [['--schema', o.schema], ['--custom-objects', o.customObjects], ['--seed', o.seed], ['--verbose', o.verbose]] as const) {
        if (set !== undefined && !o.check) throw new UsageError(`migrate: ${flag} goes with --check`);
      }
      const allow = o.allowHost ?? [];
      const pgUrl = process.env.PG_URL?.trim();
      if (pgUrl) assertUrlAllowed('PG_URL', pgUrl, 'postgres', process.env, allow);
      if (o.check) {
        // Before any server starts: a bad declaration is a usage error naming the field.
        const customObjects = o.customObjects ? await loadCustomObjects(o.customObjects).catch((e: unknown) => {
          throw new UsageError(e instanceof Error ? e.message : String(e));
        }) : undefined;
        // The gate makes its own scratch databases: on PG_URL's server, else on an embedded one.
        const server = await startPostgres({ log: () => {}, allowHosts: allow });
        try {
          console.error(pc.dim(`migration gate on ${server.description}`));
          const report = await checkMigrations({
            adminUrl: server.url,
            ...(folder && { migrationsFolder: folder }),
            ...(o.schema && { schemaFile: path.resolve(o.schema) }),
            ...(customObjects && { customObjects }),
            ...(o.seed !== undefined && { rowSeed: o.seed }),
            ...(o.verbose && { verbose: true }),
          });
          console.log(formatMigrationReport(report));
          process.exitCode = migrationReportPassed(report) ? 0 : 1;
        } finally {
          await server.stop();
        }
        return;
      }
      const url = pgUrl;
      if (!url) throw new UsageError('migrate: PG_URL must name the database to migrate (for example postgres://user@host:5432/app)');
      const t0 = performance.now();
      await applyMigrations(url, folder).catch((e: unknown) => {
        throw new Error(`migrate PG_URL (${redactUrl(url)}): ${explainConnectFailure(e)}`);
      });
      console.log(`migrated ${redactUrl(url)} in ${formatMs(performance.now() - t0)}`);
    });

  cli
    .command('report')
    .description('turn a cutover check JSON report into a per-domain readiness report (Markdown and self-contained HTML)')
    .requiredOption('--from <file>', 'the JSON written by cutover check --json')
    .option('--verify <file>', 'the JSON written by cutover verify --json (backfill parity and open gaps)')
    .option('--markdown <file>', 'write the Markdown report here (default: print it)')
    .option('--html <file>', 'write the HTML report here')
    .option('--live', 'read the live shadow-read counts (pg_shadow_read_counts, pg_shadow_read_mismatches) from the database at PG_URL')
    .option('--min-live-reads <n>', `ready needs at least this many live shadow-read comparisons (default ${DEFAULT_THRESHOLDS.minLiveComparisons})`, positiveInt('--min-live-reads'))
    .option('--max-mismatch-rate <fraction>', `ready needs the 95% upper bound of the live mismatch rate below this (default ${DEFAULT_THRESHOLDS.maxMismatchUpperBound})`, (v) => {
      const n = Number(v);
      if (!/^(0?\.\d+|1(\.0*)?)$/.test(v) || n <= 0 || n > 1) throw new InvalidArgumentError('--max-mismatch-rate must be a fraction in (0, 1], for example 0.005');
      return n;
    })
    .addOption(allowHostOption())
    .action(async (o: { from: string; verify?: string; markdown?: string; html?: string; live?: boolean; minLiveReads?: number; maxMismatchRate?: number; allowHost?: string[] }) => {
      if (o.markdown) assertReportWritable('--markdown', o.markdown);
      if (o.html) assertReportWritable('--html', o.html);
      const report = await readCheckReport(o.from);
      const parity = o.verify ? await readParity(o.verify) : [];
      let live: LiveShadowEvidence[] | undefined;
      if (o.live) {
        const url = process.env.PG_URL?.trim();
        if (!url) throw new UsageError('report --live: PG_URL must name the live Postgres database');
        assertUrlAllowed('PG_URL', url, 'postgres', process.env, o.allowHost ?? []);
        live = await readLiveShadow(url);
      }
      const inputs = { parity, ...(live && { live }), thresholds: { minLiveComparisons: o.minLiveReads ?? DEFAULT_THRESHOLDS.minLiveComparisons, maxMismatchUpperBound: o.maxMismatchRate ?? DEFAULT_THRESHOLDS.maxMismatchUpperBound } };
      const md = readinessMarkdown(report, inputs);
      if (o.markdown) await writeReport(o.markdown, md);
      else console.log(md);
      if (o.html) await writeReport(o.html, readinessHtml(report, inputs));
    });

  registerBackfillCommand(cli);
  registerVerifyCommand(cli);
  registerReconcileCommand(cli);
  registerNewDomainCommand(cli);

  cli
    .command('build-ferretdb')
    .description('build (or reuse) the FerretDB 1.24 binary from tools/ferretdb with the local Go toolchain')
    .action(async () => {
      const bin = await buildFerretDB({ log: (l) => console.error(l) });
      console.log(bin);
    });

  return cli;
}

/** Runs the CLI on `argv`; maps known errors to one line and an exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // Every command: a signal drops the scratch databases, stops the servers the harness started,
  // removes its temporary folders and exits 130 (SIGINT) / 143 (SIGTERM).
  installProcessShutdown();
  quietSslModeWarning();
  try {
    await program().parseAsync(argv);
  } catch (e) {
    // A failure caused by the shutdown tearing connections down is not news.
    if (isShuttingDown()) return waitForShutdown();
    if (process.env.CUTOVER_DEBUG) console.error(e);
    if (e instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (e instanceof UsageError) {
      console.error(pc.red(`error: ${e.message}`));
      process.exitCode = 2;
    } else if (e instanceof NoServerError) {
      console.error(pc.red(e.message));
      process.exitCode = 2;
    } else {
      console.error(pc.red(`error: ${redactText(e instanceof Error ? e.message : String(e))}`));
      process.exitCode = 2;
    }
  }
}

/**
 * node-postgres prints a 10-line warning about `sslmode=require` semantics on the first URL with
 * an sslmode, before any real error; the CLI drops that one warning and prints others in one line.
 */
function quietSslModeWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (/SSL modes 'prefer', 'require', and 'verify-ca'/.test(w.message)) return;
    console.error(pc.yellow(`warning: ${redactText(w.message.split('\n')[0] ?? '')}`));
  });
}
