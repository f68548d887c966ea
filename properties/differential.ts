/**
 * The differential model-based property (DESIGN.md section 2.2): fast-check generates a command
 * sequence from the domain's command arbitraries; the same sequence runs on the reference model
 * and on one implementation; after every command the two outcomes must be equal (ids compared by
 * creation order) and the implementation's stores must satisfy every invariant. A failure shrinks
 * to a minimal sequence with a replay path.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { diff } from 'jest-diff';
import { ManualClock } from '../contracts/clock.ts';
import type { Call, DomainDefinition, MethodSpec } from '../contracts/domain.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { checkProperty, splitPath, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { IdBook, isRef } from './id-book.ts';
import { isCrash, outcomeOf, type Outcome } from '../contracts/outcome.ts';
import { buildTarget, closure, isDualKind, storesOf, type ImplementationKind, type Target } from './targets.ts';

/** First instant of every run (UTC ms); each command is stamped 1001 ms after the previous one. */
export const CLOCK_BASE_MS = Date.UTC(2024, 1, 29, 23, 59, 58, 999);
const CLOCK_STEP_MS = 1001;

interface ModelSide {
  readonly target: Target;
  readonly book: IdBook;
  readonly clock: ManualClock;
  step: number;
}

interface RealSide {
  readonly target: Target;
  readonly book: IdBook;
  readonly stats: ModelBasedStats | undefined;
}

/** Counters a caller may pass to see how much work a run did (for benchmarks). */
export interface ModelBasedStats {
  /** Commands executed on the implementation, shrinking included. */
  commands: number;
  /** Property runs started (each with a state reset), shrinking included. */
  runs: number;
  /** Time spent resetting stores, ms. */
  resetMs: number;
}

/** Prints a call with its refs, for counterexamples: `address.setPrimary(@address[2])`. */
export function formatCall(call: Call): string {
  const args = call.args.map((a) =>
    a === undefined ? 'undefined' : JSON.stringify(a, (_k, v: unknown) => (isRef(v) ? `@${v.$ref}[${v.pick}]` : v === undefined ? '<undefined>' : v)),
  );
  return `${call.domain}.${call.method}(${args.join(', ')})`;
}

type Invoke = (...args: unknown[]) => Promise<unknown>;

/** One command of a sequence: a call run on the model and the implementation, then compared. */
class CallCommand implements fc.AsyncCommand<ModelSide, RealSide> {
  constructor(
    readonly call: Call,
    private readonly spec: MethodSpec,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: ModelSide, r: RealSide): Promise<void> {
    m.clock.set(CLOCK_BASE_MS + ++m.step * CLOCK_STEP_MS);
    if (r.stats) r.stats.commands++;
    const { domain, method } = this.call;
    const mArgs = m.book.resolveArgs(this.call.args);
    const rArgs = r.book.resolveArgs(this.call.args);
    const expected = await outcomeOf(() => (m.target.repos[domain] as Record<string, Invoke>)[method]!(...mArgs));
    const actual = await outcomeOf(() => (r.target.repos[domain] as Record<string, Invoke>)[method]!(...rArgs));
    if (typeof this.spec === 'object') {
      for (const [side, o] of [[m, expected], [r, actual]] as [ModelSide | RealSide, Outcome][]) {
        if ('ok' in o) side.book.add(this.spec.create, (o.ok as { id: string }).id);
      }
    }
    // A crash (an error outside the contract) never agrees with anything, not even with an equal
    // crash of the model: both sides failing the same way is still a failure (a scaffold's
    // unfilled stub throws the same error in the model and in the implementation).
    for (const [who, o] of [['the model', expected], [r.target.kind, actual]] as const) {
      if (isCrash(o)) throw new Error(`${this.toString()} crashed on ${who}: ${o.crash}`);
    }
    const e = m.book.normalize(expected);
    const a = r.book.normalize(actual);
    if (!isDeepStrictEqual(e, a)) {
      throw new Error(
        `${this.toString()} disagrees with the model\n` +
          diff(e, a, { aAnnotation: 'model', bAnnotation: r.target.kind, includeChangeCounts: false, expand: false }),
      );
    }
    // A read cannot break a store invariant, so only DualWrite (whose reads are also shadow
    // reads of the mirror) needs the store checks after one.
    if (this.spec === 'read' && !isDualKind(r.target.kind)) return;
    const violations = await r.target.afterCommand({ domain, method, args: rArgs }, actual, this.spec === 'read');
    if (violations.length > 0) throw new Error(`after ${this.toString()}:\n  ${violations.join('\n  ')}`);
  }

