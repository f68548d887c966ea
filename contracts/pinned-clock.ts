/**
 * A clock that can be pinned for the duration of an async call: inside `pin(f)`, every `now()`
 * returns the instant `pin` was entered. The DualWrite wrapper pins around a write so the primary
 * and the mirror stamp the same `createdAt`/`updatedAt` (otherwise every mirrored row would differ
 * from its source by the write's latency, and parity would flag it). Concurrent pins do not
 * interfere: each async call chain sees its own instant (AsyncLocalStorage).
 *
 * @public
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from './clock.ts';

export class PinnedClock implements Clock {
  private readonly pinned = new AsyncLocalStorage<number>();

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.pinned.getStore() ?? this.base.now();
  }

  /** Runs `f` with `now()` fixed at the current instant (nested pins keep the outer instant). */
  pin<T>(f: () => Promise<T>): Promise<T> {
    if (this.pinned.getStore() !== undefined) return f();
    return this.pinned.run(this.base.now(), f);
  }
}
