/**
 * A clock that can be pinned for the duration of an async call: inside `pin(f)`, every `now()`
 * returns the instant `pin` was entered. The DualWrite wrapper pins around a write so the primary
 * and the mirror stamp the same `createdAt`/`updatedAt` (otherwise every mirrored row would differ
 * from its source by the write's latency, and parity would flag it). Concurrent pins do not
 * interfere: each async call chain sees its own instant (AsyncLocalStorage).
 *
 * All pinned clocks share ONE AsyncLocalStorage. Node propagates every enabled storage to every
 * new async resource and never forgets a storage that is not disabled, so one storage per clock
 * made each promise cost grow with the number of clocks ever built: a `cutover check` builds a
 * clock per property run, and after a few thousand runs every await paid for all of them (a
 * release-hold run took 15 s late in a full check and 1.7 s on its own).
 *
 * @public
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from './clock.ts';

/** The pins active in an async call chain, innermost first (one entry per pinned clock). */
interface Pin {
  readonly clock: PinnedClock;
  readonly at: number;
  readonly outer: Pin | undefined;
}

const pins = new AsyncLocalStorage<Pin>();

/** A {@link Clock} over `base` whose `now()` can be fixed for an async call chain (see the module comment). */
export class PinnedClock implements Clock {
  /** `base` gives the time outside any pin (UTC ms). */
  constructor(private readonly base: Clock) {}

  /** The pinned instant of this clock in the current call chain, else the base clock's now (UTC ms). */
  now(): number {
    return this.pinnedAt() ?? this.base.now();
  }

  /**
   * Runs `f` with `now()` fixed at the current instant. Inside an active pin or `pinAt` of this
   * clock it keeps that instant (nested pins keep the outer one).
   */
  pin<T>(f: () => Promise<T>): Promise<T> {
    if (this.pinnedAt() !== undefined) return f();
    return pins.run({ clock: this, at: this.base.now(), outer: pins.getStore() }, f);
  }

  /**
   * Runs `f` with `now()` fixed at `at` (UTC ms), overriding an outer pin of this clock for `f`'s
   * call chain only. Throws `RangeError` synchronously (not as a rejected promise) when `at` is
   * not an integer.
   */
  pinAt<T>(at: number, f: () => Promise<T>): Promise<T> {
    if (!Number.isSafeInteger(at)) throw new RangeError(`pinAt: ${at} is not an integer number of ms`);
    return pins.run({ clock: this, at, outer: pins.getStore() }, f);
  }

  private pinnedAt(): number | undefined {
    for (let p = pins.getStore(); p; p = p.outer) if (p.clock === this) return p.at;
    return undefined;
  }
}
