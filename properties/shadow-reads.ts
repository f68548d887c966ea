/**
 * The shadow-read check: generated command sequences run through the DualWrite wrapper in shadow
 * mode (reads answered by Mongo, the Postgres mirror compared in the background), and every
 * comparison must match. Two baselines:
 * - `a/b`: Mongo primary, Postgres mirror — the real experiment;
 * - `a/a`: Mongo against itself — the comparator's false-positive rate, which must be zero, or
 *   no a/b result means anything.
 * The counts of all comparisons are returned for `cutover report` (mismatch rate, upper bound).
 */
import fc from 'fast-check';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import { TickingClock } from '../contracts/clock.ts';
import type { Call, DomainDefinition, MethodSpec } from '../contracts/domain.ts';
import { dualWrite } from '../repos/dualwrite.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import { ShadowReads, ShadowStats } from '../repos/shadow.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { CLOCK_BASE_MS, formatCall } from './differential.ts';
import { IdBook } from './id-book.ts';
import { closure, toLegacyIds } from './targets.ts';
import type { Outcome } from '../contracts/outcome.ts';

/** Which stores are compared. */
export type ShadowBaseline = 'a/a' | 'a/b';

type Invoke = (...args: unknown[]) => Promise<unknown>;

/** A copy of `repo` whose writes do nothing: the a/a mirror must not write twice. */
function readOnly<R extends object>(def: DomainDefinition, repo: R): R {
  const out: Record<string, Invoke> = {};
  for (const [method, spec] of Object.entries(def.methods) as [string, MethodSpec][]) {
    out[method] = spec === 'read' ? (repo as Record<string, Invoke>)[method]!.bind(repo) : async () => undefined;
  }
  return out as R;
}

/** Options of {@link runShadowReads}. */
export interface ShadowReadRunOptions extends PropertyOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly baseline: ShadowBaseline;
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  /** Receives every comparison of every run (shrinking included). */
  readonly stats: ShadowStats;
}

/** Runs the check; the property fails on the first sequence with a mismatch or an error. */
export async function runShadowReads(opts: ShadowReadRunOptions): Promise<PropertyOutcome> {
  const domains = closure(opts.domain, opts.registry);
  const specOf = (c: Call) => (opts.registry.find((d) => d.name === c.domain)?.methods as Record<string, MethodSpec>)[c.method];
  const sequence = fc.array(fc.oneof(...opts.domain.commands()), { maxLength: 30 });
  const property = fc.asyncProperty(sequence, async (calls) => {
    await Promise.all([opts.pg.reset(), opts.mongo.reset()]);
    const run = new ShadowStats(1);
    const clock = new PinnedClock(new TickingClock(CLOCK_BASE_MS));
    const shadow = new ShadowReads({
      recorder: { record: async (r) => (await run.record(r), await opts.stats.record(r)) },
      mapIds: opts.baseline === 'a/b' ? async (o) => (await toLegacyIds(opts.pg.db, o)) as Outcome : async (o) => o,
    });
    const gaps = new PgGapRecorder(opts.pg.db);
    const repos = Object.fromEntries(
      domains.map((d) => {
        const primary = d.mongo({ clock, db: opts.mongo.db });
        const mirror = opts.baseline === 'a/b' ? d.drizzle({ clock, db: opts.pg.db }) : readOnly(d, d.mongo({ clock, db: opts.mongo.db }));
        return [d.name, dualWrite(d, primary, mirror, gaps, { clock, shadow })];
      }),
    );
    const book = new IdBook();
    for (const call of calls) {
      try {
        const result = await (repos[call.domain] as Record<string, Invoke>)[call.method]!(...book.resolveArgs(call.args));
        const spec = specOf(call);
        if (typeof spec === 'object') book.add(spec.create, (result as { id: string }).id);
      } catch {
        // Contract errors are answers too; the shadow comparison has recorded them.
      }
      // Settle each comparison before the next command: the check asks whether the stores agree;
      // the race between a background read and later writes is the write-skew rule's business.
      await shadow.settled();
    }
    const t = run.total();
    if (t.mismatch + t.error + t.ignored > 0) {
      const m = run.mismatches[0];
      throw new Error(
        m
          ? `shadow read ${formatCall({ domain: m.domain, method: m.method, args: m.args })}: Mongo answered ${JSON.stringify(m.primary)}, the mirror ${JSON.stringify(m.mirror)}`
          : `${t.error} shadow comparison(s) could not run, ${t.ignored} differed until read again (write skew with no concurrent writer)`,
      );
    }
  });
  return checkProperty(property, opts, ([calls]) => calls.map((c) => `  ${formatCall(c)}`).join('\n'));
}
