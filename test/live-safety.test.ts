/**
 * Live-database commands: report files are written atomically and only when the run produced
 * them (an unwritable path is found before the run), `backfill` serialises writers with an
 * advisory lock and reports no false skips when run twice, refuses a `--domain` whose
 * dependencies are not in Postgres yet, and refuses a Mongo database without the legacy
 * collections (a typo'd `--mongo-db`).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeLegacyDataset } from '../fixtures/legacy.ts';
import { runCutover, useScratchStores } from './support.ts';

describe('report files', () => {
  it('a run that fails at connect leaves the last good report whole (no truncation, no temp file)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cutover-reports-'));
    const files = ['r.json', 'r.xml', 'r.md'].map((f) => path.join(dir, f));
    for (const f of files) writeFileSync(f, 'last good report\n');
    const r = await runCutover(['check', '--domain', 'user', '--json', files[0]!, '--junit', files[1]!, '--markdown', files[2]!], { PG_URL: 'postgres://u:pw@127.0.0.1:1/app' });
    expect(r.code).toBe(2);
    for (const f of files) expect(readFileSync(f, 'utf8')).toBe('last good report\n');
    expect((await import('node:fs')).readdirSync(dir).sort()).toEqual(['r.json', 'r.md', 'r.xml']);
  });

  it('an unwritable --json is refused before verify touches a server', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cutover-ro-'));
    chmodSync(dir, 0o500);
    const asRoot = process.getuid?.() === 0;
    const target = asRoot ? dir : path.join(dir, 'v.json'); // root may write anywhere: a folder is unwritable as a file for everyone
    // A server that would refuse: the error must be about --json, so verify never got that far.
    const r = await runCutover(['verify', '--json', target], { PG_URL: 'postgres://u:pw@127.0.0.1:1/app', MONGO_URL: 'mongodb://127.0.0.1:1', MONGO_DB: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --json .*(is a folder|cannot write into folder)/m);
    expect(r.stderr).not.toMatch(/PG_URL|MONGO_URL/);
  });
});

describe('backfill on a live target', () => {
  const scratch = useScratchStores();
  const env = () => ({ PG_URL: scratch.pg.url, MONGO_URL: inject('mongoUrl'), MONGO_DB: scratch.mongo.db.databaseName });

  it('a --mongo-db with none of the legacy collections is an error naming the databases that have them', async () => {
    await writeLegacyDataset(scratch.mongo.db, { documents: 50, seed: 2, breakers: false });
    const r = await runCutover(['backfill', '--mongo-db', `${scratch.mongo.db.databaseName}_typo`], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --mongo-db \S+_typo: this database has none of the collections users, /m);
  });

  it('--domain address on an empty target refuses and names user; --with-dependencies backfills both', async () => {
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
    await writeLegacyDataset(scratch.mongo.db, { documents: 200, seed: 4, breakers: false });
    const refused = await runCutover(['backfill', '--domain', 'address'], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--domain address depends on domains not backfilled yet: user \(address references users, which is empty in Postgres\).*--domain user.*--with-dependencies/);
    const both = await runCutover(['backfill', '--domain', 'address', '--with-dependencies', '--fail-on-skip'], env());
    expect(both.stdout).toMatch(/^ {2}user +seen [1-9]/m);
    expect(both.stdout).toMatch(/^ {2}address +seen [1-9]\d* +inserted [1-9]/m);
    expect(both.code).toBe(0);
  });

  it('two runs in a row: the second writes nothing and skips nothing more than the first', async () => {
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
    await writeLegacyDataset(scratch.mongo.db, { documents: 600, seed: 9 });
    const first = await runCutover(['backfill'], env());
    const second = await runCutover(['backfill'], env());
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const skipped = (out: string) => [...out.matchAll(/skipped (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(skipped(second.stdout)).toBe(skipped(first.stdout));
    expect(second.stdout).not.toMatch(/duplicate key/);
    expect(second.stdout).not.toMatch(/inserted [1-9]/);
  });

  it('a second writer while one holds the target: refused with a clear message, not false skips', async () => {
    const pool = scratch.pg.newPool(1);
    const holder = await pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [0x6375_7476]);
      for (const cmd of [['backfill'], ['reconcile']]) {
        const r = await runCutover(cmd, env());
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^error: ${cmd[0]}: another cutover backfill or reconcile is writing this Postgres database \\(server process \\d+`, 'm'));
      }
    } finally {
      holder.release();
      await pool.end();
    }
  });
});
