/**
 * `npm run bench`: how fast the harness is on this machine. A script, never a test.
 *
 * Prints and saves (JSON) per implementation: model-based commands/s and runs/s (median of
 * several repetitions), the per-run state reset cost (median and p95) for Postgres and Mongo,
 * the template migrate time, and the naive alternative (a fresh database + migrate per run) with
 * the ratio. `--compare old.json` prints the change against an earlier result.
 *
 * Then, unless `--no-verify`, it runs `bench/verify.ts` (backfill and verify throughput and peak
 * RSS on `--verify-docs` generated legacy documents, default 200,000) in a fresh process, so that
 * its peak RSS is its own, and merges that result under `verify`.
 *
 * Usage: npm run bench -- [--reps N] [--runs N] [--out FILE] [--compare FILE] [--no-verify] [--verify-docs N]
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import pg from 'pg';
import { domains } from '../contracts/index.ts';
import { applyMigrations } from '../harness/migrate.ts';
import { MongoScratch, scratchName } from '../harness/isolation.ts';
import { withDatabase } from '../harness/providers/postgres.ts';
import { runModelBased, type ModelBasedStats } from '../properties/differential.ts';
import { IMPLEMENTATIONS } from '../properties/targets.ts';
import { median, quantile, timeEach } from './stats.ts';
import { startBenchServers } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string', default: 'reports/bench.json' },
    compare: { type: 'string' },
    'no-verify': { type: 'boolean', default: false },
    'verify-docs': { type: 'string', default: '200000' },
  },
});
const reps = Number(args.reps);
const runs = Number(args.runs);

/** What bench/verify.ts saves (the fields compared here). */
interface VerifyBench {
  readonly documents: { readonly total: number };
  readonly backfill: { readonly docsPerSec: number; readonly peakRssMb: number };
  readonly verify: { readonly recordsPerSec: number; readonly peakRssMb: number };
  /** Both stores read with nothing done to the data (absent in results saved before it existed). */
  readonly readFloor?: { readonly recordsPerSec: number; readonly mongoDocsPerSec: number; readonly postgresRowsPerSec: number };
}

interface Result {
  verify?: VerifyBench;
  readonly machine: { cores: number; cpu: string; node: string; postgres: string; mongo: string };
  readonly modelBased: Record<string, { commandsPerSec: number; runsPerSec: number; commandsPerRun: number }>;
  readonly resetMs: Record<string, { median: number; p95: number }>;
  readonly templateMigrateMs: number;
  readonly naivePerRunMs: { median: number; p95: number };
  readonly cloneMs: { median: number; p95: number };
}

const servers = await startBenchServers();
const { pgServer, mongoServer, client, template } = servers;
try {
  const scratch = await template.clone('cutover_bench');
  const mongo = await MongoScratch.create(client, domains, 'cutover_bench');

  // Per-run reset, measured after a realistic run's worth of rows.
  const fill = async () => {
    await runModelBased({ domain: domains.find((d) => d.name === 'payment')!, registry: domains, kind: 'dual', pg: scratch, mongo, runs: 1, seed: 1 });
  };
  const pgReset: number[] = [];
  const mongoReset: number[] = [];
  const mongoResetPayment: number[] = [];
  const paymentCollections = ['users', 'payments', 'fundsLedgerEntries'];
  for (let i = 0; i < 50; i++) {
    await fill();
    pgReset.push(...(await timeEach(1, () => scratch.reset())));
    await fill();
    mongoReset.push(...(await timeEach(1, () => mongo.reset())));
    await fill();
    mongoResetPayment.push(...(await timeEach(1, () => mongo.reset(paymentCollections))));
  }

  const modelBased: Result['modelBased'] = {};
  for (const kind of IMPLEMENTATIONS) {
    const perRep: { cps: number; rps: number; cpr: number }[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const stats: ModelBasedStats = { commands: 0, runs: 0, resetMs: 0 };
      const t0 = performance.now();
      for (const domain of domains) {
        const o = await runModelBased({ domain, registry: domains, kind, pg: scratch, mongo, runs, seed: 1000 + rep, stats });
        if (!o.passed) throw new Error(`bench run failed on ${kind}/${domain.name}: ${o.error}`);
      }
      const s = (performance.now() - t0) / 1000;
      perRep.push({ cps: stats.commands / s, rps: stats.runs / s, cpr: stats.commands / stats.runs });
    }
    modelBased[kind] = {
      commandsPerSec: median(perRep.map((x) => x.cps)),
      runsPerSec: median(perRep.map((x) => x.rps)),
      commandsPerRun: median(perRep.map((x) => x.cpr)),
    };
  }

  // The naive alternative: a new database migrated from scratch for every run.
  const naive = await timeEach(5, async () => {
    const name = scratchName('cutover_naive');
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await applyMigrations(withDatabase(pgServer.url, name));
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  });
  const clones = await timeEach(5, async () => (await template.clone('cutover_clone')).drop());

  await scratch.drop();
  await mongo.drop();

  const result: Result = {
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, postgres: pgServer.description, mongo: mongoServer.description },
    modelBased,
    resetMs: {
      postgres: { median: median(pgReset), p95: quantile(pgReset, 0.95) },
      mongo: { median: median(mongoReset), p95: quantile(mongoReset, 0.95) },
      'mongo, one domain': { median: median(mongoResetPayment), p95: quantile(mongoResetPayment, 0.95) },
    },
    templateMigrateMs: template.migrateMs,
    naivePerRunMs: { median: median(naive), p95: quantile(naive, 0.95) },
    cloneMs: { median: median(clones), p95: quantile(clones, 0.95) },
  };
  if (!args['no-verify']) {
    const out = path.join(path.dirname(path.resolve(args.out!)), 'bench-verify.json');
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['--import', 'tsx', path.resolve('bench/verify.ts'), '--docs', args['verify-docs']!, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    result.verify = JSON.parse(await readFile(out, 'utf8')) as VerifyBench;
  }
  print(result, args.compare ? (JSON.parse(await readFile(args.compare, 'utf8')) as Result) : undefined);
  await mkdir(path.dirname(path.resolve(args.out!)), { recursive: true });
  await writeFile(args.out!, JSON.stringify(result, null, 2) + '\n');
  console.log(`saved ${args.out}`);
} finally {
  await servers.stop();
}

