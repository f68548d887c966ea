/**
 * The DualWrite wrapper: one generic implementation for every domain, driven by the contract's
 * method map (DESIGN.md section 2.6).
 *
 * - reads are served by the primary store;
 * - writes go to the primary first; a primary failure is the caller's failure and the mirror is
 *   not touched;
 * - then the same call goes to the mirror (a create passes the primary's id as `args[0].id`); a
 *   mirror failure never reaches the caller: the primary's result is returned and a gap is
 *   recorded for `cutover reconcile`;
 * - every write runs with the clock pinned, so the mirror stamps the primary's instant; a create
 *   spec with `at` pins the mirror at the instant of the primary's answer instead (an idempotent
 *   create may answer with an entity made earlier), and one with `replay` sends the mirror a call
 *   built from the primary's answer instead of the caller's input (the entity the primary holds).
 *
 * The forward mode (Mongo primary, Postgres mirror) and the reverse mode (Postgres primary, Mongo
 * mirror through `legacy_object_id`) are the same wrapper with the two stores swapped. The reverse
 * mode adds two options: `mintId` gives every create an ObjectId before the primary runs it (the
 * Postgres row keeps it as `legacy_object_id`, the Mongo mirror uses it as `_id`), and
 * `mirrorArgs` rewrites the mirror's arguments (Postgres uuids to the legacy ids Mongo knows).
 *
 * @public
 */
import type { CreateSpec, DomainDefinition, MethodSpec } from '../contracts/domain.ts';
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
  /**
   * Reverse mode: mints the id of every create whose input has none (a 24-hex ObjectId), so the
   * primary (Postgres) stores it as `legacy_object_id` and the mirror (Mongo) as `_id`.
   */
  readonly mintId?: () => string;
  /**
   * Reverse mode: rewrites the mirror's arguments before the call (for a Mongo mirror: every
   * Postgres uuid to the legacy id `id_map` holds for it). A throw is recorded as a gap.
   */
  readonly mirrorArgs?: (args: readonly unknown[]) => Promise<readonly unknown[]>;
  /**
   * Told the primary's and the mirror's id of every entity a create wrote on both sides (for an
   * id cache such as `LegacyIdCache`). Must not throw.
   */
  readonly onCreated?: (primaryId: string, mirrorId: string) => void;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

function isCreate(spec: MethodSpec): spec is CreateSpec {
  return typeof spec === 'object';
}

/** The id of an entity returned by a create, if it has one. */
function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** `result[field]` as an instant (UTC ms); throws `TypeError` naming the method when it is not an integer. */
function instantOf(result: unknown, field: string, method: string): number {
  const v = (result as Record<string, unknown> | null)?.[field];
  if (!Number.isSafeInteger(v)) throw new TypeError(`${method}: its create spec's at names '${field}', but the primary's answer holds ${JSON.stringify(v)} there, not a time in UTC ms`);
  return v as number;
}

/** True for a plain object argument (a create's input), false for null, arrays and scalars. */
function isPlainInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
  const clock = options.clock;
  const pin = clock ? clock.pin.bind(clock) : <T>(f: () => Promise<T>) => f();
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
    const mint = options.mintId;
    const translate = options.mirrorArgs;
    wrapped[method] = (...given) => pin(async () => {
      // Reverse mode: the create's id is minted before the primary sees it (an input that is not
      // an object is passed unchanged, so the primary rejects it exactly as it would anyway).
      const minting = mint !== undefined && isCreate(spec) && isPlainInput(given[0]) && (given[0] as { id?: unknown }).id === undefined;
      const args = minting ? [{ ...(given[0] as object), id: mint() }, ...given.slice(1)] : given;
      // Translated before the primary runs: a delete on the primary also removes the mapping.
      let translated: readonly unknown[] | Error = args;
      if (translate) translated = await translate(args).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      const result = await p(...args);
      // The mirror stores the create under the id the primary answered with, or (reverse mode,
      // where the primary answers with its uuid) the legacy id the input carried, minted or given.
      const givenId = mint !== undefined && isPlainInput(args[0]) ? (args[0] as { id?: unknown }).id : undefined;
      const created = isCreate(spec) ? (typeof givenId === 'string' ? givenId : idOf(result)) : undefined;
      const base = translated instanceof Error ? args : translated;
      const echoed = isCreate(spec) && spec.echo ? Object.fromEntries(Object.entries(spec.echo).map(([arg, field]) => [arg, (result as Record<string, unknown>)[field]])) : {};
      // An idempotent create may answer with an entity made earlier: the mirror stamps its instant.
      // A spec naming a field the answer lacks is a contract bug: it reaches the caller (a crash in
      // every check), never a gap that reconcile would quietly repair.
      const at = isCreate(spec) && spec.at !== undefined ? instantOf(result, spec.at, `${def.name}.${method}`) : undefined;
      let mirrorArgs: readonly unknown[] = created === undefined ? base : [{ ...(base[0] as object), id: created, ...echoed }, ...base.slice(1)];
      let mirrorMethod = m;
      try {
        if (translated instanceof Error) throw translated;
        if (isCreate(spec) && spec.replay) {
          // The mirror records what the primary holds, under the primary's id (reverse mode: the
          // legacy id id_map gives that row, which an idempotent answer did not mint now).
          const call = spec.replay(result);
          const withId = [{ ...(call.args[0] as object), id: idOf(result) }, ...call.args.slice(1)];
          mirrorArgs = translate ? await translate(withId) : withId;
          mirrorMethod = (mirror as Record<string, AnyMethod>)[call.method]!.bind(mirror);
        }
        const mirrored = clock && at !== undefined ? await clock.pinAt(at, () => mirrorMethod(...mirrorArgs)) : await mirrorMethod(...mirrorArgs);
        const mirrorId = created === undefined ? undefined : idOf(mirrored);
        if (mirrorId !== undefined) options.onCreated?.(idOf(result) ?? created!, mirrorId);
      } catch (error) {
        const replayed = isCreate(spec) && spec.replay ? idOf(mirrorArgs[0]) : undefined;
        const entityId = replayed ?? created ?? (typeof args[0] === 'string' ? args[0] : undefined);
        await gaps.record({ domain: def.name, method, entityId, args: mirrorArgs, error });
      }
      return result;
    });
  }
  return wrapped as R;
}
