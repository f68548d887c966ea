/**
 * The pre-cutover runbook as an operator runs it: `cutover backfill`, `verify`, `reconcile` on
 * live databases (here: scratch ones), with the allow-list and the schema-version guard.
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { writeLegacyDataset } from '../fixtures/legacy.ts';
import { useScratchStores, runCutover } from './support.ts';

const scratch = useScratchStores();

const cutover = runCutover;

describe('pre-cutover runbook', () => {
  it('backfills a legacy dataset, verifies zero diff, finds a corruption, and reconciles a gap', async () => {
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
    await writeLegacyDataset(scratch.mongo.db, { documents: 400, seed: 3 });
    const env = { PG_URL: scratch.pg.url, MONGO_URL: inject('mongoUrl'), MONGO_DB: scratch.mongo.db.databaseName };

    const fill = await cutover(['backfill'], env);
    expect(fill.stderr).not.toMatch(/error/i);
    expect(fill.code).toBe(0);
    expect(fill.stdout).toMatch(/skipped .+: .+/); // the dataset's constraint breakers, each with its rule

    const clean = await cutover(['verify'], env);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/read only: yes/);
    expect(clean.stdout).toMatch(/^zero diff$/m);

    const [victim] = (await scratch.pg.db.execute<{ id: string }>(sql`SELECT legacy_object_id AS id FROM addresses WHERE legacy_object_id IS NOT NULL ORDER BY 1 LIMIT 1`)).rows;
    await scratch.pg.db.execute(sql`UPDATE addresses SET city = 'Tampered' WHERE legacy_object_id = ${victim!.id}`);
    const dirty = await cutover(['verify', '--domain', 'address'], env);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain(victim!.id);
    expect(dirty.stdout).toMatch(/city/);

    // A gap, as the DualWrite wrapper records one when the mirror write failed.
    await scratch.pg.db.execute(sql`INSERT INTO pg_dualwrite_gaps (domain, method, entity_id, args, error_code, error_message) VALUES ('address', 'update', ${victim!.id}, '[]', 'SQLSTATE 08006', 'connection lost')`);
    const rec = await cutover(['reconcile'], env);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/resolved 1 gaps, 0 left open/);
    const after = await cutover(['verify'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/gaps: 0 open/);
  });

  it('turns a check report and a verify report into the readiness report', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cutover-report-'));
    const env = { PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl') };
    const check = await cutover(['check', '--domain', 'user', '--runs', '3', '--json', path.join(dir, 'check.json')], env);
    expect(check.code).toBe(0);
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
    await writeLegacyDataset(scratch.mongo.db, { documents: 100, seed: 5, breakers: false });
    const live = { PG_URL: scratch.pg.url, MONGO_URL: inject('mongoUrl'), MONGO_DB: scratch.mongo.db.databaseName };
    expect((await cutover(['backfill'], live)).code).toBe(0);
    expect((await cutover(['verify', '--json', path.join(dir, 'verify.json')], live)).code).toBe(0);
    const r = await cutover(['report', '--from', path.join(dir, 'check.json'), '--verify', path.join(dir, 'verify.json'), '--html', path.join(dir, 'r.html')], {});
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| user |'))!;
    expect(row).toMatch(/zero diff/);
    expect(row).toMatch(/0 open/);
    expect(row).toMatch(/95% upper bound/);
    const html = await readFile(path.join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/<td class="ok">zero diff/);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('refuses a host outside the allow-list, naming the flag that allows it', async () => {
    const r = await cutover(['verify'], { PG_URL: 'postgres://u:secret-pw@db.example.internal:5432/app', MONGO_URL: inject('mongoUrl'), MONGO_DB: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PG_URL: host db\.example\.internal is not allowed \(allow it with --allow-host db\.example\.internal/);
    expect(r.stderr).not.toMatch(/secret-pw/);
  });

  it('refuses a database whose migrations are behind, saying what to run', async () => {
    const pg = await scratch.stores.pg();
    await pg.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)`);
    const r = await cutover(['backfill', '--dry-run'], { PG_URL: pg.url, MONGO_URL: inject('mongoUrl'), MONGO_DB: scratch.mongo.db.databaseName });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Postgres is at migration \d+ of \d+ .*run `cutover migrate`/);
  });
});