function print(r: Result, old?: Result): void {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const vs = (now: number, before: number | undefined) => (before === undefined ? '' : ` (was ${f(before)}, x${(now / before).toFixed(2)})`);
  console.log(`${r.machine.cores} cores, ${r.machine.cpu}, node ${r.machine.node}`);
  console.log(`postgres: ${r.machine.postgres}; mongo: ${r.machine.mongo}`);
  const t = new Table({ head: ['implementation', 'commands/s', 'runs/s', 'commands/run'] });
  for (const [k, v] of Object.entries(r.modelBased)) {
    t.push([k, f(v.commandsPerSec) + vs(v.commandsPerSec, old?.modelBased[k]?.commandsPerSec), f(v.runsPerSec) + vs(v.runsPerSec, old?.modelBased[k]?.runsPerSec), f(v.commandsPerRun)]);
  }
  console.log(t.toString());
  const c = new Table({ head: ['cost', 'median ms', 'p95 ms'] });
  c.push(['reset per run: postgres', f(r.resetMs.postgres!.median) + vs(r.resetMs.postgres!.median, old?.resetMs.postgres?.median), f(r.resetMs.postgres!.p95)]);
  c.push(['reset per run: mongo (every collection)', f(r.resetMs.mongo!.median) + vs(r.resetMs.mongo!.median, old?.resetMs.mongo?.median), f(r.resetMs.mongo!.p95)]);
  const one = r.resetMs['mongo, one domain'];
  if (one) c.push(["reset per run: mongo (the payment domain's 3 collections)", f(one.median), f(one.p95)]);
  c.push(['clone from template', f(r.cloneMs.median), f(r.cloneMs.p95)]);
  c.push(['naive: new database + migrate', f(r.naivePerRunMs.median), f(r.naivePerRunMs.p95)]);
  c.push(['template migrate (once per check)', f(r.templateMigrateMs), '']);
  console.log(c.toString());
  console.log(`naive per-run state / our Postgres reset: x${(r.naivePerRunMs.median / r.resetMs.postgres!.median).toFixed(0)}`);
  if (r.verify) {
    const v = r.verify;
    console.log(
      `verify: ${v.verify.recordsPerSec} records/s${vs(v.verify.recordsPerSec, old?.verify?.verify.recordsPerSec)}, peak RSS ${v.verify.peakRssMb} MB; backfill ${v.backfill.docsPerSec} docs/s (${v.documents.total} documents)`,
    );
    if (v.readFloor) {
      const fl = v.readFloor;
      console.log(
        `read floor (the servers, no work): ${fl.recordsPerSec} records/s (Mongo alone ${fl.mongoDocsPerSec} docs/s, Postgres alone ${fl.postgresRowsPerSec} rows/s): verify runs at ${((v.verify.recordsPerSec / fl.recordsPerSec) * 100).toFixed(0)}% of it`,
      );
    }
  }
}
