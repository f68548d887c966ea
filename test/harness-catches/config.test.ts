/** Seeded faults in the config domain are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoConfigSetWithoutHistory } from './config.mutants.ts';

describe('config faults', () => {
  it('catches a Mongo set that changes a setting without appending its history entry', async () => {
    const registry = withImplementation(domains, 'config', { mongo: mongoConfigSetWithoutHistory });
    const r = await expectCaught({ registry, domain: 'config', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/config\.set[\s\S]*config\.set/);
    expect(r.failure!.message).toMatch(/history/);
  });
});
