/**
 * `runChecks`: the library form of `cutover check`. Starts (or connects to) the servers, migrates
 * a template once, then runs for each selected domain: its example spec on the model and every
 * implementation, its model-based differential run on every implementation, and its
 * domain-specific checks. Results stream to `onResult` and come back as one report.
 *
 * @public
 */
import { MongoClient } from 'mongodb';
import { domains as defaultRegistry } from '../contracts/index.ts';
import { closure, type DomainDefinition } from '../contracts/domain.ts';
import { runExamples } from '../properties/examples.ts';
import { runModelBased } from '../properties/differential.ts';
import type { PropertyOutcome } from '../properties/check-property.ts';
import { IMPLEMENTATIONS, type ImplementationKind } from '../properties/targets.ts';
import { runShadowReads } from '../properties/shadow-reads.ts';
import { runConvergence } from '../properties/convergence.ts';
import { cutoverChecks, type CutoverTools } from '../properties/cutover-checks.ts';
import { UsageError } from './usage-error.ts';
import { ShadowStats } from '../repos/shadow.ts';
import { checkMigrations, formatMigrationReport, migrationReportPassed } from './migrations/index.ts';
import { MongoScratch, PgTemplate } from './isolation.ts';
import { detectMongoCapabilities } from './providers/capabilities.ts';
import { startMongo } from './providers/mongo.ts';
import { startPostgres } from './providers/postgres.ts';
import type { MongoServer, PostgresServer } from './providers/types.ts';
import { redactText } from './redact.ts';
import { assertEnvUrlsAllowed } from './connect-policy.ts';
import type { CheckReport, CheckResult } from './results.ts';

/** Options of {@link runChecks}; every field is optional. */
export interface RunOptions {
  /** Only these domains (by name); default all. */
  readonly domains?: readonly string[];
  /** Only these checks (`examples`, `model-based`, or a domain check's name). */
  readonly checks?: readonly string[];
  /** Only these implementation columns (`model`, `mongo`, `drizzle`, `dual`, `postgres`, `all`). */
  readonly implementations?: readonly string[];
  /** Property runs per property; default 100. */
  readonly runs?: number;
  /**
   * Runs of the two heavy checks, `shadow-reads` and `convergence` (each run of the latter
   * reconciles, re-syncs and verifies the whole store); default a quarter of `runs`, rounded up.
   * The model-based runs of the two dual-write kinds already shadow-read every read.
   */
  readonly heavyRuns?: number;
  /** Domains checked at the same time (each on its own scratch databases); default 2. */
  readonly jobs?: number;
  /** Seed for every property (reproduces a run). */
  readonly seed?: number;
  /** Replay path (with `seed`, and one check selected): runs exactly that counterexample. */
  readonly path?: string;
  /** Domains to check; default the registry in `contracts/index.ts`. */
  readonly registry?: readonly DomainDefinition[];
  /** Servers to use instead of starting them from the environment. */
  readonly servers?: { readonly postgres: PostgresServer; readonly mongo: MongoServer };
  /** Called as each result is known. */
  readonly onResult?: (r: CheckResult) => void;
  /** Progress and provider messages. */
  readonly log?: (line: string) => void;
  /** How `--seed/--path` are spelled in the replay line (default `npx cutover check`). */
  readonly replayCommand?: string;
  /** Hosts allowed in `PG_URL`/`MONGO_URL` besides the default allow-list (`harness/connect-policy.ts`). */
  readonly allowHosts?: readonly string[];
  /**
   * The backfill and verify the cutover checks (`legacy-shapes`, `verify-planted`) test; default
   * the real ones (an alternative implementation under evaluation, or a seeded fault).
   */
  readonly cutoverTools?: Partial<CutoverTools>;
}

/** Thrown for options that name nothing (an unknown domain, check or implementation). */
export { UsageError };

const selected = (filter: readonly string[] | undefined, value: string) => !filter || filter.length === 0 || filter.includes(value);

/** The pseudo-domain of the migration gate's row in the report (`--domain schema`). */
export const SCHEMA_DOMAIN = 'schema';

