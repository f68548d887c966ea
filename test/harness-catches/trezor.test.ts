/** Seeded faults in the Trezor domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoDeriveNextReusesIndex } from './trezor.mutants.ts';

describe('trezor faults', () => {
  it('catches a Mongo deriveNext that reuses an index', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'trezor', { mongo: mongoDeriveNextReusesIndex }), domain: 'trezor', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/trezor\.deriveNext/);
  });
});
