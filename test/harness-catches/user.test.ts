/** Seeded faults in the user domain, and in a dual-write mirror, are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleUserDropsLegacyId, drizzleUserRawEmail } from './mutants.ts';

describe('user faults', () => {
  it('catches a Drizzle create that skips e-mail normalization', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'user', { drizzle: drizzleUserRawEmail }), domain: 'user', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/user\.create/);
  });

  it('catches a dual-write mirror that loses the primary id (shadow read mismatch)', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'user', { drizzle: drizzleUserDropsLegacyId }), domain: 'user', check: 'model-based', implementation: 'dual' });
    expect(r.failure!.message).toMatch(/shadow read user\./);
  });
});
