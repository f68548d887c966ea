/**
 * A cross-domain seeded fault is caught by the journey's model-based run, and by no single-domain
 * run of the two domains it spans.
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { runChecks } from '../../harness/runner.ts';
import { sharedServers, withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleRequestCloseEndsHolds } from './journey.mutants.ts';

const mutated = () => withImplementation(domains, 'marketplace', { drizzle: drizzleRequestCloseEndsHolds });

describe('journey faults', () => {
  it('catches a Drizzle request close that also ends the request’s release holds', async () => {
    const r = await expectCaught({ registry: mutated(), domain: 'journey', check: 'model-based', implementation: 'drizzle', runs: 100 });
    expect(r.failure!.counterexample).toMatch(/release-hold\.place[\s\S]*marketplace\.transitionStatus[\s\S]*release-hold\./);
  });

  it('is invisible to the marketplace and release-hold runs alone (same runs and seed)', async () => {
    const servers = await sharedServers();
    const report = await runChecks({ registry: mutated(), domains: ['marketplace', 'release-hold'], checks: ['model-based'], implementations: ['drizzle'], runs: 100, seed: 1, servers });
    expect(report.results.map((r) => [r.domain, r.status])).toEqual([
      ['marketplace', 'passed'],
      ['release-hold', 'passed'],
    ]);
  });
});
