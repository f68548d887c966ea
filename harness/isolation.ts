/**
 * Isolation between property runs (DESIGN.md section 6): migrate once into a template database,
 * clone one scratch database per check, and reset state between runs in milliseconds.
 *
 * Postgres reset: one round trip of `DELETE FROM` every table with `session_replication_role =
 * replica`, which skips triggers, so the ledger's append-only guard and FK checks do not fire.
 * That needs a superuser (true for the servers the harness starts); otherwise the scratch
 * database is dropped and cloned again from the template (~40 ms).
 * Mongo reset: `deleteMany({})` on every collection of the scratch database, keeping its indexes.
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { MongoClient, type Db } from 'mongodb';
import * as schema from '../schema/index.ts';
import type { DomainDefinition, PgDatabase } from '../contracts/domain.ts';
import { applyMigrations } from './migrate.ts';
import { withDatabase } from './providers/postgres.ts';
import { registerCleanup } from './providers/cleanup.ts';
import { isStaleScratchName, ownedScratchName, sweepOnce } from './scratch-names.ts';

/** What the shutdown task of a template shares with it: no clone after `closed`, and the creations in flight. */
interface AdminState {
  closed: boolean;
  readonly pending: Set<Promise<unknown>>;
}

/** How a Postgres scratch database is emptied between runs. */
export type PgResetStrategy = 'delete-replica' | 'reclone';

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A unique, safe database name with a readable label, carrying the owner process
 * (`cutover_<pid>_<host>_<label>_<random>`, see `harness/scratch-names.ts`).
 */
export function scratchName(prefix: string): string {
  return ownedScratchName(prefix);
}

/**
 * Drops the scratch databases on the Postgres server at `adminUrl` whose owner process is gone
 * (once per server per process; failures are ignored).
 */
export async function sweepStalePg(adminUrl: string): Promise<void> {
  await sweepOnce(`pg ${adminUrl}`, async () => {
    const rows = await admin<{ datname: string }>(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'cutover\\_%'`);
    for (const { datname } of rows) {
      if (isStaleScratchName(datname)) await admin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => {});
    }
  });
}

/** Drops the scratch databases on the Mongo server of `client` whose owner process is gone (once per client). */
export async function sweepStaleMongo(client: MongoClient): Promise<void> {
  await sweepOnce(`mongo ${mongoUrlOf(client) ?? ''}`, async () => {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (isStaleScratchName(name)) await client.db(name).dropDatabase().catch(() => {});
  });
}

/** The connection string `client` was made with (the driver keeps it; not part of its typed API). */
function mongoUrlOf(client: MongoClient): string | undefined {
  return (client as unknown as { s?: { url?: string } }).s?.url;
}

/**
 * The migrated template database on a Postgres server. `create` runs every migration once;
 * `clone` makes a scratch database from it; `dispose` drops the template and every clone still
 * alive.
 */
export class PgTemplate {
  private readonly clones = new Set<PgScratch>();

  private constructor(
    readonly adminUrl: string,
    readonly name: string,
    readonly superuser: boolean,
    readonly migrateMs: number,
    /** `STRATEGY FILE_COPY` (Postgres 15+): for a small template it is several times faster than the WAL_LOG default. */
    private readonly strategy: string,
    private readonly unregister: () => void,
    private readonly state: AdminState,
  ) {}

  /** Runs `text` on the maintenance database unless the process is shutting down (tracked, so that the shutdown waits for it). */
  private async guarded(text: string): Promise<void> {
    if (this.state.closed) throw new Error('the process is shutting down: no new scratch database');
    const p = admin(this.adminUrl, text);
    this.state.pending.add(p);
    try {
      await p;
    } finally {
      this.state.pending.delete(p);
    }
  }

  /** Creates and migrates a template database on the server at `adminUrl` (a maintenance db). */
  static async create(adminUrl: string, migrationsFolder?: string): Promise<PgTemplate> {
    await sweepStalePg(adminUrl);
    const name = scratchName('cutover_tpl');
    const t0 = performance.now();
    // Registered before the CREATE: a signal during the migration still drops the template and
    // the clones (the task drops every database this process owns on the server).
    const state: AdminState = { closed: false, pending: new Set() };
    const unregister = registerCleanup({
      name: `scratch databases of process ${process.pid}`,
      phase: 'data',
      stop: async () => {
        // No new clone from now on; one being created is waited for, so that the drop finds it.
        state.closed = true;
        await Promise.allSettled([...state.pending]);
        await dropOwned(adminUrl);
      },
      stopSync: () => {},
    });
    try {
      await admin(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
      await applyMigrations(withDatabase(adminUrl, name), migrationsFolder);
    } catch (e) {
      unregister();
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
      throw e;
    }
    const migrateMs = performance.now() - t0;
    const [row] = await admin<{ rolsuper: boolean; version: number }>(
      adminUrl,
      `SELECT rolsuper, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user`,
    );
    const strategy = (row?.version ?? 0) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    return new PgTemplate(adminUrl, name, row?.rolsuper === true, migrateMs, strategy, unregister, state);
  }

  /** A fresh scratch database with the migrated schema and no rows. */
  async clone(prefix = 'cutover_run'): Promise<PgScratch> {
    const name = scratchName(prefix);
    await this.guarded(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(this.name)}${this.strategy}`);
    const scratch = await PgScratch.open(this, name, () => this.clones.delete(scratch));
    this.clones.add(scratch);
    return scratch;
  }

  /** Recreates database `name` from the template (the fallback reset). */
  async reclone(name: string): Promise<void> {
    await admin(this.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await this.guarded(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(this.name)}${this.strategy}`);
  }

  /** Drops every clone and the template. Idempotent. */
  async dispose(): Promise<void> {
    for (const c of [...this.clones]) await c.drop();
    await admin(this.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(this.name)} WITH (FORCE)`);
    this.unregister();
  }
}

/**
 * Drops every database this process created on the server (by name, so that a clone being
 * created while the signal arrives is found too): the shutdown task of a template.
 */
async function dropOwned(adminUrl: string): Promise<void> {
  const rows = await admin<{ datname: string }>(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cutover\\_${process.pid}\\_%`]);
  await Promise.all(rows.map((r) => admin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(r.datname)} WITH (FORCE)`).catch(() => {})));
}

