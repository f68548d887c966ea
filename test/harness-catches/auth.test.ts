/** Seeded faults in the auth domain are caught by the model-based run. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleAuthAcceptsStaleCounter, mongoAuthIgnoresExpiry } from './auth.mutants.ts';

describe('auth faults', () => {
  it('catches a Drizzle recordPasskeyUse that accepts a counter that did not grow', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'auth', { drizzle: drizzleAuthAcceptsStaleCounter }), domain: 'auth', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/auth\.recordPasskeyUse/);
    expect(r.failure!.message).toMatch(/InvariantViolation|sign_count/);
  });

  it('catches a Mongo findActiveRefreshToken that ignores expiry', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'auth', { mongo: mongoAuthIgnoresExpiry }), domain: 'auth', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/auth\.findActiveRefreshToken/);
  });
});
