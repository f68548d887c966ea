/**
 * The DualWrite wrapper: one generic implementation for every domain, driven by the contract's
 * method map (DESIGN.md section 2.6).
 *
 * - reads are served by the primary store;
 * - writes go to the primary first; a primary failure is the caller's failure and the mirror is
 *   not touched;
 * - then the same call goes to the mirror (a create passes the primary's id as `args[0].id`); a
 *   mirror failure never reaches the caller: the primary's result is returned and a gap is
 *   recorded for `cutover reconcile`.
 *
 * The forward mode (Mongo primary, Postgres mirror) and the reverse mode (Postgres primary, Mongo
 * mirror through `legacy_object_id`) are the same wrapper with the two stores swapped.
 *
 * @public
 */
import type { DomainDefinition, MethodSpec } from '../contracts/domain.ts';
import type { PinnedClock } from '../contracts/pinned-clock.ts';
import { errorOutcome, outcomeOf } from '../contracts/outcome.ts';
import type { ShadowReads } from './shadow.ts';

/** A mirror write that failed. `args` are the arguments the mirror was called with. */
export interface Gap {
  readonly domain: string;
  readonly method: string;
  /** The primary's id of the entity concerned (the created id, or the first string argument). */
  readonly entityId: string | undefined;
  readonly args: readonly unknown[];
  readonly error: unknown;
}

/**
 * Where gaps go. `record` must not throw: a lost gap is reported through its own channel
 * (see `PgGapRecorder`), never to the caller whose primary write succeeded.
 */
export interface GapRecorder {
  record(gap: Gap): Promise<void>;
}

/** Options of {@link dualWrite}. */
export interface DualWriteOptions {
  /**
   * The clock both implementations were built with: pinned around each write so the mirror
   * stamps the primary's instant.
   */
  readonly clock?: PinnedClock;
  /**
   * Shadow reads: every read is also sent to the mirror in the background and compared (the
   * caller still gets the primary's answer, and never waits for the mirror).
   */
  readonly shadow?: ShadowReads;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

function isCreate(spec: MethodSpec): spec is { create: string } {
  return typeof spec === 'object';
}

/** The id of an entity returned by a create, if it has one. */
function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Wraps `primary` and `mirror` (two implementations of the domain's repository interface `R`)
 * into one `R`. Methods absent from `def.methods` are not exposed.
 */
export function dualWrite<R extends object>(
  def: Pick<DomainDefinition<R>, 'name' | 'methods'>,
  primary: R,
  mirror: R,
  gaps: GapRecorder,
  options: DualWriteOptions = {},
): R {
  const pin = options.clock ? options.clock.pin.bind(options.clock) : <T>(f: () => Promise<T>) => f();
  const wrapped: Record<string, AnyMethod> = {};
  for (const [method, spec] of Object.entries(def.methods) as [string, MethodSpec][]) {
    const p = (primary as Record<string, AnyMethod>)[method]!.bind(primary);
    const m = (mirror as Record<string, AnyMethod>)[method]!.bind(mirror);
    if (spec === 'read') {
      const shadow = options.shadow;
      wrapped[method] = !shadow
        ? p
        : async (...args) => {
            const mirrorAnswer = () => outcomeOf(() => m(...args));
            const primaryAgain = () => outcomeOf(() => p(...args));
            try {
              const value = await p(...args);
              shadow.compare(def.name, method, args, { ok: value }, mirrorAnswer, primaryAgain);
              return value;
            } catch (e) {
              shadow.compare(def.name, method, args, errorOutcome(e), mirrorAnswer, primaryAgain);
              throw e;
            }
          };
      continue;
    }
    wrapped[method] = (...args) => pin(async () => {
      const result = await p(...args);
      const created = isCreate(spec) ? idOf(result) : undefined;
      const mirrorArgs = created === undefined ? args : [{ ...(args[0] as object), id: created }, ...args.slice(1)];
      try {
        await m(...mirrorArgs);
      } catch (error) {
        const entityId = created ?? (typeof args[0] === 'string' ? args[0] : undefined);
        await gaps.record({ domain: def.name, method, entityId, args: mirrorArgs, error });
      }
      return result;
    });
  }
  return wrapped as R;
}
