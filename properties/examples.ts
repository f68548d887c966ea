/**
 * Runs a domain's example spec (its named examples) on one implementation kind, each example on
 * empty stores. The same examples run under vitest (`test/contracts.test.ts`).
 */
import { TickingClock } from '../contracts/clock.ts';
import type { DomainDefinition } from '../contracts/domain.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { redactText } from '../harness/redact.ts';
import { CLOCK_BASE_MS } from './differential.ts';
import { buildTarget, closure, storesOf, type ImplementationKind } from './targets.ts';

/** Result of one example. */
export interface ExampleResult {
  readonly name: string;
  readonly passed: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

/** What an example run needs. */
export interface ExampleRunOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly kind: ImplementationKind;
  readonly pg?: PgScratch;
  readonly mongo?: MongoScratch;
  /** Only the example with this exact name (for replay). */
  readonly only?: string;
}

/** Runs the examples; never throws for a failing example (it is in the results). */
export async function runExamples(opts: ExampleRunOptions): Promise<ExampleResult[]> {
  const domains = closure(opts.domain, opts.registry);
  const results: ExampleResult[] = [];
  for (const ex of opts.domain.examples) {
    if (opts.only !== undefined && ex.name !== opts.only) continue;
    const uses = storesOf(opts.kind);
    await Promise.all([uses.pg && opts.pg?.reset(), uses.mongo && opts.mongo?.reset()]);
    const stores = { ...(opts.mongo && { mongo: opts.mongo.db }), ...(opts.pg && { pg: opts.pg.db }) };
    const target = buildTarget(opts.kind, domains, stores, new TickingClock(CLOCK_BASE_MS));
    const t0 = performance.now();
    try {
      await ex.run({ repos: target.repos, probe: target.probe, implementation: opts.kind });
      // The example saw the primary's answers; the stores behind it must be sound too (for
      // DualWrite: no gap, and the invariants hold in the mirror).
      const violations = await target.storeViolations();
      if (violations.length) throw new Error(`after the example: ${violations.join('; ')}`);
      results.push({ name: ex.name, passed: true, durationMs: performance.now() - t0 });
    } catch (e) {
      const error = redactText(e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));
      results.push({ name: ex.name, passed: false, error, durationMs: performance.now() - t0 });
    }
  }
  return results;
}
