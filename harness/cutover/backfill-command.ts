/**
 * `cutover backfill` and the connection plumbing it shares with `cutover verify`: live servers
 * named by `PG_URL` and `MONGO_URL` (+ `--mongo-db`), refused unless their hosts are allowed
 * (DESIGN.md section 7: live-database commands refuse hosts outside an allow-list).
 *
 * Register on the program with `registerBackfillCommand(cli)` (`harness/cli.ts`).
 *
 * @public
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { UsageError } from '../runner.ts';
import { redactText, redactUrl } from '../redact.ts';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { assertSchemaCurrent } from './preflight.ts';
import { STORED_ENTITIES } from '../../repos/legacy/index.ts';
import { backfill } from './backfill.ts';

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

/**
 * Hosts a live-database command may connect to: loopback plus the comma-separated
 * `CUTOVER_ALLOW_HOSTS` (`db.internal,10.0.0.5`).
 */
export function allowedHosts(env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): string[] {
  return [...LOCAL_HOSTS, ...extra.map((h) => h.trim().toLowerCase()), ...(env.CUTOVER_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)];
}

/**
 * Throws `UsageError` unless every host of `url` (a `postgres://` or `mongodb://` URL, possibly
 * with several comma-separated hosts) is in {@link allowedHosts}. Messages never show credentials.
 */
export function assertAllowedUrl(variable: string, url: string, env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): void {
  const m = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url);
  if (!m) throw new UsageError(`${variable}: not a URL (${redactUrl(url)})`);
  const allowed = allowedHosts(env, extra);
  for (const hostPort of m[1]!.split(',')) {
    const host = hostPort.replace(/:\d+$/, '').toLowerCase();
    if (!allowed.includes(host)) throw new UsageError(`${variable}: host ${host} is not allowed (allow it with --allow-host ${host} or CUTOVER_ALLOW_HOSTS)`);
  }
}

/** Live connections of one command, and how to close them. */
export interface LiveStores {
  readonly mongoDb: Db;
  readonly pg: pg.Pool;
  close(): Promise<void>;
}

/**
 * Opens `PG_URL` (a pool of `max` connections) and database `mongoDb` on `MONGO_URL`, after the
 * allow-list check. Throws `UsageError` when a variable is missing or a host is not allowed.
 */
