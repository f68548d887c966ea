/**
 * Time source injected into every repository so that runs are reproducible. Times are UTC
 * milliseconds since the epoch (DESIGN.md section 4).
 *
 * @public
 */
export interface Clock {
  /** Current time in UTC ms. Repositories call it once per write. */
  now(): number;
}

/** The wall clock, truncated to milliseconds. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock the harness sets: the differential runner sets one instant per command, so the model
 * and every implementation stamp the same command with the same time.
 */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  /** Sets the current instant (UTC ms; must be an integer). */
  set(ms: number): void {
    if (!Number.isSafeInteger(ms)) throw new RangeError(`clock: ${ms} is not an integer number of ms`);
    this.ms = ms;
  }
}

/**
 * A clock that advances 1 ms on every read, so that entities created in quick succession still
 * have distinct, ordered `createdAt` values (examples rely on "oldest first").
 */
export class TickingClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return ++this.ms;
  }
}
