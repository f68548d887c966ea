/**
 * Shadow reads in the DualWrite wrapper: the caller gets Mongo's answer without waiting, the
 * mirror's is compared in the background, verdicts are counted (and persisted), ignore rules
 * count apart from matches.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { domains, user } from '../contracts/index.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import { TickingClock } from '../contracts/clock.ts';
import type { IgnoreRule } from '../contracts/shadow.ts';
import type { UserRepository } from '../contracts/user.ts';
import { dualWrite } from '../repos/dualwrite.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import { judge, PgShadowRecorder, ShadowReads } from '../repos/shadow.ts';
import { toLegacyIds } from '../properties/targets.ts';
import type { Outcome } from '../contracts/outcome.ts';
import { useScratchStores, withImplementation } from './support.ts';
import { expectCaught } from './harness-catches/catches.ts';
import { drizzleUserDropsLegacyId } from './harness-catches/mutants.ts';

const scratch = useScratchStores();

describe('judge', () => {
  const base = { domain: 'user', method: 'get', args: [] };
  const rule: IgnoreRule = { name: 'display-name-case', description: 'fixture', source: 'test', applies: (c) => JSON.stringify(c.primary).toLowerCase() === JSON.stringify(c.mirror).toLowerCase() };

  it('matches equal answers, ignores a difference a rule covers, and flags the rest', () => {
    expect(judge({ ...base, primary: { ok: 1 }, mirror: { ok: 1 } }, [rule]).outcome).toBe('match');
    const ignored = judge({ ...base, primary: { ok: 'Ann' }, mirror: { ok: 'ann' } }, [rule]);
    expect(ignored).toMatchObject({ outcome: 'ignored', rule: 'display-name-case' });
    expect(judge({ ...base, primary: { ok: 'Ann' }, mirror: { ok: 'Bob' } }, [rule]).outcome).toBe('mismatch');
    expect(judge({ ...base, primary: { ok: 1 }, mirror: { error: 'NotFoundError' } }, []).outcome).toBe('mismatch');
  });
});

describe('shadow reads through the DualWrite wrapper', () => {
  it('serves Mongo, compares Postgres in the background, and persists the counts', async () => {
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
    const clock = new PinnedClock(new TickingClock(0));
    const recorder = new PgShadowRecorder(scratch.pg.db);
    const shadow = new ShadowReads({ recorder, mapIds: async (o) => (await toLegacyIds(scratch.pg.db, o)) as Outcome });
    const repo = dualWrite(user, user.mongo({ clock, db: scratch.mongo.db }), user.drizzle({ clock, db: scratch.pg.db }), new PgGapRecorder(scratch.pg.db), { clock, shadow }) as UserRepository;
    const u = await repo.create({ email: 'shadow@example.com' });
    expect(await repo.get(u.id)).toEqual(u);
    await expect(repo.update('ffffffffffffffffffffffff', { role: 'admin' })).rejects.toThrow(/not found/);
    expect(await repo.getByEmail('nobody@example.com')).toBeNull();
    // A write made only in Mongo (as a legacy writer would) makes the next read disagree.
    await scratch.mongo.db.collection('users').updateOne({ email: 'shadow@example.com' }, { $set: { displayName: 'changed in Mongo only' } });
    expect((await repo.get(u.id))?.displayName).toBe('changed in Mongo only');
    await shadow.settled();

    expect(recorder.stats.total()).toEqual({ match: 2, mismatch: 1, ignored: 0, error: 0 });
    const counts = await scratch.pg.db.execute<{ outcome: string; n: number }>(sql`SELECT outcome, sum(count)::int AS n FROM pg_shadow_read_counts GROUP BY outcome ORDER BY outcome`);
    expect(counts.rows).toEqual([
      { outcome: 'match', n: 2 },
      { outcome: 'mismatch', n: 1 },
    ]);
    const [m] = (await scratch.pg.db.execute<{ method: string; primary_answer: { ok: { displayName: string } } }>(sql`SELECT method, primary_answer FROM pg_shadow_read_mismatches`)).rows;
    expect(m?.method).toBe('get');
    expect(m?.primary_answer.ok.displayName).toBe('changed in Mongo only');
    expect(recorder.lost).toBe(0);
  });

  it('catches a mirror that loses the primary id, in the shadow-read check', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'user', { drizzle: drizzleUserDropsLegacyId }), domain: 'user', check: 'shadow-reads', implementation: 'dual' });
    expect(r.failure!.message).toMatch(/^shadow read user\./);
  });
});