function validate(opts: RunOptions, registry: readonly DomainDefinition[]): void {
  const names = [SCHEMA_DOMAIN, ...registry.map((d) => d.name)];
  for (const d of opts.domains ?? []) if (!names.includes(d)) throw new UsageError(`--domain ${d}: unknown domain (known: ${names.join(', ')})`);
  const checks = new Set(['migrations', 'examples', 'model-based', 'shadow-reads', 'convergence', ...cutoverChecks.map((c) => c.name), ...registry.flatMap((d) => d.checks.map((c) => c.name))]);
  for (const c of opts.checks ?? []) if (!checks.has(c)) throw new UsageError(`--check ${c}: unknown check (known: ${[...checks].join(', ')})`);
  const impls = ['model', ...IMPLEMENTATIONS, 'postgres', 'all'];
  for (const i of opts.implementations ?? []) if (!impls.includes(i)) throw new UsageError(`--impl ${i}: unknown implementation (known: ${impls.join(', ')})`);
  if (opts.path !== undefined && opts.seed === undefined) throw new UsageError('--path needs --seed (both come from the replay line)');
  if (opts.path !== undefined && [opts.domains, opts.checks, opts.implementations].some((f) => f?.length !== 1)) {
    throw new UsageError('--path replays one property: select it with exactly one --domain, --check and --impl (as the replay line does)');
  }
  if (opts.runs !== undefined && (!Number.isInteger(opts.runs) || opts.runs < 1)) throw new UsageError(`--runs ${opts.runs}: must be a whole number >= 1`);
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) throw new UsageError(`--jobs ${opts.jobs}: must be a whole number >= 1`);
  if (opts.heavyRuns !== undefined && (!Number.isInteger(opts.heavyRuns) || opts.heavyRuns < 1)) throw new UsageError(`--heavy-runs ${opts.heavyRuns}: must be a whole number >= 1`);
}

/**
 * A domain's expected share of a check, for scheduling only: the longest sequences it draws times
 * the domains its commands touch (invariants of each are re-checked after every write). The
 * journey (100 commands over 8 domains) scores 800, a leaf domain 40.
 */
export function cost(domain: DomainDefinition, registry: readonly DomainDefinition[]): number {
  return (domain.maxCommands ?? 40) * closure(domain, registry).length;
}

