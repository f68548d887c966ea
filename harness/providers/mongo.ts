/**
 * Resolves the MongoDB-wire server for a run (DESIGN.md section 5): `MONGO_URL` → a mongod on this
 * machine → FerretDB from tools/ferretdb → mongodb-memory-server's download.
 */
import { redactUrl } from '../redact.ts';
import { isShuttingDown } from './cleanup.ts';
import { NoServerError, ProviderUnavailableError, describeFailure, explainConnectFailure } from './errors.ts';
import { assertUrlAllowed } from '../connect-policy.ts';
import { findFerretDBBinary } from './ferretdb-build.ts';
import { startFerretDB } from './ferretdb.ts';
import { startMongoMemoryServer } from './mongo-memory-server.ts';
import { probeMongo } from './mongo-probe.ts';
import { findExecutable } from './processes.ts';
import { createServerHandle } from './server-handle.ts';
import type { MongoServer, ProviderAttempt, ProviderOptions } from './types.ts';

/** How long a user's server (`MONGO_URL`) may take to answer before it counts as unreachable. */
const URL_SERVER_SELECTION_MS = 2_000;

const FALSY = new Set(['0', 'false', 'no', 'off']);

/**
 * Gives the harness a MongoDB-wire server, trying in order:
 *
 * 1. `MONGO_URL`: the user's server (`owned: false`, never stopped); it must answer `ping` within
 *    2 s. When set, no other provider is tried.
 * 2. `mongod`: `MONGOMS_SYSTEM_BINARY`, or `mongod` on `env.PATH`, run by mongodb-memory-server.
 * 3. `ferretdb`: FerretDB 1.24 from tools/ferretdb (`CUTOVER_FERRETDB_BIN`, the cached build, or a
 *    build with `go`, about a minute the first time).
 * 4. `mongodb-memory-server-download`: the mongod mongodb-memory-server downloads; skipped when
 *    `MONGOMS_RUNTIME_DOWNLOAD` is false.
 *
 * Providers that cannot be tried here are skipped; one that fails is recorded and the next is
 * tried. Detect what the server can do with `detectMongoCapabilities`.
 *
 * @throws UsageError when `MONGO_URL` is malformed or names a host outside the allow-list
 *   (`harness/connect-policy.ts`), before any connection.
 * @throws NoServerError when `MONGO_URL` does not answer, or when no provider gave a server; its
 *   `attempts` say what was tried and why each was passed over (credentials redacted).
 */
export async function startMongo(opts: ProviderOptions = {}): Promise<MongoServer> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const attempts: ProviderAttempt[] = [];

  const userUrl = env.MONGO_URL?.trim();
  if (userUrl) {
    // Before any socket: a malformed URL or a host outside the allow-list is a UsageError.
    assertUrlAllowed('MONGO_URL', userUrl, 'mongo', env, opts.allowHosts);
    try {
      return await connectToMongoUrl(userUrl);
    } catch (error) {
      const reason = 'MONGO_URL is set, so only that server is used';
      const failure = `${redactUrl(userUrl)}: ${explainConnectFailure(error)}`;
      attempts.push({ provider: 'MONGO_URL', outcome: 'failed', reason: failure });
      for (const provider of ['mongod', 'ferretdb', 'mongodb-memory-server-download']) {
        attempts.push({ provider, outcome: 'skipped', reason });
      }
      throw new NoServerError('mongo', attempts);
    }
  }
  attempts.push({ provider: 'MONGO_URL', outcome: 'skipped', reason: 'MONGO_URL is not set' });

  const providers: ReadonlyArray<readonly [string, () => Promise<MongoServer>]> = [
    [
      'mongod',
      async () => {
        const binary = env.MONGOMS_SYSTEM_BINARY?.trim() || findExecutable('mongod', env);
        if (!binary) throw new ProviderUnavailableError('no mongod on PATH and MONGOMS_SYSTEM_BINARY is not set');
        return startMongoMemoryServer(binary, log);
      },
    ],
    ['ferretdb', async () => startFerretDB({ binary: await findFerretDBBinary(env, log), log })],
    [
      'mongodb-memory-server-download',
      async () => {
        if (FALSY.has(env.MONGOMS_RUNTIME_DOWNLOAD?.trim().toLowerCase() ?? '')) {
          throw new ProviderUnavailableError('MONGOMS_RUNTIME_DOWNLOAD is false');
        }
        return startMongoMemoryServer(undefined, log);
      },
    ],
  ];
  for (const [provider, start] of providers) {
    if (isShuttingDown()) {
      attempts.push({ provider, outcome: 'skipped', reason: 'the process is shutting down' });
      continue;
    }
    try {
      return await start();
    } catch (error) {
      const outcome = error instanceof ProviderUnavailableError ? 'skipped' : 'failed';
      attempts.push({ provider, outcome, reason: describeFailure(error) });
      log(`${provider}: ${outcome}: ${describeFailure(error)}`);
    }
  }
  throw new NoServerError('mongo', attempts);
}

async function connectToMongoUrl(url: string): Promise<MongoServer> {
  const capabilities = await probeMongo(url, URL_SERVER_SELECTION_MS);
  return createServerHandle({
    kind: 'url',
    url,
    description: `MONGO_URL ${capabilities.server} (${redactUrl(url)})`,
    owned: false,
    stop: async () => {},
  });
}
