/** Command arbitraries of the category domain: names that collide, or nearly, under normalization. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { collidingName, edgeString, unsafeString } from '../fixtures/strings.ts';
import type { Call } from './domain.ts';

const name = () =>
  fc.oneof({ weight: 6, arbitrary: collidingName() }, { weight: 3, arbitrary: edgeString(6) }, { weight: 1, arbitrary: fc.oneof(unsafeString(), fc.constantFrom('', '   ', 'x'.repeat(101))) });

/** Every category command. */
export const categoryCommands = (): fc.Arbitrary<Call>[] => [
  call('category', 'create', record({ name: name() }, { parentId: ref('category') })),
  call('category', 'get', ref('category')),
  call('category', 'list', fc.option(fc.record({ includeInactive: fc.boolean() }), { nil: undefined })),
  call('category', 'update', ref('category'), record({}, { name: name(), parentId: fc.oneof(ref('category'), fc.constant(null)) })),
  call('category', 'deactivate', ref('category')),
  call('category', 'reactivate', ref('category')),
];
