/** Command arbitraries of the points domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { AWARD_KINDS, MAX_POINTS } from './points.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const amount = () =>
  fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -5, 1.5, MAX_POINTS, MAX_POINTS + 1) });
const kind = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...AWARD_KINDS) }, { weight: 1, arbitrary: fc.constantFrom('redeem', 'gift') });
const key = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('k1', 'k2', 'order-7') }, { weight: 1, arbitrary: fc.constantFrom('', ' ') }, { weight: 1, arbitrary: unsafeString() });
const reference = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom('65f0a1b2c3d4e5f601234567', 'review:42') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const optionals = () => ({ reference: reference(), idempotencyKey: key() });

/** Every points command, plus `user.create` so transactions have owners. */
export const pointsCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('points', 'award', record({ userId: ref('user'), amount: amount(), kind: kind() }, optionals())),
  call('points', 'award', record({ userId: ref('user'), amount: amount(), kind: kind() }, optionals())),
  call('points', 'redeem', record({ userId: ref('user'), amount: amount() }, optionals())),
  call('points', 'balance', ref('user')),
  call('points', 'history', ref('user')),
];
