/**
 * Names of the scratch databases the harness creates on any server (Postgres and Mongo), and the
 * sweep that drops those a killed run left behind.
 *
 * A name is `cutover_<pid>_<host>_<label>_<random>`: `pid` is the owner process, `host` four hex
 * digits of a hash of this machine's host name, `label` says what it is for (`tpl`, a domain, `mig_fresh` ...).
 * A later run on the same machine drops a database whose owner process is gone: a run killed by
 * SIGKILL (where no handler runs) used to leave `cutover_tpl_*` and `cutover_<domain>_*`
 * databases on the user's server for good. Databases of other machines (another host tag) and of
 * live processes are never touched.
 *
 * @public
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { isProcessAlive } from './providers/processes.ts';

/** Four hex digits naming this machine in scratch database names. */
export const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 4);

const NAME = /^cutover_(\d+)_([0-9a-f]{4})_/;

/**
 * A unique scratch database name for `label` (a leading `cutover_` is dropped from it), at most
 * 63 characters, lower-case letters, digits and `_` only.
 */
export function ownedScratchName(label: string): string {
  const clean = label.toLowerCase().replace(/^cutover_/, '').replace(/[^a-z0-9_]/g, '_');
  const head = `cutover_${process.pid}_${HOST_TAG}_`;
  const tail = `_${randomBytes(4).toString('hex')}`;
  return head + clean.slice(0, 63 - head.length - tail.length) + tail;
}

/**
 * Whether `name` is a scratch database of a process of this machine that no longer runs
 * (never true for this process's own databases, another machine's, or a name of another form).
 */
export function isStaleScratchName(name: string): boolean {
  const m = NAME.exec(name);
  if (!m || m[2] !== HOST_TAG) return false;
  const pid = Number(m[1]);
  return pid !== process.pid && !isProcessAlive(pid);
}

const swept = new Set<string>();

/**
 * Runs `sweep` once per `key` (a server) in this process: the sweep lists databases, which costs a
 * round trip, and stale databases do not appear while a run goes on.
 */
export async function sweepOnce(key: string, sweep: () => Promise<void>): Promise<void> {
  if (swept.has(key)) return;
  swept.add(key);
  await sweep().catch(() => {
    // A sweep is housekeeping: a role that may not list or drop databases must not fail the run.
  });
}
