/** Id normalization in differential runs must never mistake a field value for an id. */
import { describe, expect, it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { ModelState } from '../contracts/model-state.ts';
import { IdBook } from '../properties/id-book.ts';
import { runModelBased } from '../properties/differential.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();

describe('model ids and normalization', () => {
  it('mints ids no generated field value can equal (long, and unique to each run)', () => {
    const a = new ModelState().nextId();
    const b = new ModelState().nextId();
    expect(a.length).toBeGreaterThan(20);
    expect(a).not.toBe(b);
    const book = new IdBook();
    book.add('user', a);
    expect(book.normalize({ id: a, displayName: 'm1' })).toEqual({ id: 'user#0', displayName: 'm1' });
  });

  it('replays the CI counterexample where a displayName "m1" was taken for the model id "m1"', async () => {
    // The path was recorded when payment had its first 11 commands (quotes came later): replay
    // with exactly those, so the same seed draws the same sequence.
    const current = domains.find((d) => d.name === 'payment')!;
    const payment = { ...current, commands: () => current.commands().slice(0, 11) };
    const o = await runModelBased({
      domain: payment,
      registry: domains.map((d) => (d === current ? payment : d)),
      kind: 'mongo',
      mongo: scratch.mongo,
      pg: scratch.pg,
      seed: -744336552,
      path: '17:3:3:3:7:8:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:4:3:3:3:3:4:18:0:0:10@SC//P:d',
    });
    expect(o.error).toBeUndefined();
    expect(o.passed).toBe(true);
  });
});
