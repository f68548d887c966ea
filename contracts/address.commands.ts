/** Command arbitraries of the address domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { ADDRESS_TYPES } from './address.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const text = () =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('1 Main St', 'Flat 2', 'Ankara', 'Köln') },
    { weight: 4, arbitrary: edgeString() },
    { weight: 1, arbitrary: unsafeString() },
  );
const country = () => fc.oneof({ weight: 20, arbitrary: fc.constantFrom('TR', 'US', 'DE') }, { weight: 1, arbitrary: fc.constantFrom('tr', 'USA', '') });
const type = () => fc.constantFrom(...ADDRESS_TYPES);
const optionals = () => ({ label: text(), line2: text(), postalCode: fc.constantFrom('06100', '10115', '') });

/** `address.create` for an earlier user (sometimes a missing one). */
const createAddress = () =>
  call('address', 'create', record({ userId: ref('user'), line1: text(), city: text(), country: country() }, { ...optionals(), type: type(), isPrimary: fc.boolean() }));

/** Every address command, plus `user.create` so addresses have owners. */
export const addressCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createAddress(),
  createAddress(),
  call('address', 'get', ref('address')),   call('address', 'listByUser', ref('user')),
  call(
    'address',
    'update',
    ref('address'),
    record({}, { line1: text(), city: text(), country: country(), type: type(), label: fc.oneof(text(), fc.constant(null)), line2: fc.oneof(text(), fc.constant(null)) }),
  ),
  call('address', 'setPrimary', ref('address')),
  call('address', 'delete', ref('address')),
];
