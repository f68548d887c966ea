/**
 * Contract conformance: every example of every domain's example spec, on the reference model and
 * on each implementation (Mongo, Drizzle, DualWrite), against real servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { runExamples } from '../properties/examples.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import { openStores, type TestStores } from './support.ts';

let stores: TestStores;
let pg: PgScratch;
let mongo: MongoScratch;

beforeAll(async () => {
  stores = await openStores();
  pg = await stores.pg();
  mongo = await stores.mongo();
});
afterAll(() => stores?.dispose());

for (const domain of domains) {
  describe(`${domain.name} contract`, () => {
    for (const kind of ['model', 'mongo', 'drizzle', 'dual'] as const) {
      for (const example of domain.examples) {
        it(`${kind}: ${example.name}`, async () => {
          const [result] = await runExamples({ domain, registry: domains, kind, pg, mongo, only: example.name });
          expect(result?.error).toBeUndefined();
          expect(result?.passed).toBe(true);
        });
      }
    }
  });
}
