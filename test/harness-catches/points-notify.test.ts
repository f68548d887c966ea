/** Seeded faults in the points, level-config and notification domains are caught. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import {
  drizzleLevelForStrictThreshold,
  drizzleNotificationJsonReparsed,
  drizzleNotificationListOldestFirst,
  mongoPointsRedeemNoBalanceCheck,
} from './points-notify.mutants.ts';

describe('points faults', () => {
  it('catches a Mongo redeem that skips the balance check', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'points', { mongo: mongoPointsRedeemNoBalanceCheck }), domain: 'points', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/points\.redeem/);
    expect(r.failure!.message).toMatch(/InvariantViolation|balance/);
  });
});

describe('level-config faults', () => {
  it('catches a levelFor that gives a user exactly at a threshold the lower level', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'level-config', { drizzle: drizzleLevelForStrictThreshold }), domain: 'level-config', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/level-config\.levelFor/);
    // Shrinking leaves a set (one write) and one lookup.
    expect(r.failure!.counterexample!.split('\n').length).toBeLessThanOrEqual(3);
  });
});

describe('notification faults', () => {
  it('catches a Drizzle list ordered oldest first', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'notification', { drizzle: drizzleNotificationListOldestFirst }), domain: 'notification', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/notification\.list/);
    expect(r.failure!.counterexample!.split('\n').length).toBeLessThanOrEqual(5);
  });

  it('catches a jsonb payload read back re-parsed (the string "10.5" as the number 10.5)', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'notification', { drizzle: drizzleNotificationJsonReparsed }), domain: 'notification', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/notification\.create/);
  });
});