/** Runs one statement on the maintenance database. */
async function admin<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A scratch Postgres database: a pool, a Drizzle handle, and a millisecond reset. */
export class PgScratch {
  private constructor(
    private readonly template: PgTemplate,
    readonly name: string,
    readonly url: string,
    private pool: pg.Pool,
    private readonly tables: readonly string[],
    private readonly onDrop: () => void,
  ) {
    this.db = drizzle(pool, { schema });
  }

  /** Drizzle database over the scratch pool. */
  db: PgDatabase;

  static async open(template: PgTemplate, name: string, onDrop: () => void): Promise<PgScratch> {
    const url = withDatabase(template.adminUrl, name);
    const pool = newPool(url);
    const { rows } = await pool.query<{ t: string }>(
      `SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    return new PgScratch(template, name, url, pool, rows.map((r) => r.t), onDrop);
  }

  /** The reset this scratch database uses. */
  get resetStrategy(): PgResetStrategy {
    return this.template.superuser ? 'delete-replica' : 'reclone';
  }

  /** A new, separate pool on the same database (for tests of concurrent writers). */
  newPool(max = 10): pg.Pool {
    return newPool(this.url, max);
  }

  /** Empties every table (see the module comment for how). */
  async reset(): Promise<void> {
    if (this.template.superuser) {
      const deletes = this.tables.map((t) => `DELETE FROM ${t};`).join(' ');
      await this.pool.query(`BEGIN; SET LOCAL session_replication_role = replica; ${deletes} COMMIT;`);
      return;
    }
    await this.pool.end();
    await this.template.reclone(this.name);
    this.pool = newPool(this.url);
    this.db = drizzle(this.pool, { schema });
  }

  /** Closes the pool and drops the database. Idempotent. */
  async drop(): Promise<void> {
    this.onDrop();
    await this.pool.end().catch(() => {});
    await admin(this.template.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(this.name)} WITH (FORCE)`);
  }
}

function newPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // A connection the server drops emits 'error' on its client: on an idle one through the pool,
  // on a checked-out one (between two statements of a transaction) on the client itself, where
  // an unhandled 'error' event would crash the process. The next query reports the failure.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** A scratch Mongo database with the indexes of the given domains. */
export class MongoScratch {
  private constructor(
    readonly db: Db,
    private readonly collections: readonly string[],
    private readonly unregister: () => void,
  ) {}

  /**
   * Creates a scratch database (named from `prefix`) on `client` with the indexes of `domains`.
   * Until `drop()`, a signal drops it through a client of its own (the run's client may be
   * closing at that moment).
   */
  static async create(client: MongoClient, domains: readonly DomainDefinition[], prefix = 'cutover_run'): Promise<MongoScratch> {
    await sweepStaleMongo(client);
    const name = scratchName(prefix);
    const db = client.db(name);
    const url = mongoUrlOf(client);
    const unregister = registerCleanup({
      name: `Mongo scratch database ${name}`,
      phase: 'data',
      stop: async () => {
        // Close the run's client first: a write still in flight would create the database again
        // (Mongo creates one on its first write) after the drop.
        await client.close(true).catch(() => {});
        if (!url) return;
        const own = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
        try {
          await own.db(name).dropDatabase();
        } finally {
          await own.close().catch(() => {});
        }
      },
      stopSync: () => {},
    });
    try {
      for (const d of domains) await d.ensureMongoIndexes(db);
    } catch (e) {
      unregister();
      await db.dropDatabase().catch(() => {});
      throw e;
    }
    return new MongoScratch(db, [...new Set(domains.flatMap((d) => d.mongoCollections))], unregister);
  }

  /**
   * Deletes every document of the domains' collections, or of `only` those (a run that touched
   * fewer collections need not pay for the rest: each deleteMany is a round trip and a scan).
   */
  async reset(only?: readonly string[]): Promise<void> {
    await Promise.all((only ?? this.collections).map((c) => this.db.collection(c).deleteMany({})));
  }

  /** Drops the database. */
  async drop(): Promise<void> {
    await this.db.dropDatabase();
    this.unregister();
  }
}
