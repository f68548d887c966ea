/** Command arbitraries of the level-config domain. */
import fc from 'fast-check';
import { call, record } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import type { Call } from './domain.ts';

/** Thresholds drawn from a small pool, so exact-threshold lookups and collisions happen. */
const THRESHOLDS = [0, 10, 50, 100, 500, 1000] as const;

const name = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('Bronze', 'Silver', 'Gold', 'Platin') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const perks = () => fc.oneof({ weight: 6, arbitrary: jsonPayload() }, { weight: 1, arbitrary: unsafeJsonPayload() });
const levelNo = () => fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1001, 2.5) });
const threshold = () => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...THRESHOLDS) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 1200 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0.5) });

const entry = (level: fc.Arbitrary<unknown>, t: fc.Arbitrary<unknown>) => record({ level, name: name(), threshold: t }, { perks: perks() });

/** A set that follows the rules (levels 1..n, thresholds from 0, strictly increasing), shuffled. */
const validSet = () =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: 1200 }), { maxLength: 4 })
    .chain((ts) => {
      const sorted = [0, ...ts.sort((a, b) => a - b)];
      return fc.tuple(...sorted.map((t, i) => entry(fc.constant(i + 1), fc.constant(t))));
    })
    .chain((set) => fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length }));

/** A set that breaks a rule (decreasing thresholds, a missing level 1, a duplicate level …). */
const badSet = () => fc.array(entry(levelNo(), threshold()), { minLength: 1, maxLength: 4 });

/** Every level-config command. */
export const levelConfigCommands = (): fc.Arbitrary<Call>[] => [
  call('level-config', 'upsert', entry(levelNo(), threshold())),
  call('level-config', 'replaceAll', fc.oneof({ weight: 5, arbitrary: validSet() }, { weight: 1, arbitrary: badSet() })),
  call('level-config', 'get', levelNo()),
  call('level-config', 'list'),
  call(
    'level-config',
    'levelFor',
    fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...THRESHOLDS.flatMap((t) => [t - 1, t, t + 1]).filter((p) => p >= 0)) }, { weight: 2, arbitrary: fc.nat({ max: 2000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5) }),
  ),
];