  toString(): string {
    return formatCall(this.call);
  }
}

/** What a model-based run needs. */
export interface ModelBasedOptions extends PropertyOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly kind: Exclude<ImplementationKind, 'model'>;
  readonly pg?: PgScratch;
  readonly mongo?: MongoScratch;
  /** Longest command sequence; default the domain's `maxCommands`, else 40. */
  readonly maxCommands?: number;
  /** Incremented as the run goes (optional). */
  readonly stats?: ModelBasedStats;
}

/** The command arbitraries of `domain`, as fast-check commands. */
function commandArbitraries(domain: DomainDefinition, registry: readonly DomainDefinition[]): fc.Arbitrary<CallCommand>[] {
  return domain.commands().map((arb) =>
    arb.map((call) => {
      const owner = registry.find((d) => d.name === call.domain);
      const spec = (owner?.methods as Record<string, MethodSpec> | undefined)?.[call.method];
      if (!spec) throw new Error(`command ${call.domain}.${call.method} is not in the ${call.domain} contract's method map`);
      return new CallCommand(call, spec);
    }),
  );
}

/**
 * Runs the differential model-based property of `domain` against implementation `kind`.
 * Each run starts from empty stores (reset in place, see `harness/isolation.ts`).
 */
export async function runModelBased(opts: ModelBasedOptions): Promise<PropertyOutcome> {
  const domains = closure(opts.domain, opts.registry);
  const collections = domains.flatMap((d) => d.mongoCollections);
  const replayPath = opts.path !== undefined ? splitPath(opts.path).commands : undefined;
  const commands = fc.commands(commandArbitraries(opts.domain, opts.registry), {
    maxCommands: opts.maxCommands ?? opts.domain.maxCommands ?? 40,
    size: 'medium',
    ...(replayPath !== undefined && { replayPath }),
  });
  const property = fc.asyncProperty(commands, async (cmds) => {
    const t0 = performance.now();
    const uses = storesOf(opts.kind);
    await Promise.all([uses.pg && opts.pg?.reset(), uses.mongo && opts.mongo?.reset(collections)]);
    if (opts.stats) {
      opts.stats.runs++;
      opts.stats.resetMs += performance.now() - t0;
    }
    const clock = new ManualClock(CLOCK_BASE_MS);
    const stores = { ...(opts.mongo && { mongo: opts.mongo.db }), ...(opts.pg && { pg: opts.pg.db }) };
    const model: ModelSide = { target: buildTarget('model', domains, {}, clock), book: new IdBook(), clock, step: 0 };
    const real: RealSide = { target: buildTarget(opts.kind, domains, stores, clock), book: new IdBook(), stats: opts.stats };
    await fc.asyncModelRun(() => ({ model, real }), cmds);
  });
  return checkProperty(
    property,
    opts,
    ([cmds]) => executed(cmds).join('\n'),
    ([cmds]) => /replayPath="([^"]+)"/.exec(String(cmds))?.[1],
  );
}

/** The commands of a sequence that ran (fast-check marks them `hasRan`), one per line. */
function executed(cmds: Iterable<unknown>): string[] {
  return [...cmds].filter((c) => (c as { hasRan?: boolean }).hasRan !== false).map((c) => String(c));
}
