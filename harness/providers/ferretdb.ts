/**
 * The Mongo-wire provider where no mongod can be had (as on our CI): FerretDB 1.24 over SQLite,
 * run from tools/ferretdb in a fresh directory per server (DESIGN.md section 5).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { redactText } from '../redact.ts';
import { registerCleanup } from './cleanup.ts';
import { pinnedFerretDBVersion } from './ferretdb-build.ts';
import { probeMongo } from './mongo-probe.ts';
import { signalProcess, waitForProcessExit, waitForProcessExitSync } from './processes.ts';
import { createServerHandle } from './server-handle.ts';
import { armWatchdog } from './watchdog.ts';
import type { MongoServer } from './types.ts';

export { buildFerretDB, findFerretDBBinary, type BuildFerretDBOptions } from './ferretdb-build.ts';

/** Options of {@link startFerretDB}. */
export interface StartFerretDBOptions {
  /** The binary built from tools/ferretdb (see `findFerretDBBinary`). */
  readonly binary: string;
  /** Server stderr and progress lines, redacted. Default: discarded. */
  readonly log?: (line: string) => void;
  /** How long to wait for the `ready` line, then for `ping` to answer (milliseconds). Default 30 000. */
  readonly readyTimeoutMs?: number;
}

type FerretDBProcess = ChildProcessByStdio<Writable, Readable, Readable>;

const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_CHARS = 2_000;

/**
 * Starts FerretDB on a free 127.0.0.1 port with a fresh temp dir for its SQLite files, waits for
 * its `ready mongodb://...` line, then for `ping` to answer.
 *
 * Its standard input stays an open pipe: FerretDB exits when it closes, so even a parent killed
 * with SIGKILL leaves no server behind (and a watchdog then removes the temp dir). `stop()`,
 * process exit, SIGINT, SIGTERM and SIGHUP stop the process and remove the temp dir.
 *
 * @throws Error when the binary cannot be spawned, exits early, or is not ready or does not answer
 *   `ping` within `readyTimeoutMs`; the message carries the tail of its stderr. Nothing is left
 *   running and the temp dir is removed before throwing.
 */
export async function startFerretDB(opts: StartFerretDBOptions): Promise<MongoServer> {
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  const began = Date.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cutover-ferretdb-'));
  const child: FerretDBProcess = spawn(opts.binary, ['-dir', dir, '-listen', '127.0.0.1:0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    for (const line of chunk.split('\n')) if (line.trim() !== '') log(`ferretdb: ${redactText(line)}`);
  });
  // Nothing is written to stdin: it is open only so that its closing stops the server.
  child.stdin.on('error', () => {});
  // Unhandled, a late 'error' (a failed kill) would crash the harness; start errors are reported below.
  child.on('error', (error) => log(`ferretdb: ${error.message}`));

  const pid = child.pid;
  // FerretDB exits by itself when this process dies, but its directory would stay behind.
  const disarm = pid === undefined ? () => {} : armWatchdog(pid, dir);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      disarm();
      if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        child.kill('SIGTERM');
        if (!(await waitForProcessExit(pid, STOP_TIMEOUT_MS))) child.kill('SIGKILL');
        await onceExited(child);
      }
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      unregister();
    })());
  // Registered before the server is ready, so that a Ctrl-C during the start cleans up too.
  const unregister = registerCleanup({
    name: `ferretdb (${dir})`,
    stop,
    stopSync: () => {
      disarm();
      if (pid !== undefined) {
        signalProcess(pid, 'SIGKILL');
        waitForProcessExitSync(pid, 2_000);
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  });

  let url: string;
  try {
    url = await readyUrl(child, timeoutMs);
    await pingUntilReady(url, began + timeoutMs);
  } catch (error) {
    await stop().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    const tail = stderrTail.trim();
    throw new Error(`FerretDB (${opts.binary}): ${reason}${tail ? `\nstderr:\n${tail}` : ''}`);
  }
  const address = new URL(url).host;
  const version = pinnedFerretDBVersion() ?? 'unknown version';
  log(`ferretdb: FerretDB ${version} ready on ${address} in ${Date.now() - began} ms`);
  return createServerHandle({
    kind: 'ferretdb',
    url,
    description: `FerretDB ${version} over SQLite (${address})`,
    owned: true,
    pid: pid as number,
    stop,
  });
}

/** Resolves with the URL from FerretDB's `ready mongodb://HOST:PORT/` line. */
function readyUrl(child: FerretDBProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => finish(new Error(`no "ready" line within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: string): void => {
      stdout += chunk;
      const match = /^ready (mongodb:\/\/\S+)\s*$/m.exec(stdout);
      if (match?.[1]) finish(undefined, match[1]);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`exited before it was ready (${signal ?? `exit ${code}`})`));
    const onError = (error: Error): void => finish(error);
    function finish(error: Error | undefined, url?: string): void {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining stdout so the pipe can never fill up and block the server.
      child.stdout.resume();
      if (error !== undefined || url === undefined) reject(error ?? new Error('no URL'));
      else resolve(url);
    }
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** FerretDB prints `ready` once bound; `ping` proves the handler (SQLite) answers too. */
async function pingUntilReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await probeMongo(url, 1_000);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`did not answer ping: ${String(error)}`);
      await sleep(50);
    }
  }
}

function onceExited(child: FerretDBProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
