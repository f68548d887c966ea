/** Seeded faults in the category domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoCategoryUnicodeNormalizer } from './mutants.ts';

describe('category faults', () => {
  const registry = withImplementation(domains, 'category', { mongo: mongoCategoryUnicodeNormalizer });

  it('catches a Mongo name check that trims all whitespace and lower-cases Unicode (model-based)', async () => {
    const r = await expectCaught({ registry, domain: 'category', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/category\.create/);
  });

  it('catches the same fault in the JS/Postgres/Mongo name agreement property', async () => {
    const r = await expectCaught({ registry, domain: 'category', check: 'category-name-agreement', implementation: 'all' });
    expect(r.failure!.message).toMatch(/"mongo":"duplicate"/);
  });
});
