/** Seeded faults in the request-template domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoTemplateUseWithoutLimit } from './request-template.mutants.ts';

describe('request-template faults', () => {
  it('catches a Mongo use() that increments without the max-usage condition', async () => {
    const registry = withImplementation(domains, 'request-template', { mongo: mongoTemplateUseWithoutLimit });
    const r = await expectCaught({ registry, domain: 'request-template', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/request-template\.use/);
    expect(r.failure!.message).toMatch(/InvariantViolation|INVARIANT_VIOLATION|used \d+ times/);
  });
});
