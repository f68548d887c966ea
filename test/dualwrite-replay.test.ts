/**
 * An idempotent create retried after the mirror missed its first call: the mirror must end up
 * with the transaction the primary holds (same id, amount, kind, instant), in both dual-write
 * modes. Deterministic: the mirror's first `award` fails, the retry carries other input under the
 * same idempotency key (a `redeem`), at a later instant.
 *
 * Without `replay` the mirror recorded the retry's input (a redemption) under the award's id, and
 * without `at` at the retry's instant; in reverse mode the Mongo mirror also got a freshly minted
 * id instead of the row's legacy id.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../contracts/clock.ts';
import { points, user } from '../contracts/index.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import type { PointsRepository } from '../contracts/points.ts';
import type { UserRepository } from '../contracts/user.ts';
import { wireDualWrite } from '../harness/factory.ts';
import { dualWrite, type Gap, type GapRecorder } from '../repos/dualwrite.ts';
import { ModelState } from '../contracts/model-state.ts';
import { LegacyIdCache } from '../repos/legacy-ids.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();
const T1 = Date.UTC(2025, 0, 1, 12, 0, 0, 0);
const T2 = T1 + 60_000;

/** `repo` whose `award` throws the first time it is called (a mirror write that failed). */
function awardFailsOnce(repo: PointsRepository): PointsRepository {
  let failed = false;
  return {
    award: (input) => {
      if (failed) return repo.award(input);
      failed = true;
      return Promise.reject(new Error('injected: the mirror is down'));
    },
    redeem: (input) => repo.redeem(input),
    balance: (id) => repo.balance(id),
    history: (id) => repo.history(id),
  };
}

interface Stored {
  readonly legacyId: string;
  readonly amount: number;
  readonly kind: string;
  readonly createdAt: number;
}

async function storedOnBothSides(): Promise<{ mongo: Stored[]; postgres: Stored[] }> {
  const docs = await scratch.mongo.db.collection('pointTransactions').find({}).toArray();
  const rows = await scratch.pg.db.execute<{ legacy_object_id: string; amount: number; kind: string; created_at: Date }>(
    sql`SELECT legacy_object_id, amount, kind, created_at FROM point_transactions`,
  );
  return {
    mongo: docs.map((d) => ({ legacyId: String(d._id), amount: d.amount as number, kind: d.kind as string, createdAt: (d.createdAt as Date).getTime() })),
    postgres: rows.rows.map((r) => ({ legacyId: r.legacy_object_id, amount: Number(r.amount), kind: r.kind, createdAt: new Date(r.created_at).getTime() })),
  };
}

describe('DualWrite replays an idempotent answer to the mirror', () => {
  beforeEach(async () => {
    await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
  });

  for (const mode of ['dual', 'pg'] as const) {
    it(`${mode}: a redeem retried with an award's key gives the mirror the award, at its instant, under its id`, async () => {
      const clock = new ManualClock(T1);
      const pinned = new PinnedClock(clock);
      const ids = new LegacyIdCache(scratch.pg.db);
      const gaps: Gap[] = [];
      const recorder: GapRecorder = { record: async (g) => void gaps.push(g) };
      const stores = { clock: pinned, db: scratch.mongo.db };
      const users = wireDualWrite(user, mode, { mongo: user.mongo(stores), drizzle: user.drizzle({ clock: pinned, db: scratch.pg.db }) }, recorder, pinned, ids) as UserRepository;
      const mongoPoints = points.mongo(stores) as PointsRepository;
      const drizzlePoints = points.drizzle({ clock: pinned, db: scratch.pg.db }) as PointsRepository;
      const repo = wireDualWrite(
        points,
        mode,
        mode === 'dual' ? { mongo: mongoPoints, drizzle: awardFailsOnce(drizzlePoints) } : { mongo: awardFailsOnce(mongoPoints), drizzle: drizzlePoints },
        recorder,
        pinned,
        ids,
      ) as PointsRepository;

      const u = await users.create({ email: `replay-${mode}@example.com` });
      const first = await repo.award({ userId: u.id, amount: 10, kind: 'purchase', idempotencyKey: 'k1' });
      expect(gaps.map((g) => `${g.domain}.${g.method}`)).toEqual(['points.award']);

      clock.set(T2);
      const retry = await repo.redeem({ userId: u.id, amount: 3, idempotencyKey: 'k1' });
      expect(retry).toEqual(first);
      expect(gaps).toHaveLength(1);

      const { mongo, postgres } = await storedOnBothSides();
      expect(postgres).toEqual([{ legacyId: postgres[0]!.legacyId, amount: 10, kind: 'purchase', createdAt: T1 }]);
      expect(mongo).toEqual(postgres);
    });
  }
});

describe('a create spec whose at names a field the answer lacks', () => {
  it('fails the call with a TypeError naming the method and the field (a contract bug, never a gap)', async () => {
    const clock = new PinnedClock(new ManualClock(T1));
    const primary = new ModelState();
    const mirror = new ModelState();
    const id = '65a000000000000000000001';
    const u = await user.model({ clock, state: primary }).create({ id, email: 'typo@example.com' });
    await user.model({ clock, state: mirror }).create({ id, email: 'typo@example.com' });
    const gaps: Gap[] = [];
    const typo = { ...points, methods: { ...points.methods, award: { create: 'pointTransaction', at: 'createAt' } } };
    const repo = dualWrite(typo, points.model({ clock, state: primary }), points.model({ clock, state: mirror }), { record: async (g) => void gaps.push(g) }, { clock }) as PointsRepository;
    await expect(repo.award({ userId: u.id, amount: 1, kind: 'purchase' })).rejects.toThrow(/points\.award: its create spec's at names 'createAt'/);
    expect(gaps).toEqual([]);
  });
});
