/**
 * The `legacy-shapes` check: backfill meets the document shapes the source system stored over
 * the years, for every stored entity of a domain's closure, in the main job.
 *
 * One run: the domain's generated commands run through its Mongo repositories; every document of
 * every stored entity is rewritten into legacy shapes (`fixtures/legacy-shapes.ts`: hex-string
 * references, numeric or ISO times, money as numbers or with trailing zeros, `null` for absent);
 * then
 * 1. `backfill` copies them into an empty Postgres: nothing may be skipped (every document our
 *    repositories wrote is valid, whatever shape it is stored in);
 * 2. `verify` finds zero difference and rejects nothing;
 * 3. the canonical documents are put back and every read call of the sequence is answered by
 *    each implementation — `mongo` and `dual` from Mongo, `drizzle` and `dual-pg` from the
 *    backfilled Postgres (ids mapped through `id_map` both ways): all four answers must be equal.
 *
 * Step 3 is what sees a reader bug: backfill and verify read a document through the same spec, so
 * a reader that drops a hex-string reference or keeps a number's digits wrong makes both agree on
 * the wrong record; only the repositories' answers, compared with what Mongo's canonical
 * document says, show it. (The Mongo repositories themselves read only canonical documents,
 * which is why Mongo gets them back before step 3.)
 *
 * @public
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Document } from 'mongodb';
import { ManualClock } from '../contracts/clock.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import type { Call, DomainDefinition } from '../contracts/domain.ts';
import { isCrash, outcomeOf, type Outcome } from '../contracts/outcome.ts';
import { legacyShaped, type LegacyRewrite, type LegacyShapeProfile } from '../fixtures/legacy-shapes.ts';
import { wireDualWrite } from '../harness/factory.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import { LegacyIdCache, replaceStrings } from '../repos/legacy-ids.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { REAL_CUTOVER_TOOLS, callSequence, cutoverScope, replaceDocuments, snapshotDocuments, writeThroughMongo, type CutoverTools, CutoverStats } from './cutover-data.ts';
import { CLOCK_BASE_MS, formatCall } from './differential.ts';

/** Options of {@link runLegacyShapes}. */
export interface LegacyShapesOptions extends PropertyOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  /** The backfill/verify under test; default the real ones. */
  readonly tools?: Partial<CutoverTools>;
  /** Filled as the check runs (optional). */
  readonly stats?: CutoverStats;
}

type Invoke = (...args: unknown[]) => Promise<unknown>;

const profile: fc.Arbitrary<LegacyShapeProfile> = fc.record({
  refs: fc.constantFrom('mixed', 'hex'),
  times: fc.constantFrom('mixed', 'ms', 'iso'),
  money: fc.constantFrom('mixed', 'number', 'padded'),
  nulls: fc.constantFrom('mixed', 'all'),
});

/**
 * Runs the check (see the module comment). Returns `{ notRun }` for a domain whose closure stores
 * no entity. Never throws for a failure of the property (it is in the outcome).
 */
