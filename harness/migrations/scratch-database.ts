/**
 * Empty scratch databases for the migration gate: created from `template0` (truly empty, whatever
 * an operator installed into `template1`), dropped at the end also on failure and on Ctrl-C.
 */
import pg from 'pg';
import { withDatabase } from '../providers/postgres.ts';
import { registerCleanup } from '../providers/cleanup.ts';
import { redactText } from '../redact.ts';
import { ownedScratchName } from '../scratch-names.ts';
import { sweepStalePg } from '../isolation.ts';

/** Thrown when the server cannot host scratch databases (unreachable, or no CREATEDB right). */
export class MigrationCheckSetupError extends Error {
  readonly code = 'MIGRATION_CHECK_SETUP';
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A scratch database; `drop()` is idempotent. */
export interface ScratchDatabase {
  readonly name: string;
  /** Connection string to the scratch database (same credentials as the admin URL). */
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs statements on the maintenance database at `adminUrl`, one connection for all of them. */
export async function adminQuery<T extends pg.QueryResultRow>(adminUrl: string, ...statements: string[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    let rows: T[] = [];
    for (const s of statements) rows = (await client.query<T>(s)).rows;
    return rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates an empty database `cutover_<pid>_<host>_mig_<label>_<random>` on the server at
 * `adminUrl` (after dropping stale scratch databases of dead processes: `harness/scratch-names.ts`).
 *
 * @throws MigrationCheckSetupError when the server cannot be reached or refuses `CREATE DATABASE`.
 */
export async function createScratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  await sweepStalePg(adminUrl);
  const name = ownedScratchName(`mig_${label}`);
  try {
    const [row] = await adminQuery<{ v: number }>(adminUrl, `SELECT current_setting('server_version_num')::int AS v`);
    // FILE_COPY (Postgres 15+) copies a tiny template several times faster than WAL_LOG.
    const strategy = (row?.v ?? 0) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0${strategy}`);
  } catch (error) {
    throw new MigrationCheckSetupError(`cannot create a scratch database: ${redactText((error as Error).message)}`, { cause: error });
  }
  let dropped = false;
  const unregister = registerCleanup({ name: `scratch database ${name}`, phase: 'data', stop: () => drop(), stopSync: () => {} });
  async function drop(): Promise<void> {
    if (dropped) return;
    dropped = true;
    unregister();
    await dropDatabase(adminUrl, name);
  }
  return { name, url: withDatabase(adminUrl, name), drop };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  try {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } catch (error) {
    // WITH (FORCE) is Postgres 13+; older servers get the plain form.
    if ((error as { code?: string }).code !== '42601') throw error;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  }
}

/** Opens a client on `url`, runs `body`, closes the client. */
export async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => {});
  }
}
