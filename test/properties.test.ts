/**
 * The model-based differential runs and the domain checks, as `cutover check` runs them (with
 * fewer runs). A failure prints the shrunk counterexample and its seed and path.
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { runModelBased } from '../properties/differential.ts';
import type { PropertyOutcome } from '../properties/check-property.ts';
import { useScratchStores } from './support.ts';

const RUNS = 25;

const scratch = useScratchStores();

/** Fails with the counterexample in the message, so a red test says why. */
function expectPassed(o: PropertyOutcome | { notRun: string }): void {
  if ('notRun' in o) return;
  expect(o.passed, `${o.error}\ncounterexample:\n${o.counterexample}\nseed ${o.seed} path ${o.path}`).toBe(true);
  expect(o.runs).toBe(RUNS);
}

for (const domain of domains) {
  describe(`${domain.name} properties`, () => {
    for (const kind of ['mongo', 'drizzle', 'dual', 'dual-pg'] as const) {
      it(`agrees with the model on ${kind} for generated command sequences`, async () => {
        expectPassed(await runModelBased({ domain, registry: domains, kind, pg: scratch.pg, mongo: scratch.mongo, runs: RUNS }));
      });
    }
    for (const check of domain.checks) {
      it(`${check.name} (${check.implementation})`, async () => {
        const o = await check.run({ pg: scratch.pg, mongo: scratch.mongo, capabilities: scratch.stores.capabilities, domain }, { runs: RUNS });
        if ('notRun' in o) {
          // A check that cannot run here must say why; it is reported as "not run", never passed.
          expect(o.notRun.length).toBeGreaterThan(20);
          expect(check.implementation).toBe('mongo');
          return;
        }
        expectPassed(o);
      });
    }
  });
}
