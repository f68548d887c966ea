/**
 * Small helpers for the local server processes the providers run (embedded Postgres, FerretDB):
 * finding executables, a free port, and telling whether a process is gone.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Looks `name` up on `env.PATH` the way a shell would.
 *
 * @returns the absolute path of the first executable regular file found, or `undefined`.
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.resolve(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Whether `file` exists, is a regular file and may be executed by this process. */
export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; listen on 0, then close).
 * Another process may take it before the caller binds, so callers retry on "address in use".
 *
 * @throws the system error when nothing can listen on 127.0.0.1.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

/**
 * Whether process `pid` still runs. A zombie (exited, not yet reaped by its parent) counts as
 * gone: in a process 'exit' handler Node can no longer reap its children, so `kill(pid, 0)`
 * alone would report them alive.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Polls until process `pid` is gone or `timeoutMs` (milliseconds) passed.
 *
 * @returns whether the process is gone.
 */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(20);
  }
  return true;
}

/**
 * Blocking variant of {@link waitForProcessExit}, for process 'exit' handlers where nothing
 * asynchronous runs any more.
 *
 * @returns whether the process is gone.
 */
export function waitForProcessExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(cell, 0, 0, 10);
  }
  return true;
}

/**
 * Sends `signal` to `pid`, ignoring "no such process".
 *
 * @throws the system error for anything else (EPERM: the process belongs to another user).
 */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
