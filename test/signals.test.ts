/**
 * SIGINT and SIGTERM stop every command in every phase, and leave nothing behind: no process the
 * command started, no file in its temporary folder (each child gets a TMPDIR of its own), no
 * scratch database on the servers (the test's servers, given as PG_URL / MONGO_URL, are the
 * "user's servers" here). The exit status is 130 / 143 and no stack trace is printed.
 *
 * The phase is recognised from the command's own output, or from a server process appearing
 * among its children; no timing is assumed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeLegacyDataset } from '../fixtures/legacy.ts';
import { isProcessAlive } from '../harness/providers/processes.ts';
import { runCutover, useScratchStores } from './support.ts';

/** Pids of every descendant of `root` (from /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const [child, pp] of parent) if (pp === p && !out.includes(child)) (out.push(child), visit(child));
  };
  visit(root);
  return out;
}

/** Databases named for process `pid` (`cutover_<pid>_...`) on the test's Postgres and Mongo servers. */
async function scratchDatabasesOf(pid: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cutover\\_${pid}\\_%`]).finally(() => client.end());
  const mongo = new MongoClient(inject('mongoUrl'));
  const { databases } = await mongo.db('admin').admin().listDatabases({ nameOnly: true }).finally(() => mongo.close());
  return [...rows.map((r) => `pg ${r.datname}`), ...databases.filter((d) => d.name.startsWith(`cutover_${pid}_`)).map((d) => `mongo ${d.name}`)];
}

interface Phase {
  readonly name: string;
  readonly args: readonly string[];
  /** `external`: PG_URL / MONGO_URL name the test's servers; `embedded`: the harness starts its own. */
  readonly servers: 'external' | 'embedded' | 'live';
  /** Signal once stderr matches this, or (`server`) once a server process runs under the command. */
  readonly when: RegExp | 'server';
}

const PHASES: readonly Phase[] = [
  { name: 'check while starting its embedded servers', args: ['check', '--domain', 'user', '--runs', '5'], servers: 'embedded', when: 'server' },
  { name: 'check while migrating the template', args: ['check', '--domain', 'user', '--runs', '200'], servers: 'external', when: /migrating a template database/ },
  { name: 'check while checks run on the user\'s servers', args: ['check', '--domain', 'user', '--domain', 'address', '--runs', '200'], servers: 'external', when: /✓ \S+ \/ examples/ },
  { name: 'migrate --check during the gate', args: ['migrate', '--check'], servers: 'external', when: /migration gate on/ },
  { name: 'env while starting its embedded servers', args: ['env'], servers: 'embedded', when: 'server' },
  { name: 'backfill mid-stream', args: ['backfill'], servers: 'live', when: /: \d+\/\d+$/m },
  { name: 'verify while comparing', args: ['verify'], servers: 'live', when: /^verify: comparing/m },
  { name: 'reconcile while re-syncing', args: ['reconcile'], servers: 'live', when: /^reconcile: \d+ open gaps/m },
];

describe('signals stop every command and leave nothing behind', () => {
  const scratch = useScratchStores();
  let live: Record<string, string>;
  beforeAll(async () => {
    await writeLegacyDataset(scratch.mongo.db, { documents: 4000, seed: 21 });
    live = { PG_URL: scratch.pg.url, MONGO_URL: inject('mongoUrl'), MONGO_DB: scratch.mongo.db.databaseName };
    // Reconcile needs open gaps (and a backfilled target, so that its re-sync has work to compare).
    expect((await runCutover(['backfill'], live)).code).toBe(0);
  });
  afterAll(() => {});

  for (const phase of PHASES) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${signal}: ${phase.name}`, async () => {
        if (phase.name.startsWith('reconcile')) {
          await scratch.pg.db.execute(sql`INSERT INTO pg_dualwrite_gaps (domain, method, entity_id, args, error_code, error_message) VALUES ('user', 'update', 'x', '[]', 'SQLSTATE 08006', 'connection lost'), ('address', 'update', 'y', '[]', 'SQLSTATE 08006', 'connection lost')`);
        }
        const tmp = mkdtempSync(path.join(os.tmpdir(), 'signal-test-'));
        // Like /tmp itself: embedded Postgres runs as the non-root postgres user and reads its files here.
        chmodSync(tmp, 0o1777);
        const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TMPDIR: tmp, CUTOVER_DEBUG: undefined };
        delete env.PG_URL;
        delete env.MONGO_URL;
        if (phase.servers === 'external') Object.assign(env, { PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl') });
        if (phase.servers === 'live') Object.assign(env, live);
        const child = spawn(process.execPath, [path.resolve('bin/cutover.js'), ...phase.args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
        let seen: number[] = [];
        const started = new Map<number, string>();
        const note = (pids: number[]) => {
          for (const p of pids) if (!started.has(p)) started.set(p, startTime(p));
          return pids;
        };
        await new Promise<void>((resolve, reject) => {
          const poll = setInterval(() => {
            seen = [...new Set([...seen, ...note(descendants(child.pid!))])];
            const ready = phase.when === 'server' ? seen.some((p) => /postgres|ferretdb/.test(safeCmdline(p))) : phase.when.test(stderr);
            if (ready) {
              clearInterval(poll);
              resolve();
            }
          }, 20);
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          void exited.then(() => {
            clearInterval(poll);
            reject(new Error(`${phase.args.join(' ')} ended before the phase was reached:\n${stderr}\n${stdout}`));
          });
        });
        seen = [...new Set([...seen, ...note(descendants(child.pid!))])];
        child.kill(signal);
        const end = await exited;
        expect(end).toEqual({ code: signal === 'SIGINT' ? 130 : 143, signal: null });
        expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
        expect(stderr).not.toMatch(/57P01|Unhandled 'error' event/);
        // A child may take a moment to notice its parent is gone (tsx's esbuild service does);
        // one that never goes hangs here until the test times out. Start times rule out a
        // recycled pid on this busy machine.
        const left = () => seen.filter((p) => isProcessAlive(p) && startTime(p) === started.get(p)).map((p) => `${p} ${safeCmdline(p)}`);
        while (left().length > 0) await new Promise((r) => setTimeout(r, 50));
        expect(left()).toEqual([]);
        // tsx (which runs our TypeScript) keeps its compile cache there: not the command's leftover.
        expect(readdirSync(tmp).filter((f) => !/^tsx-\d+$/.test(f))).toEqual([]);
        expect(await scratchDatabasesOf(child.pid!)).toEqual([]);
        rmSync(tmp, { recursive: true, force: true });
      });
    }
  }

  it('a stale scratch database whose owner process is gone is dropped by the next run', async () => {
    const { ownedScratchName } = await import('../harness/scratch-names.ts');
    // A process that has exited: its pid names the stale databases.
    const dead = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    const stale = ownedScratchName('tpl').replace(`cutover_${process.pid}_`, `cutover_${pid}_`);
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${stale}"`);
    await admin.end();
    const mongo = new MongoClient(inject('mongoUrl'));
    await mongo.db(stale).collection('x').insertOne({ a: 1 });
    await mongo.close();
    expect(await scratchDatabasesOf(pid)).toHaveLength(2);
    const r = await runCutover(['check', '--domain', 'user', '--check', 'examples', '--impl', 'model'], { PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl') });
    expect(r.code).toBe(0);
    expect(await scratchDatabasesOf(pid)).toEqual([]);
  });
});

/** Field 22 of /proc/<pid>/stat: when the process started (clock ticks since boot); '' when gone. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function safeCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
