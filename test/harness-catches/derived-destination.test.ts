/** Seeded faults in the derived-destination domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleConfirmDoesNotMarkSwept } from './derived-destination.mutants.ts';

describe('derived-destination faults', () => {
  it('catches a Drizzle sweep confirmation that does not mark the destination swept', async () => {
    const r = await expectCaught({
      registry: withImplementation(domains, 'derived-destination', { drizzle: drizzleConfirmDoesNotMarkSwept }),
      domain: 'derived-destination',
      check: 'model-based',
      implementation: 'drizzle',
    });
    expect(r.failure!.counterexample).toMatch(/derived-destination\.setSweepStatus/);
  });
});
