/** Seeded faults in the address domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleAddressNoDemote, drizzleAddressNoLock, mongoAddressNoDemote } from './mutants.ts';

describe('address faults', () => {
  it('catches a Drizzle setPrimary that does not demote the old primary, with a short counterexample', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'address', { drizzle: drizzleAddressNoDemote }), domain: 'address', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/address\.setPrimary/);
    // Shrinking leaves: a user, two addresses, one setPrimary (and little else).
    expect(r.failure!.counterexample!.split('\n').length).toBeLessThanOrEqual(6);
  });

  it('catches a Mongo setPrimary that does not demote the old primary', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'address', { mongo: mongoAddressNoDemote }), domain: 'address', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.message).toMatch(/primary/i);
  });

  it('catches a setPrimary that does not lock the owner, under concurrent writers', async () => {
    const r = await expectCaught({
      registry: withImplementation(domains, 'address', { drizzle: drizzleAddressNoLock }),
      domain: 'address',
      check: 'one-primary-concurrent',
      implementation: 'drizzle',
      runs: 300,
      deterministic: false,
    });
    expect(r.failure!.message).toMatch(/DuplicateKeyError|primary|deadlock/i);
  });
});
