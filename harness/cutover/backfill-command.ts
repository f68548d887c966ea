/**
 * `cutover backfill` and the connection plumbing it shares with `cutover verify`: live servers
 * named by `PG_URL` and `MONGO_URL` (+ `--mongo-db`), refused unless their hosts are allowed
 * (DESIGN.md section 7: live-database commands refuse hosts outside an allow-list).
 *
 * Register on the program with `registerBackfillCommand(cli)` (`harness/cli.ts`).
 *
 * @public
 */
import { Option, type Command } from 'commander';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { UsageError } from '../runner.ts';
import { redactUrl } from '../redact.ts';
import { assertUrlAllowed } from '../connect-policy.ts';
import { explainConnectFailure } from '../providers/errors.ts';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { assertSchemaCurrent } from './preflight.ts';
import { STORED_ENTITIES, referencedEntities, selectEntities } from '../../repos/legacy/index.ts';
import { assertReportWritable, writeFileAtomic } from '../report-file.ts';
import { backfill } from './backfill.ts';

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
  assertUrlAllowed('PG_URL', pgUrl, 'postgres', env, allowHosts);
  assertUrlAllowed('MONGO_URL', mongoUrl, 'mongo', env, allowHosts);
  const pool = new pg.Pool({ connectionString: pgUrl, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw new UsageError(`PG_URL (${redactUrl(pgUrl)}): ${explainConnectFailure(e)}`);
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
    throw new UsageError(`MONGO_URL (${redactUrl(mongoUrl)}): ${explainConnectFailure(e)}`);
  }
  try {
    await assertLegacyCollections(client, dbName);
  } catch (e) {
    await client.close().catch(() => {});
    await pool.end();
    throw e;
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

/**
 * Throws `UsageError` when database `dbName` holds none of the legacy collections the harness
 * reads (a typo in `--mongo-db` used to give a run over 0 documents that exited 0). The message
 * lists the server's other databases that do hold some.
 */
export async function assertLegacyCollections(client: MongoClient, dbName: string): Promise<void> {
  const expected = [...new Set(STORED_ENTITIES.map((e) => e.collection))];
  const present = async (name: string) => (await client.db(name).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((c) => expected.includes(c));
  if ((await present(dbName)).length > 0) return;
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true }).catch(() => ({ databases: [] as { name: string }[] }));
  const candidates: string[] = [];
  for (const d of databases.slice(0, 50)) if (!['admin', 'local', 'config'].includes(d.name) && !d.name.startsWith('cutover_') && (await present(d.name).catch(() => [])).length > 0) candidates.push(d.name);
  throw new UsageError(`--mongo-db ${dbName}: this database has none of the collections ${expected.join(', ')}${candidates.length ? ` (databases that do: ${candidates.slice(0, 10).join(', ')})` : ''}`);
}

/** Writes `value` as JSON to `file` atomically (`harness/report-file.ts`). */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** The advisory lock key of the commands that write the target (`backfill`, `reconcile`). */
const WRITER_LOCK_KEY = 0x6375_7476; // "cutv"

/**
 * Runs `body` holding a session-level Postgres advisory lock on the target database, so that two
 * writers (`backfill`, `reconcile`) never run at once on it: two concurrent backfills both saw a
 * row missing, both inserted, and the second reported every such document as a skip (duplicate
 * key on `legacy_object_id`), which `--fail-on-skip` turned into a failed pipeline.
 *
 * @throws UsageError at once when another session holds the lock (naming its backend pid and
 *   since when); the lock is released when `body` settles, or by the server when the connection
 *   ends.
 */
export async function withWriterLock<T>(pool: pg.Pool, command: string, body: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [WRITER_LOCK_KEY]);
    if (!rows[0]?.ok) {
      const { rows: holder } = await client.query<{ pid: number; since: string | null }>(
        `SELECT l.pid, a.backend_start::text AS since FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted LIMIT 1`,
        [WRITER_LOCK_KEY],
      );
      const who = holder[0] ? ` (server process ${holder[0].pid}${holder[0].since ? `, connected since ${holder[0].since}` : ''})` : '';
      throw new UsageError(`${command}: another cutover backfill or reconcile is writing this Postgres database${who}; wait for it to finish, then run again`);
    }
    try {
      return await body();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [WRITER_LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/**
 * The domains `selected` (backfill `--domain` values) reference that are not selected, with the
 * Postgres table of each, for the "include the domains it depends on" rule.
 */
export function missingDependencies(selected: readonly string[]): { domain: string; table: string; by: string }[] {
  const chosen = selectEntities(selected);
  return referencedEntities(chosen).map((e) => ({ domain: e.domain, table: e.table, by: chosen.find((c) => referencedEntities([c]).includes(e))?.domain ?? selected[0]! }));
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
    .option('--with-dependencies', 'with --domain: also backfill the domains the selected ones reference (users for address ...)')
    .addOption(new Option('--allow-host <host>', 'also allow this database host (repeatable; default: loopback only)').argParser(collect))
    .action(async (o: { domain?: string[]; mongoDb?: string; dryRun?: boolean; batchSize: number; json?: string; failOnSkip?: boolean; withDependencies?: boolean; allowHost?: string[] }) => {
      if (o.json) assertReportWritable('--json', o.json);
      let domains = o.domain;
      if (domains) {
        try {
          selectEntities(domains);
        } catch (e) {
          throw new UsageError(`--domain: ${(e as Error).message}`);
        }
        if (o.withDependencies) domains = [...new Set([...domains, ...missingDependencies(domains).map((d) => d.domain)])];
      }
      // Three connections: the writer lock's session, the backfill's, one for the checks around it.
      const stores = await openLiveStores(o.mongoDb, process.env, 3, o.allowHost ?? []);
      try {
        if (domains && !o.withDependencies) await refuseMissingDependencies(stores, domains);
      } catch (e) {
        await stores.close();
        throw e;
      }
      const bar = process.stderr.isTTY ? new MultiBar({ format: ' {entity} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false }, Presets.shades_classic) : undefined;
      const bars = new Map<string, SingleBar>();
      try {
        let last = 0;
        const report = await withWriterLock(stores.pg, 'backfill', () => backfill({
          mongoDb: stores.mongoDb,
          pg: stores.pg,
          dryRun: o.dryRun ?? false,
          batchSize: o.batchSize,
          ...(domains && { domains }),
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
          .finally(() => bar?.stop()));
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

/**
 * Refuses a `--domain` selection whose referenced domains are not in Postgres yet (their table
 * is empty while Mongo has documents): every document would be skipped as an unresolved
 * reference (`backfill --domain address` on an empty target skipped every address and exited 0).
 *
 * @throws UsageError listing the missing domains and the two ways out.
 */
async function refuseMissingDependencies(stores: LiveStores, domains: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const dep of missingDependencies(domains)) {
    const { rows } = await stores.pg.query<{ n: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${'"' + dep.table.replace(/"/g, '""') + '"'}) AS n`);
    if (rows[0]?.n) continue;
    const spec = STORED_ENTITIES.find((e) => e.table === dep.table)!;
    if ((await stores.mongoDb.collection(spec.collection).estimatedDocumentCount()) === 0) continue;
    missing.push(`${dep.domain} (${dep.by} references ${dep.table}, which is empty in Postgres)`);
  }
  if (missing.length > 0) {
    const names = [...new Set(missing.map((m) => m.split(' ')[0]))];
    throw new UsageError(`--domain ${domains.join(', ')} depends on domains not backfilled yet: ${missing.join('; ')}. Backfill them first (${names.map((n) => `--domain ${n}`).join(' ')}) or add --with-dependencies`);
  }
}
