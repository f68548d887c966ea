/** Seeded faults in backfill's legacy readers and in verify are caught by the cutover checks. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { expectCaught } from './catches.ts';
import { categoryStringParentDropped, paymentNumberAmountToFixed, verifyIgnoringChildOrder, withStored } from './cutover.mutants.ts';

describe('cutover faults', () => {
  it('catches a category reader that drops a parent stored as a 24-hex string (legacy-shapes)', async () => {
    const r = await expectCaught({ registry: withStored(domains, 'category', 'category', categoryStringParentDropped), domain: 'category', check: 'legacy-shapes', implementation: 'all' });
    expect(r.failure!.message).toMatch(/parentId/);
  });

  it('catches a payment reader that formats a number amount with toFixed(2) (legacy-shapes)', async () => {
    const r = await expectCaught({ registry: withStored(domains, 'payment', 'payment', paymentNumberAmountToFixed), domain: 'payment', check: 'legacy-shapes', implementation: 'all' });
    expect(r.failure!.message).toMatch(/amount/);
  });

  it('catches a verify that ignores the order of child rows (verify-planted)', async () => {
    const r = await expectCaught({ registry: domains, domain: 'chat', check: 'verify-planted', implementation: 'dual', options: { cutoverTools: { verify: verifyIgnoringChildOrder } } });
    expect(r.failure!.message).toMatch(/child-order/);
  });
});
