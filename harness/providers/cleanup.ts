/**
 * One process-wide registry of what to undo when the process ends, so that nothing the harness
 * made outlives it: servers it started, scratch databases it created (on any server, the user's
 * too) and temporary folders. It runs on normal exit and `process.exit()`, on SIGINT (Ctrl-C),
 * SIGTERM and SIGHUP (terminal closed). In a library, listeners are installed with the first
 * registration and removed with the last, so a process without running servers keeps Node's
 * default signal behaviour; the CLI calls {@link installProcessShutdown} so that every command
 * stops on a signal, also one that started nothing (a `check` on the user's servers used to print
 * "interrupted" and keep running for minutes, then overwrite the next run's reports).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactText } from '../redact.ts';

/** A server to stop when the process ends. */
export interface CleanupTask {
  /** For messages only, credential-free: for example `embedded-postgres 127.0.0.1:54012`. */
  readonly name: string;
  /** Graceful stop, run on a signal. Should not throw; errors are reported and ignored. */
  stop(): Promise<void>;
  /**
   * `data` (a scratch database, a temporary folder) is undone before any `server` (the default)
   * stops, so that a scratch database is dropped while its server still answers.
   */
  readonly phase?: 'data' | 'server';
  /**
   * Last-resort stop, run in the process 'exit' event where nothing asynchronous runs any more:
   * kill the process and remove its files synchronously. Must not throw.
   */
  stopSync(): void;
}

/** How long a signal waits for graceful stops before falling back to `stopSync` (milliseconds). */
const GRACEFUL_STOP_MS = 10_000;

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

const tasks = new Set<CleanupTask>();
let handlingSignal = false;
let processMode = false;
let installed = false;

/**
 * Registers `task` to run when the process exits or receives SIGINT, SIGTERM or SIGHUP.
 *
 * On a signal every registered task's `stop()` runs (bounded by 10 s, then `stopSync()`), then the
 * process ends with the signal's conventional status: the signal is re-raised when nothing else
 * listens for it, else the process exits with 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP). A
 * second signal while stopping skips straight to `stopSync()` and exits.
 *
 * @returns an idempotent function that unregisters the task (call it from the server's `stop()`).
 */
export function registerCleanup(task: CleanupTask): () => void {
  if (tasks.size === 0) install();
  tasks.add(task);
  return () => {
    if (!tasks.delete(task)) return;
    if (tasks.size === 0 && !handlingSignal) uninstall();
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (processMode || !installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * For a command-line process: keeps the signal listeners installed for the life of the process,
 * so that SIGINT, SIGTERM and SIGHUP always undo every registered task (bounded by 10 s) and then
 * exit with 130, 143 or 129, whatever else listens. Idempotent.
 */
export function installProcessShutdown(): void {
  processMode = true;
  install();
}

/**
 * A promise that never settles: a command that notices the shutdown returns this so that it
 * neither prints results nor sets an exit code while the shutdown undoes its work and exits.
 */
export function waitForShutdown(): Promise<never> {
  return new Promise<never>(() => {});
}

/**
 * A new temporary folder `<tmpdir>/<prefix>XXXXXX` that is removed on `dispose()`, on exit and on
 * a signal (a migration gate interrupted by SIGTERM used to leave its `cutover-mig-*` folder).
 *
 * @returns the folder's path and an idempotent `dispose` (synchronous, never throws).
 */
export function trackedTempDir(prefix: string): { readonly path: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unregister = registerCleanup({ name: `temporary folder ${dir}`, phase: 'data', stop: async () => remove(), stopSync: remove });
  return {
    path: dir,
    dispose() {
      unregister();
      try {
        remove();
      } catch {
        // Best effort, like the exit handler.
      }
    },
  };
}

function onExit(): void {
  for (const task of [...tasks]) {
    try {
      task.stopSync();
    } catch {
      // Exit handlers must not throw; the other tasks still need their chance.
    }
    tasks.delete(task);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (handlingSignal) {
    onExit();
    process.exit(EXIT_CODES[signal] ?? 1);
  }
  handlingSignal = true;
  if (processMode) process.stderr.write(`cutover: ${signal}: dropping scratch databases, stopping the servers the harness started\n`);
  // Stopping servers and dropping databases tears down connections still in use; the errors
  // that follow (an unhandled pg 'error' event with 57P01, a rejected query) are the shutdown's
  // own doing and must neither print a stack trace nor end the process with status 1.
  const swallow = (error: unknown) => {
    if (process.env.CUTOVER_DEBUG) process.stderr.write(`cutover: during shutdown: ${redactText(String(error))}\n`);
  };
  process.on('uncaughtException', swallow).on('unhandledRejection', swallow);
  const stopAll = async (phase: 'data' | 'server') => {
    const mine = [...tasks].filter((t) => (t.phase ?? 'server') === phase);
    await Promise.all(
      mine.map(async (task) => {
        try {
          await task.stop();
        } catch (error) {
          process.stderr.write(redactText(`cutover: could not stop ${task.name}: ${String(error)}\n`));
        }
      }),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, GRACEFUL_STOP_MS);
  });
  void Promise.race([stopAll('data').then(() => stopAll('server')), timeout]).then(() => {
    clearTimeout(timer);
    onExit();
    uninstall();
    if (!processMode && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    else process.exit(EXIT_CODES[signal] ?? 1);
  });
}

/**
 * Whether a SIGINT/SIGTERM/SIGHUP is being handled. Provider chains check it so that a server
 * killed by a Ctrl-C mid-start does not send them on to the next provider.
 */
export function isShuttingDown(): boolean {
  return handlingSignal;
}
