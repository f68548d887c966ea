/** Seeded faults in the shop-settings domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleShopSettingsUuidOnlyLookup } from './shop-settings.mutants.ts';

describe('shop-settings faults', () => {
  it('catches a Drizzle getForSeller that accepts only uuids (the 2.8.56 bug) through the dual-write shadow read', async () => {
    // Mongo is the primary in dual write, so the Postgres mirror is asked by the 24-hex id.
    const registry = withImplementation(domains, 'shop-settings', { drizzle: drizzleShopSettingsUuidOnlyLookup });
    const r = await expectCaught({ registry, domain: 'shop-settings', check: 'model-based', implementation: 'dual' });
    expect(r.failure!.counterexample).toMatch(/shop-settings\.getForSeller/);
    expect(r.failure!.message).toMatch(/shadow read shop-settings\.getForSeller/);
  });
});
