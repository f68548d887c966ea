/**
 * PinnedClock: a pin fixes `now()` for its async call chain only, pins of different clocks nest
 * without hiding each other (all clocks share one AsyncLocalStorage, see the module's comment).
 */
import { describe, expect, it } from 'vitest';
import { TickingClock } from '../contracts/clock.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('PinnedClock', () => {
  it('fixes now() inside a pin and ticks again outside it', async () => {
    const clock = new PinnedClock(new TickingClock(0));
    const inside = await clock.pin(async () => {
      const a = clock.now();
      await tick();
      return [a, clock.now(), await clock.pin(async () => clock.now())];
    });
    expect(inside).toEqual([1, 1, 1]);
    expect(clock.now()).toBe(2);
  });

  it('keeps concurrent pins apart', async () => {
    const clock = new PinnedClock(new TickingClock(100));
    const run = () => clock.pin(async () => {
      const first = clock.now();
      await tick();
      await tick();
      return [first, clock.now()];
    });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a![0]).toBe(a![1]);
    expect(b![0]).toBe(b![1]);
    expect(a![0]).not.toBe(b![0]);
  });

  it('nests pins of two clocks: each sees its own pinned instant', async () => {
    const outer = new PinnedClock(new TickingClock(0));
    const inner = new PinnedClock(new TickingClock(1000));
    const seen = await outer.pin(async () =>
      inner.pin(async () => {
        await tick();
        return { outer: [outer.now(), outer.now()], inner: [inner.now(), inner.now()] };
      }),
    );
    expect(seen).toEqual({ outer: [1, 1], inner: [1001, 1001] });
    expect([outer.now(), inner.now()]).toEqual([2, 1002]);
  });

  it('pinAt overrides an outer pin for its own call chain only', async () => {
    const clock = new PinnedClock(new TickingClock(0));
    const seen = await clock.pin(async () => {
      const before = clock.now();
      const inner = await clock.pinAt(42, async () => [clock.now(), (await tick(), clock.now())]);
      return { before, inner, after: clock.now() };
    });
    expect(seen).toEqual({ before: 1, inner: [42, 42], after: 1 });
    expect(() => clock.pinAt(1.5, async () => 0)).toThrow(RangeError);
  });

  it('pin inside pinAt keeps the pinAt instant; pinAt of one clock leaves another alone', async () => {
    const a = new PinnedClock(new TickingClock(0));
    const b = new PinnedClock(new TickingClock(500));
    const seen = await a.pinAt(42, async () => ({ a: await a.pin(async () => a.now()), b: [b.now(), b.now()] }));
    expect(seen).toEqual({ a: 42, b: [501, 502] });
  });
});
