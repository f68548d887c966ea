/** Seeded faults in the release-hold and review domains are caught by the model-based check. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleSummaryCountsHidden, mongoHoldOnReleasedPayment } from './holds-reviews.mutants.ts';

describe('release-hold and review faults', () => {
  it('catches a Mongo hold placement that allows a hold on a released payment', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'release-hold', { mongo: mongoHoldOnReleasedPayment }), domain: 'release-hold', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/payment\.update[\s\S]*release-hold\.place/);
  });

  it('catches a Drizzle seller summary that counts hidden reviews', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'review', { drizzle: drizzleSummaryCountsHidden }), domain: 'review', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/review\.hide[\s\S]*review\.sellerSummary/);
  });
});
