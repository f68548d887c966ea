/** Seeded fault in the dispute domain is caught by the model-based check. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoDisputeNoUnresolvedCheck } from './dispute.mutants.ts';

describe('dispute faults', () => {
  it('catches a Mongo dispute open that skips the one-unresolved-dispute-per-payment check', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'dispute', { mongo: mongoDisputeNoUnresolvedCheck }), domain: 'dispute', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/dispute\.open[^\n]*\n[\s\S]*dispute\.open/);
  });
});
