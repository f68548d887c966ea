/** Command arbitraries of the request-template domain: small limits, so templates run out. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const title = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('Weekly groceries', 'Phone repair') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: fc.oneof(unsafeString(), fc.constant(' ')) });
const fields = () => fc.oneof({ weight: 10, arbitrary: jsonPayload(2) }, { weight: 1, arbitrary: fc.oneof(unsafeJsonPayload(), fc.constant(null)) });
const limit = () => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31) });

/** Every request-template command, plus `user.create` and `category.create` for its references. */
export const requestTemplateCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('category', 'create', record({ name: fc.constantFrom('Groceries', 'Repairs') })),
  call('request-template', 'create', record({ ownerId: ref('user'), title: title(), fields: fields() }, { categoryId: ref('category'), maxUsage: limit() })),
  call('request-template', 'get', ref('requestTemplate')),
  call('request-template', 'listByOwner', ref('user')),
  call('request-template', 'use', ref('requestTemplate')),
  call('request-template', 'use', ref('requestTemplate')),
  call(
    'request-template',
    'update',
    ref('requestTemplate'),
    record({}, { title: title(), fields: fields(), maxUsage: limit(), categoryId: fc.oneof(ref('category'), fc.constant(null)) }),
  ),
  call('request-template', 'deactivate', ref('requestTemplate')),
];
