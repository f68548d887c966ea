/**
 * One process-wide registry of servers to stop when the process ends, so that no server the
 * harness started outlives it: on normal exit and `process.exit()`, on SIGINT (Ctrl-C), SIGTERM
 * and SIGHUP (terminal closed). Listeners are installed with the first registration and removed
 * with the last, so a process without running servers keeps Node's default signal behaviour.
 */
import { redactText } from '../redact.ts';

/** A server to stop when the process ends. */
export interface CleanupTask {
  /** For messages only, credential-free: for example `embedded-postgres 127.0.0.1:54012`. */
  readonly name: string;
  /** Graceful stop, run on a signal. Should not throw; errors are reported and ignored. */
  stop(): Promise<void>;
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
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
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
  const stops = [...tasks].map(async (task) => {
    try {
      await task.stop();
    } catch (error) {
      process.stderr.write(redactText(`cutover: could not stop ${task.name}: ${String(error)}\n`));
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, GRACEFUL_STOP_MS);
  });
  void Promise.race([Promise.all(stops), timeout]).then(() => {
    clearTimeout(timer);
    onExit();
    uninstall();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
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
