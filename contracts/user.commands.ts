/** Command arbitraries of the user domain (used by its own and dependent domains' runs). */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { USER_ROLES } from './user.ts';
import type { Call } from './domain.ts';

const email = () =>
  fc.oneof(
    fc.constantFrom('ann@example.com', 'ANN@example.com', ' ann@example.com ', 'bob@example.com', 'cy@example.org', 'bad-email'),
    fc.emailAddress(),
  );
const role = () => fc.constantFrom(...USER_ROLES);
const displayName = () => fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 4, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });

/** `user.create` with a mostly valid e-mail drawn from a small pool (so duplicates happen). */
export const createUser = (): fc.Arbitrary<Call> => call('user', 'create', record({ email: email() }, { displayName: displayName(), role: role() }));

/** Every user command. */
export const userCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('user', 'get', ref('user')),
  call('user', 'getByEmail', email()),
  call('user', 'list', fc.option(fc.record({ role: role() }), { nil: undefined })),
  call('user', 'update', ref('user'), record({}, { displayName: fc.oneof(displayName(), fc.constant(null)), role: role() })),
];
