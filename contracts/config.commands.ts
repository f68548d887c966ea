/** Command arbitraries of the config domain: a few keys, so sets mostly change existing settings. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const key = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('confirmation_thresholds.usdt_tron', 'confirmation_thresholds.eth', 'fees.max_percent', 'a', 'a_b', 'a.b') },
    { weight: 1, arbitrary: fc.constantFrom('Fees', 'fees..max', '9lives', 'fees-max', '', 'x'.repeat(101)) },
  );
const value = () =>
  fc.oneof({ weight: 12, arbitrary: jsonPayload(2) }, { weight: 1, arbitrary: unsafeJsonPayload() }, { weight: 1, arbitrary: fc.constant(null) });
const description = () => fc.oneof({ weight: 6, arbitrary: fc.constantFrom('Confirmations before credit', '') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() }, { weight: 2, arbitrary: fc.constant(null) });

/** Every config command, plus `user.create` so changes have authors. */
export const configCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('config', 'set', record({ key: key(), value: value() }, { description: description(), changedBy: ref('user') })),
  call('config', 'set', record({ key: key(), value: value() })),
  // Compare-and-set: right (1 or 2 often are), wrong, or malformed versions.
  call('config', 'set', record({ key: key(), value: value(), version: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1.5, -1) }) })),
  call('config', 'get', key()),
  call('config', 'list'),
  call('config', 'history', key()),
];
