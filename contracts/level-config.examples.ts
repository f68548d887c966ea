/** Example spec of the level-config contract. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, UnsafeInputError, ValidationError } from './errors.ts';
import type { LevelConfigRepository, NewLevelConfig } from './level-config.ts';
import type { Example, Repos } from './domain.ts';

const levels = (r: Repos) => r['level-config'] as LevelConfigRepository;
const SEED: NewLevelConfig[] = [
  { level: 1, name: 'Bronze', threshold: 0 },
  { level: 2, name: 'Silver', threshold: 100, perks: { discount: '10.5', badges: ['s', null] } },
  { level: 3, name: 'Gold', threshold: 500, perks: ['free-shipping'] },
];

export const levelConfigExamples: readonly Example[] = [
  {
    name: 'gives a user exactly at a threshold the higher level',
    async run({ repos }) {
      await levels(repos).replaceAll(SEED);
      assert.equal((await levels(repos).levelFor(99))?.level, 1);
      assert.equal((await levels(repos).levelFor(100))?.level, 2);
      assert.equal((await levels(repos).levelFor(500))?.level, 3);
      assert.equal((await levels(repos).levelFor(0))?.level, 1);
      assert.equal((await levels(repos).levelFor(10_000))?.level, 3);
    },
  },
  {
    name: 'replaces the whole set and lists it in level order',
    async run({ repos }) {
      await levels(repos).replaceAll(SEED);
      const next = await levels(repos).replaceAll([
        { level: 2, name: 'Member+', threshold: 40 },
        { level: 1, name: 'Member', threshold: 0 },
      ]);
      assert.deepEqual(next.map((l) => [l.level, l.name, l.threshold]), [[1, 'Member', 0], [2, 'Member+', 40]]);
      assert.deepEqual(await levels(repos).list(), next);
      assert.equal(await levels(repos).get(3), null);
    },
  },
  {
    name: 'reads a perks payload back exactly: the JSON string "10.5" stays a string',
    async run({ repos }) {
      await levels(repos).replaceAll(SEED);
      const silver = await levels(repos).get(2);
      assert.deepEqual(silver?.perks, { discount: '10.5', badges: ['s', null] });
      assert.equal(typeof (silver?.perks as { discount: unknown }).discount, 'string');
      const top = await levels(repos).upsert({ level: 4, name: 'Top', threshold: 900, perks: '10.5' });
      assert.equal(top.perks, '10.5');
      assert.equal((await levels(repos).get(4))?.perks, '10.5');
      assert.deepEqual((await levels(repos).get(3))?.perks, ['free-shipping']);
    },
  },
  {
    name: 'refuses a write that would leave thresholds not strictly increasing, and changes nothing',
    async run({ repos }) {
      await levels(repos).replaceAll(SEED);
      await rejectsWith(levels(repos).upsert({ level: 2, name: 'Silver', threshold: 500 }), InvariantViolation, { invariant: 'level_configs.thresholds_increasing' });
      await rejectsWith(levels(repos).upsert({ level: 4, name: 'Low', threshold: 50 }), InvariantViolation, { invariant: 'level_configs.thresholds_increasing' });
      await rejectsWith(
        levels(repos).replaceAll([
          { level: 1, name: 'A', threshold: 0 },
          { level: 2, name: 'B', threshold: 300 },
          { level: 3, name: 'C', threshold: 200 },
        ]),
        ValidationError,
        { field: 'levels' },
      );
      await rejectsWith(levels(repos).replaceAll([{ level: 2, name: 'B', threshold: 10 }]), ValidationError, { field: 'levels' });
      assert.deepEqual((await levels(repos).list()).map((l) => l.threshold), [0, 100, 500]);
      const moved = await levels(repos).upsert({ level: 2, name: 'Silver', threshold: 200 });
      assert.equal(moved.threshold, 200);
      assert.ok(!('perks' in moved));
    },
  },
  {
    name: 'requires threshold 0 exactly for level 1, and rejects unsafe names and payloads',
    async run({ repos }) {
      await rejectsWith(levels(repos).upsert({ level: 1, name: 'A', threshold: 5 }), ValidationError, { field: 'threshold' });
      await rejectsWith(levels(repos).upsert({ level: 2, name: 'B', threshold: 0 }), ValidationError, { field: 'threshold' });
      await rejectsWith(levels(repos).upsert({ level: 1, name: 'x\uD800', threshold: 0 }), UnsafeInputError, { field: 'name' });
      await rejectsWith(levels(repos).upsert({ level: 1, name: 'A', threshold: 0, perks: { n: 2 ** 60 } }), ValidationError, { field: 'perks' });
      await rejectsWith(levels(repos).replaceAll([{ level: 1, name: 'A', threshold: 0, perks: ['\u0000'] }]), ValidationError, { field: 'levels[0].perks' });
      await rejectsWith(levels(repos).levelFor(-1), ValidationError, { field: 'points' });
      assert.equal(await levels(repos).levelFor(5), null);
    },
  },
];
