/**
 * The opt-in Postgres provider (`CUTOVER_PG=testcontainers`): a `postgres` container started with
 * @testcontainers/postgresql, an optional dependency, where a Docker engine runs.
 */
import { registerCleanup } from './cleanup.ts';
import { createServerHandle } from './server-handle.ts';
import type { PostgresServer } from './types.ts';

/** Image used unless `CUTOVER_PG_IMAGE` names another. */
export const DEFAULT_POSTGRES_IMAGE = 'postgres:18-alpine';

/** Same durability-off flags as the embedded cluster (DESIGN.md section 6). */
const POSTGRES_COMMAND = [
  'postgres',
  ...['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200', 'timezone=UTC']
    .flatMap((setting) => ['-c', setting]),
];

/**
 * The subset of @testcontainers/postgresql this provider uses, declared here so the harness
 * compiles without the optional package. See https://node.testcontainers.org/modules/postgresql/
 */
interface PostgreSqlContainerModule {
  PostgreSqlContainer: new (image: string) => {
    withCommand(command: string[]): { start(): Promise<StartedPostgreSqlContainer> };
  };
}
interface StartedPostgreSqlContainer {
  getConnectionUri(): string;
  getHost(): string;
  getPort(): number;
  stop(): Promise<unknown>;
}

/**
 * Starts a Postgres container from `image` with durability off.
 *
 * `stop()` stops and removes the container; on process exit testcontainers' reaper (Ryuk) removes
 * it, since nothing asynchronous can run in an 'exit' handler.
 *
 * @param version - resolves the short server version (`PostgreSQL 18.1`) for `description`.
 * @throws Error when @testcontainers/postgresql is not installed, or when the container cannot
 *   start (no Docker engine, image pull refused ...), saying which.
 */
export async function startTestcontainersPostgres(
  image: string,
  log: (line: string) => void,
  version: (url: string) => Promise<string>,
): Promise<PostgresServer> {
  const module = await importModule();
  log(`testcontainers: starting ${image}`);
  let container: StartedPostgreSqlContainer;
  try {
    container = await new module.PostgreSqlContainer(image).withCommand(POSTGRES_COMMAND).start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`could not start a ${image} container (is a Docker engine running?): ${message}`);
  }
  const url = container.getConnectionUri();
  const where = `${container.getHost()}:${container.getPort()}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await container.stop();
      unregister();
    })());
  const unregister = registerCleanup({ name: `postgres container ${where}`, stop, stopSync: () => {} });
  try {
    const serverVersion = await version(url);
    return createServerHandle({
      kind: 'testcontainers',
      url,
      description: `testcontainers ${image} ${serverVersion} (${where})`,
      owned: true,
      stop,
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function importModule(): Promise<PostgreSqlContainerModule> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const specifier = '@testcontainers/postgresql';
  try {
    return (await import(specifier)) as PostgreSqlContainerModule;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'the optional package @testcontainers/postgresql is not installed ' +
          '(npm install --save-optional @testcontainers/postgresql)',
      );
    }
    throw error;
  }
}
