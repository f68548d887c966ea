/** Seeded faults in the marketplace domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleSelectKeepsOthersPending, mongoUpdateDropsParts } from './marketplace.mutants.ts';

describe('marketplace faults', () => {
  it('catches a Drizzle selectOffer that leaves the other pending offers pending', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'marketplace', { drizzle: drizzleSelectKeepsOthersPending }), domain: 'marketplace', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/marketplace\.selectOffer/);
    expect(r.failure!.counterexample).toMatch(/marketplace\.submitOffer[\s\S]*marketplace\.submitOffer/);
  });

  it('catches a Mongo updateRequest that drops the parts the patch does not mention', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'marketplace', { mongo: mongoUpdateDropsParts }), domain: 'marketplace', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/marketplace\.updateRequest/);
    expect(r.failure!.message).toMatch(/deliveryInfo|deliveryAddress|sellerDeliveryInfo|serviceInfo/);
  });
});