/** Runs the checks and returns the report. Throws `UsageError` for bad options, `NoServerError` when no server can be had. */
export async function runChecks(opts: RunOptions = {}): Promise<CheckReport> {
  const registry = opts.registry ?? defaultRegistry;
  validate(opts, registry);
  const log = opts.log ?? (() => {});
  const runs = opts.runs ?? 100;
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const results: CheckResult[] = [];
  const emit = (r: CheckResult) => {
    results.push(r);
    opts.onResult?.(r);
  };

  const owned = !opts.servers;
  // Both URLs before either server: a refused MONGO_URL must not follow a started Postgres.
  if (owned) assertEnvUrlsAllowed(process.env, opts.allowHosts);
  const providerOptions = { log, ...(opts.allowHosts && { allowHosts: opts.allowHosts }) };
  const postgres = opts.servers?.postgres ?? (await startPostgres(providerOptions));
  let mongoServer: MongoServer | undefined;
  let template: PgTemplate | undefined;
  let client: MongoClient | undefined;
  try {
    mongoServer = opts.servers?.mongo ?? (await startMongo(providerOptions));
    client = new MongoClient(mongoServer.url);
    await client.connect();
    const capabilities = await detectMongoCapabilities(client);
    log(`migrating a template database on ${postgres.description}`);
    template = await PgTemplate.create(postgres.url);
    const property = { runs, ...(opts.seed !== undefined && { seed: opts.seed }), ...(opts.path !== undefined && { path: opts.path }) };
    const heavy = { ...property, runs: opts.heavyRuns ?? Math.ceil(runs / 4) };
    const replayBase = opts.replayCommand ?? 'npx cutover check';

    if (selected(opts.domains, SCHEMA_DOMAIN) && selected(opts.checks, 'migrations') && selected(opts.implementations, 'postgres') && opts.path === undefined) {
      log('migration gate: fresh apply, upgrade paths, catalog, drift, lint');
      const gate = await checkMigrations({ adminUrl: postgres.url, log: (l) => l.startsWith('[migrations] rows at ') && log(l) });
      const passed = migrationReportPassed(gate);
      emit({
        domain: SCHEMA_DOMAIN,
        check: 'migrations',
        implementation: 'postgres',
        status: passed ? 'passed' : 'failed',
        durationMs: gate.durationMs,
        runs: gate.steps.length,
        ...(!passed && { failure: { message: formatMigrationReport(gate), replay: 'npx cutover migrate --check' } }),
      });
    }

    // Domains are independent (each has its own scratch databases), so they run `jobs` at a time;
    // results are reported as they come and ordered by domain in the report.
    const byDomain = new Map<string, CheckResult[]>();
    const checkDomain = async (domain: DomainDefinition) => {
      const mine: CheckResult[] = [];
      byDomain.set(domain.name, mine);
      const emit = (r: CheckResult) => {
        mine.push(r);
        opts.onResult?.(r);
      };
      const pg = await template!.clone(`cutover_${domain.name}`);
      const mongo = await MongoScratch.create(client!, closure(domain, registry), `cutover_${domain.name}`);
      try {
        const replay = (check: string, impl: string, o: PropertyOutcome) =>
          `${replayBase} --domain ${domain.name} --check ${check} --impl ${impl} --seed ${o.seed}${o.path ? ` --path ${o.path}` : ''}`;
        const fromOutcome = (check: string, impl: string, o: PropertyOutcome, durationMs: number): CheckResult => ({
          domain: domain.name,
          check,
          implementation: impl,
          status: o.passed ? 'passed' : 'failed',
          durationMs,
          runs: o.runs,
          ...(!o.passed && {
            failure: {
              message: o.error ?? 'property failed',
              ...(o.counterexample !== undefined && { counterexample: o.counterexample }),
              seed: o.seed,
              ...(o.path !== undefined && { path: o.path }),
              replay: replay(check, impl, o),
            },
          }),
        });

        if (selected(opts.checks, 'examples') && opts.path === undefined) {
          for (const kind of ['model', ...IMPLEMENTATIONS] as ImplementationKind[]) {
            if (!selected(opts.implementations, kind)) continue;
            const t = performance.now();
            const ex = await runExamples({ domain, registry, kind, pg, mongo });
            const failed = ex.filter((e) => !e.passed);
            emit({
              domain: domain.name,
              check: 'examples',
              implementation: kind,
              status: failed.length ? 'failed' : 'passed',
              durationMs: performance.now() - t,
              runs: ex.length,
              examples: ex,
              ...(failed.length && { failure: { message: failed.map((e) => `${e.name}: ${e.error}`).join('\n') } }),
            });
          }
        }
        if (selected(opts.checks, 'model-based')) {
          for (const kind of IMPLEMENTATIONS) {
            if (!selected(opts.implementations, kind)) continue;
            const t = performance.now();
            log(`${domain.name}: model-based run on ${kind}`);
            const o = await runModelBased({ domain, registry, kind, pg, mongo, ...property });
            emit(fromOutcome('model-based', kind, o, performance.now() - t));
          }
        }
        if (selected(opts.checks, 'shadow-reads')) {
          for (const [impl, baseline] of [['dual', 'a/b'], ['mongo', 'a/a']] as const) {
            if (!selected(opts.implementations, impl)) continue;
            const t = performance.now();
            log(`${domain.name}: shadow reads ${baseline} (${impl})`);
            const stats = new ShadowStats();
            const o = await runShadowReads({ domain, registry, baseline, pg, mongo, stats, ...heavy });
            emit({ ...fromOutcome('shadow-reads', impl, o, performance.now() - t), metrics: stats.total() });
          }
        }
        if (selected(opts.checks, 'convergence') && selected(opts.implementations, 'dual')) {
          const t = performance.now();
          log(`${domain.name}: fault-injected convergence (dual)`);
          const o = await runConvergence({ domain, registry, pg, mongo, ...heavy });
          emit(fromOutcome('convergence', 'dual', o, performance.now() - t));
        }
        for (const check of cutoverChecks) {
          if (!selected(opts.checks, check.name) || !selected(opts.implementations, check.implementation) || !check.applies(domain, registry)) continue;
          const t = performance.now();
          log(`${domain.name}: ${check.name} on ${check.implementation}`);
          const o = await check.run({ domain, registry, pg, mongo, tools: opts.cutoverTools }, { ...property, runs: check.runs(runs) });
          emit(fromOutcome(check.name, check.implementation, o, performance.now() - t));
        }
        for (const check of domain.checks) {
          if (!selected(opts.checks, check.name) || !selected(opts.implementations, check.implementation)) continue;
          const t = performance.now();
          log(`${domain.name}: ${check.name} on ${check.implementation}`);
          const o = await check.run({ pg, mongo, capabilities, domain }, property);
          if ('notRun' in o) {
            emit({ domain: domain.name, check: check.name, implementation: check.implementation, status: 'not-run', durationMs: performance.now() - t, reason: o.notRun });
          } else emit(fromOutcome(check.name, check.implementation, o, performance.now() - t));
        }
      } finally {
        await pg.drop().catch(() => {});
        await mongo.drop().catch(() => {});
      }
    };
    // Longest first, so the longest domain does not run alone at the end (`cost`).
    const queue = registry.filter((d) => selected(opts.domains, d.name)).sort((a, b) => cost(b, registry) - cost(a, registry));
    const workers = Array.from({ length: Math.max(1, Math.min(opts.jobs ?? 2, queue.length)) }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await checkDomain(d);
    });
    await Promise.all(workers);
    for (const d of registry) results.push(...(byDomain.get(d.name) ?? []));
    return {
      startedAt,
      durationMs: performance.now() - t0,
      environment: {
        postgres: postgres.description,
        mongo: mongoServer.description,
        mongoCapabilities: { ...capabilities },
        pgReset: template.superuser ? 'delete-replica' : 'reclone',
        templateMigrateMs: template.migrateMs,
        node: process.version,
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
      options: { ...property, heavyRuns: heavy.runs },
      results,
    };
  } catch (e) {
    if (e instanceof Error) e.message = redactText(e.message);
    throw e;
  } finally {
    await template?.dispose().catch(() => {});
    await client?.close().catch(() => {});
    if (owned) {
      await mongoServer?.stop().catch(() => {});
      await postgres.stop().catch(() => {});
    }
  }
}
