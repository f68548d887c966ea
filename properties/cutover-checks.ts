/**
 * The cutover checks `cutover check` runs for every domain whose closure stores entities:
 * `legacy-shapes` (backfill meets legacy document shapes, `legacy-shapes.ts`) and
 * `verify-planted` (verify finds exactly the differences planted into a clean backfill,
 * `verify-planted.ts`). Both are cheap per run but each run backfills and verifies a whole closure,
 * so they take a small share of the property runs (`runs`).
 *
 * @public
 */
import type { DomainDefinition } from '../contracts/domain.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import type { PropertyOptions, PropertyOutcome } from './check-property.ts';
import { cutoverScope, type CutoverTools } from './cutover-data.ts';
import { runLegacyShapes } from './legacy-shapes.ts';
import { runVerifyPlanted } from './verify-planted.ts';

export type { CutoverTools } from './cutover-data.ts';

/** What a cutover check runs on. */
export interface CutoverCheckContext {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  /** The backfill/verify under test (default the real ones). */
  readonly tools?: Partial<CutoverTools>;
}

/** One cutover check as the runner schedules it. */
export interface CutoverCheck {
  readonly name: string;
  /** The report column. */
  readonly implementation: string;
  /** True when the check has something to compare for `domain` (its closure stores entities). */
  applies(domain: DomainDefinition, registry: readonly DomainDefinition[]): boolean;
  /** Property runs for the job's `runs` (default 100 → 2). */
  runs(runs: number): number;
  run(ctx: CutoverCheckContext, options: PropertyOptions): Promise<PropertyOutcome>;
}

const stores = (domain: DomainDefinition, registry: readonly DomainDefinition[]) => cutoverScope(domain, registry).own.length > 0;
const few = (runs: number) => Math.max(1, Math.ceil(runs / 50));

/** Never `{ notRun }` here: `applies` keeps the runner from calling a check that has nothing to do. */
const outcome = async (o: Promise<PropertyOutcome | { notRun: string }>): Promise<PropertyOutcome> => {
  const r = await o;
  if ('notRun' in r) throw new Error(`internal: a cutover check ran where it does not apply (${r.notRun})`);
  return r;
};

/** The cutover checks, in the order the runner runs them. */
export const cutoverChecks: readonly CutoverCheck[] = [
  {
    name: 'legacy-shapes',
    implementation: 'all',
    applies: stores,
    runs: few,
    run: (ctx, o) => outcome(runLegacyShapes({ ...ctx, ...o })),
  },
  {
    name: 'verify-planted',
    implementation: 'dual',
    applies: stores,
    runs: few,
    run: (ctx, o) => outcome(runVerifyPlanted({ ...ctx, ...o })),
  },
];
