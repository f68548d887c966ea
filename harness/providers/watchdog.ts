import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * POSIX sh: block until the parent's end of the pipe closes (the parent exited, however it died),
 * then ask the server for an immediate shutdown, give it 5 s, kill it, and remove its directory.
 */
const SCRIPT = [
  'cat >/dev/null',
  'kill -QUIT "$1" 2>/dev/null',
  'i=0; while kill -0 "$1" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
  'kill -KILL "$1" 2>/dev/null',
  'rm -rf "$2"',
].join('; ');

/**
 * Arms a detached watchdog that stops server `pid` and removes `dir` when this process dies, even
 * by SIGKILL or a crash, where no exit handler runs. Postgres, unlike FerretDB, does not notice
 * its parent going away; without this a killed test worker would leave a postmaster running.
 *
 * The watchdog is a `sh` process in its own process group (a Ctrl-C does not reach it), holding
 * the read end of a pipe whose write end only this process has. It does not keep the event loop
 * alive. On Windows nothing is armed.
 *
 * @returns `disarm`: kills the watchdog so that it does nothing; call it before stopping the
 *   server normally. Synchronous, idempotent, never throws.
 */
export function armWatchdog(pid: number, dir: string): () => void {
  if (process.platform === 'win32') return () => {};
  const child = spawn('sh', ['-c', SCRIPT, 'cutover-watchdog', String(pid), dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  child.unref();
  (child.stdin as Socket | null)?.unref();
  let armed = true;
  return () => {
    if (!armed) return;
    armed = false;
    // The whole process group: killing only `sh` would leave its `cat` waiting on the pipe.
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
}