export async function openLiveStores(mongoDb: string | undefined, env: NodeJS.ProcessEnv = process.env, max = 2, allowHosts: readonly string[] = []): Promise<LiveStores> {
  const pgUrl = env.PG_URL?.trim();
  const mongoUrl = env.MONGO_URL?.trim();
  const dbName = mongoDb ?? env.MONGO_DB?.trim();
  if (!pgUrl) throw new UsageError('PG_URL must name the Postgres database (postgres://user@host:5432/app)');
  if (!mongoUrl) throw new UsageError('MONGO_URL must name the Mongo server (mongodb://host:27017)');
  if (!dbName) throw new UsageError('--mongo-db (or MONGO_DB) must name the Mongo database');
  assertAllowedUrl('PG_URL', pgUrl, env, allowHosts);
  assertAllowedUrl('MONGO_URL', mongoUrl, env, allowHosts);
  const pool = new pg.Pool({ connectionString: pgUrl, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw new UsageError(`PG_URL ${redactUrl(pgUrl)} did not answer: ${redactText(e instanceof Error ? e.message : String(e))}`);
  }
  try {
    await assertSchemaCurrent(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (e) {
    await client.close().catch(() => {});
    await pool.end();
    throw new UsageError(`MONGO_URL ${redactUrl(mongoUrl)} did not answer: ${redactText(e instanceof Error ? e.message : String(e))}`);
  }
  return {
    mongoDb: client.db(dbName),
    pg: pool,
    async close() {
      await client.close();
      await pool.end();
    },
  };
}

/** Writes `value` as JSON to `file`, creating its folder. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

const domainNames = () => [...new Set(STORED_ENTITIES.map((e) => e.domain))];
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Adds `cutover backfill [--domain D]... [--mongo-db NAME] [--dry-run] [--batch-size N]
 * [--json FILE] [--fail-on-skip]`. Exit code: 0 done (skips are reported, not failures, unless
 * `--fail-on-skip`); 1 documents were skipped with `--fail-on-skip`; 2 bad usage.
 */
export function registerBackfillCommand(cli: Command): Command {
  return cli
    .command('backfill')
    .description('copy Mongo documents into Postgres (PG_URL, MONGO_URL): idempotent, state copied exactly, every skipped document reported with its rule')
    .addOption(new Option('--domain <name>', `only this domain (repeatable): ${domainNames().join(', ')}`).argParser(collect))
    .option('--mongo-db <name>', 'the Mongo database to read (default: MONGO_DB)')
    .option('--dry-run', 'do everything inside a transaction that is rolled back: the report of a real run, no write')
    .option('--batch-size <n>', 'documents per batch and per transaction', (v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1) throw new UsageError('--batch-size must be a whole number >= 1');
      return n;
    }, 500)
    .option('--json <file>', 'write the full report as JSON')
    .option('--fail-on-skip', 'exit 1 when any document was skipped')
    .addOption(new Option('--allow-host <host>', 'also allow this database host (repeatable; default: loopback only)').argParser(collect))
    .action(async (o: { domain?: string[]; mongoDb?: string; dryRun?: boolean; batchSize: number; json?: string; failOnSkip?: boolean; allowHost?: string[] }) => {
      const stores = await openLiveStores(o.mongoDb, process.env, 2, o.allowHost ?? []);
      const bar = process.stderr.isTTY ? new MultiBar({ format: ' {entity} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false }, Presets.shades_classic) : undefined;
      const bars = new Map<string, SingleBar>();
      try {
        let last = 0;
        const report = await backfill({
          mongoDb: stores.mongoDb,
          pg: stores.pg,
          dryRun: o.dryRun ?? false,
          batchSize: o.batchSize,
          ...(o.domain && { domains: o.domain }),
          onProgress: (p) => {
            if (bar) {
              const b = bars.get(p.entity) ?? bars.set(p.entity, bar.create(p.total, 0, { entity: p.entity.padEnd(12) })).get(p.entity)!;
              b.setTotal(Math.max(p.total, p.done));
              b.update(p.done);
              return;
            }
            if (performance.now() - last > 2000) {
              last = performance.now();
              console.error(`${p.entity}: ${p.done}/${p.total}`);
            }
          },
        })
          .catch((e: unknown) => {
            if (e instanceof Error && /unknown domain/.test(e.message)) throw new UsageError(`--domain: ${e.message}`);
            throw e;
          })
          .finally(() => bar?.stop());
        console.log(`${report.dryRun ? 'dry run (nothing written)' : 'backfill'}: ${report.totals.seen} documents in ${(report.durationMs / 1000).toFixed(1)} s`);
        for (const e of report.entities) {
          const c = e.counts;
          console.log(`  ${e.entity.padEnd(12)} seen ${c.seen}  inserted ${c.inserted}  updated ${c.updated}  unchanged ${c.unchanged}  skipped ${c.skipped}  repaired ${c.repaired}  flagged ${c.flagged}`);
        }
        for (const s of report.skipped.slice(0, 20)) console.log(`  skipped ${s.entity} ${s.id}: ${s.field}: ${s.rule}`);
        if (report.skipped.length > 20 || report.unlisted.skipped > 0) console.log(`  … ${report.totals.skipped - 20} more skipped (see --json)`);
        for (const r of report.repairs.slice(0, 20)) console.log(`  repaired ${r.entity} ${r.id}: ${r.field}: ${r.action}`);
        if (o.json) await writeJson(o.json, report);
        process.exitCode = o.failOnSkip && report.totals.skipped > 0 ? 1 : 0;
      } finally {
        await stores.close();
      }
    });
}