export async function runLegacyShapes(opts: LegacyShapesOptions): Promise<PropertyOutcome | { notRun: string }> {
  const scope = cutoverScope(opts.domain, opts.registry);
  if (scope.own.length === 0) return { notRun: `no domain of ${opts.domain.name}'s closure stores entities` };
  const tools = { ...REAL_CUTOVER_TOOLS, ...opts.tools };
  const db = opts.mongo.db;
  const property = fc.asyncProperty(callSequence(opts.domain), fc.integer({ min: 0, max: 0x7fffffff }), profile, async (calls, shapeSeed, shapes) => {
    await Promise.all([opts.pg.reset(), opts.mongo.reset()]);
    if (opts.stats) opts.stats.runs++;
    const clock = new ManualClock(CLOCK_BASE_MS);
    const writes = await writeThroughMongo(calls, scope.domains, opts.registry, db, clock, (step) => clock.set(CLOCK_BASE_MS + step * 1001));
    const canonical = await snapshotDocuments(db, scope.own);

    // Rewrite every document into legacy shapes.
    const rewrites = new Map<string, LegacyRewrite[]>();
    const legacy = new Map<string, Document[]>();
    for (const spec of scope.own) {
      const unique = new Set<string>();
      for (const ix of await db.collection(spec.collection).indexes()) if (ix.unique) for (const k of Object.keys(ix.key)) unique.add(k);
      legacy.set(
        spec.collection,
        canonical.get(spec.collection)!.map((doc, i) => {
          const shaped = legacyShaped(spec, doc, (shapeSeed + i * 7919 + spec.collection.length * 104729) | 0, { keepAbsent: unique, profile: shapes });
          if (shaped.rewrites.length) rewrites.set(String(doc._id), shaped.rewrites);
          if (opts.stats) {
            opts.stats.documents++;
            for (const w of shaped.rewrites) CutoverStats.bump(opts.stats.rewrites, rewriteKind(w));
          }
          return shaped.doc;
        }),
      );
    }
    const shapesOf = (text: string) => {
      const ids = [...new Set(text.match(/[0-9a-f]{24}/g) ?? [])].filter((id) => rewrites.has(id)).slice(0, 4);
      return ids.length ? `\n  legacy shapes written: ${ids.map((id) => `${id} {${rewrites.get(id)!.join('; ')}}`).join('\n    ')}` : '';
    };
    await replaceDocuments(db, legacy);

    const stores = { mongoDb: db, pg: opts.pg.db, domains: scope.names, entities: scope.entities };
    const filled = await tools.backfill(stores);
    if (filled.totals.skipped > 0) {
      const text = JSON.stringify(filled.skipped.slice(0, 3));
      throw new Error(`backfill skipped ${filled.totals.skipped} legacy-shaped document(s) our own repositories wrote: ${text}${shapesOf(text)}`);
    }
    const v = await tools.verify(stores);
    if (!v.zeroDiff || v.rejectedCount > 0) {
      const text = JSON.stringify([...v.differences.slice(0, 3), ...v.rejected.slice(0, 3)]);
      throw new Error(`verify after backfilling legacy shapes: ${v.differenceCount} difference(s), ${v.rejectedCount} rejected: ${text}${shapesOf(text)}`);
    }

    // Every implementation reads the same entities: Mongo from the canonical documents, Postgres from the backfill.
    await replaceDocuments(db, canonical);
    clock.set(CLOCK_BASE_MS + (calls.length + 1) * 1001);
    const pinned = new PinnedClock(clock);
    const gaps = new PgGapRecorder(opts.pg.db);
    const ids = new LegacyIdCache(opts.pg.db);
    const mongos = Object.fromEntries(scope.domains.map((d) => [d.name, d.mongo({ clock: pinned, db })]));
    const drizzles = Object.fromEntries(scope.domains.map((d) => [d.name, d.drizzle({ clock: pinned, db: opts.pg.db })]));
    const impls: Record<string, { repos: Record<string, object>; pgIds: boolean }> = {
      mongo: { repos: mongos, pgIds: false },
      drizzle: { repos: drizzles, pgIds: true },
      dual: { repos: Object.fromEntries(scope.domains.map((d) => [d.name, wireDualWrite(d, 'dual', { mongo: mongos[d.name]!, drizzle: drizzles[d.name]! }, gaps, pinned, ids)])), pgIds: false },
      'dual-pg': { repos: Object.fromEntries(scope.domains.map((d) => [d.name, wireDualWrite(d, 'pg', { mongo: mongos[d.name]!, drizzle: drizzles[d.name]! }, gaps, pinned, ids)])), pgIds: true },
    };
    // id_map both ways, read once: the backfill wrote every row there is.
    const map = (await opts.pg.db.execute<{ pg_id: string; legacy_object_id: string }>(sql`SELECT pg_id::text, legacy_object_id FROM id_map`)).rows;
    const toPg = new Map(map.map((x) => [x.legacy_object_id, x.pg_id]));
    const toLegacy = new Map(map.map((x) => [x.pg_id, x.legacy_object_id]));
    const asked = new Set<string>();
    for (const call of writes.reads) {
      const legacyArgs = writes.book.resolveArgs(call.args);
      // The same question asked twice of the same final state has the same answers.
      const question = JSON.stringify([call.domain, call.method, legacyArgs]);
      if (asked.has(question)) continue;
      asked.add(question);
      const pgArgs = replaceStrings(legacyArgs, toPg) as unknown[];
      const answers: Record<string, Outcome> = {};
      if (opts.stats) opts.stats.reads++;
      for (const [name, impl] of Object.entries(impls)) {
        const o = await outcomeOf(() => (impl.repos[call.domain] as Record<string, Invoke>)[call.method]!(...(impl.pgIds ? pgArgs : legacyArgs)));
        if (isCrash(o)) throw new Error(`${formatCall(call)} crashed on ${name} after a legacy-shape backfill: ${o.crash}`);
        answers[name] = impl.pgIds ? (replaceStrings(o, toLegacy) as Outcome) : o;
      }
      for (const name of ['drizzle', 'dual', 'dual-pg']) {
        if (!isDeepStrictEqual(answers[name], answers.mongo)) {
          const text = `${formatCall(call)}: ${name} answered ${JSON.stringify(answers[name])} where mongo (the canonical documents) answered ${JSON.stringify(answers.mongo)}`;
          throw new Error(`after a backfill of legacy-shaped documents, ${text}${shapesOf(text)}`);
        }
      }
    }
  });
  return checkProperty(property, opts, ([calls, seed, shapes]) =>
    [...calls.map((c: Call) => `  ${formatCall(c)}`), `  legacy shapes: seed ${seed}, refs ${shapes.refs}, times ${shapes.times}, money ${shapes.money}, nulls ${shapes.nulls}`].join('\n'),
  );
}

/** The kind of a rewrite, for {@link CutoverStats}: `ObjectId -> hex`, `Date -> number`, `money -> number` … */
function rewriteKind(w: string): string {
  const [, change = w] = w.split(': ');
  if (change.startsWith('ObjectId')) return /"[0-9A-F]{24}"/.test(change) ? 'ObjectId -> upper-case hex' : 'ObjectId -> hex';
  if (change.startsWith('Date')) return /-> \d+$/.test(change) ? 'Date -> ms' : /Z"$/.test(change) ? 'Date -> ISO Z' : 'Date -> ISO offset';
  if (change.endsWith('-> ObjectId')) return 'hex -> ObjectId';
  if (change.includes('-> number')) return 'money -> number';
  if (change.startsWith('"')) return 'money -> trailing zeros';
  return change;
}
