/**
 * Contract conformance: every example of every domain's example spec, on the reference model and
 * on each implementation (Mongo, Drizzle, DualWrite), against real servers.
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { runExamples } from '../properties/examples.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();

for (const domain of domains) {
  describe(`${domain.name} contract`, () => {
    for (const kind of ['model', 'mongo', 'drizzle', 'dual', 'dual-pg'] as const) {
      for (const example of domain.examples) {
        it(`${kind}: ${example.name}`, async () => {
          const [result] = await runExamples({ domain, registry: domains, kind, pg: scratch.pg, mongo: scratch.mongo, only: example.name });
          expect(result?.error).toBeUndefined();
          expect(result?.passed).toBe(true);
        });
      }
    }
  });
}
