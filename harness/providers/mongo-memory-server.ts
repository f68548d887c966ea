/**
 * Real mongod through mongodb-memory-server (an optional dependency): either a mongod already on
 * this machine, or the binary mongodb-memory-server downloads where the network allows.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { registerCleanup } from './cleanup.ts';
import { ProviderUnavailableError } from './errors.ts';
import { probeMongo } from './mongo-probe.ts';
import { signalProcess, waitForProcessExitSync } from './processes.ts';
import { createServerHandle } from './server-handle.ts';
import type { MongoServer } from './types.ts';

/**
 * The subset of mongodb-memory-server this provider uses, declared here so the harness compiles
 * without the optional package. See https://typegoose.github.io/mongodb-memory-server/docs/api/classes/mongo-memory-server
 */
interface MongoMemoryServerModule {
  MongoMemoryServer: {
    create(opts?: {
      instance?: { dbPath?: string };
      binary?: { systemBinary?: string };
    }): Promise<MongoMemoryServerInstance>;
  };
}
interface MongoMemoryServerInstance {
  getUri(): string;
  stop(cleanup?: { doCleanup?: boolean; force?: boolean }): Promise<boolean>;
  readonly instanceInfo?: {
    readonly instance: { readonly mongodProcess?: { readonly pid?: number | undefined } | undefined };
  };
}

/**
 * Starts a standalone mongod with mongodb-memory-server: `systemBinary` when given (kind
 * `mongod`), else the binary it downloads (kind `mongodb-memory-server-download`). A standalone
 * server has no transactions; capabilities say so.
 *
 * `stop()` stops mongod and removes its temp dir (`cutover-mongod-*`); process exit and signals
 * do too (mongod is killed; mongodb-memory-server's own watchdog also kills it when this process
 * dies).
 *
 * @throws ProviderUnavailableError when mongodb-memory-server is not installed.
 * @throws the library's error when mongod cannot start or the download fails; the temp dir is
 *   removed first.
 */
export async function startMongoMemoryServer(
  systemBinary: string | undefined,
  log: (line: string) => void,
): Promise<MongoServer> {
  const { MongoMemoryServer } = await importModule();
  log(systemBinary ? `mongodb-memory-server: starting ${systemBinary}` : 'mongodb-memory-server: downloading mongod');
  const began = Date.now();
  // Our own dbPath: mongodb-memory-server leaves the temp dir it makes behind when a start fails.
  const dbPath = await mkdtemp(path.join(os.tmpdir(), 'cutover-mongod-'));
  let server: MongoMemoryServerInstance;
  try {
    server = await MongoMemoryServer.create({
      instance: { dbPath },
      ...(systemBinary ? { binary: { systemBinary } } : {}),
    });
  } catch (error) {
    await rm(dbPath, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
  const url = server.getUri();
  const address = new URL(url).host;
  const pid = server.instanceInfo?.instance.mongodProcess?.pid;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server.stop({ doCleanup: true, force: true });
      await rm(dbPath, { recursive: true, force: true, maxRetries: 3 });
      unregister();
    })());
  const unregister = registerCleanup({
    name: `mongod ${address}`,
    stop,
    stopSync: () => {
      if (pid !== undefined) {
        signalProcess(pid, 'SIGKILL');
        waitForProcessExitSync(pid, 2_000);
      }
      rmSync(dbPath, { recursive: true, force: true, maxRetries: 3 });
    },
  });
  try {
    const capabilities = await probeMongo(url, 5_000);
    log(`mongodb-memory-server: ${capabilities.server} ready on ${address} in ${Date.now() - began} ms`);
    return createServerHandle({
      kind: systemBinary ? 'mongod' : 'mongodb-memory-server-download',
      url,
      description: `${systemBinary ? 'mongod' : 'mongodb-memory-server'} ${capabilities.server} (${address})`,
      owned: true,
      pid,
      stop,
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function importModule(): Promise<MongoMemoryServerModule> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const specifier = 'mongodb-memory-server';
  try {
    const module = (await import(specifier)) as MongoMemoryServerModule & { default?: MongoMemoryServerModule };
    return module.MongoMemoryServer ? module : (module.default as MongoMemoryServerModule);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ProviderUnavailableError('the optional package mongodb-memory-server is not installed');
    }
    throw error;
  }
}
