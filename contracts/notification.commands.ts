/** Command arbitraries of the notification domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const text = () => fc.oneof({ weight: 12, arbitrary: fc.constantFrom('New offer', 'Payment released', 'Köln') }, { weight: 3, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const type = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('offer.received', 'payment_released', 'chat.message') }, { weight: 1, arbitrary: fc.constantFrom('Offer', '', '1x') });
const data = () => fc.oneof({ weight: 6, arbitrary: jsonPayload() }, { weight: 1, arbitrary: unsafeJsonPayload() });
const limit = () => fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 101, 1.5, 100) });

/** `notification.create` for an earlier user (sometimes a missing one). */
const createNotification = () => call('notification', 'create', record({ userId: ref('user'), type: type(), title: text(), body: text() }, { data: data() }));

/** Every notification command, plus `user.create` so notifications have owners. */
export const notificationCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createNotification(),
  createNotification(),
  call('notification', 'get', ref('notification')),
  call('notification', 'list', ref('user'), fc.option(record({}, { limit: limit(), before: ref('notification') }), { nil: undefined })),
  call('notification', 'markRead', ref('notification')),
  call('notification', 'markAllRead', ref('user')),
  call('notification', 'delete', ref('notification')),
  call('notification', 'unreadCount', ref('user')),
];
