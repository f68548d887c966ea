/** Command arbitraries of the chat domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const body = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('hi', 'Merhaba', 'shipped today') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: fc.oneof(fc.constant(''), unsafeString()) });

/** Participants: earlier users, sometimes repeated (canonicalization removes them), sometimes one user twice (then too few). */
const participants = () => fc.array(ref('user'), { minLength: 2, maxLength: 4 });

/** Every chat command, plus `user.create` so chats have participants. */
export const chatCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createUser(),
  call('chat', 'createChat', record({ participants: participants() }, { purchaseRequestRef: fc.oneof(fc.constantFrom('65f0c0ffee0000000000abcd', 'PR-17'), unsafeString()) })),
  call('chat', 'createChat', record({ participants: participants() })),
  call('chat', 'addParticipant', ref('chat'), ref('user')),
  call('chat', 'getChat', ref('chat')),
  call('chat', 'postMessage', record({ chatId: ref('chat'), senderId: ref('user'), body: body() })),
  call('chat', 'postMessage', record({ chatId: ref('chat'), senderId: ref('user'), body: body() })),
  call('chat', 'postMessage', record({ chatId: ref('chat'), senderId: ref('user'), body: body() })),
  call('chat', 'postSystemMessage', record({ chatId: ref('chat'), body: body() })),
  call('chat', 'listMessages', ref('chat'), record({ limit: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 101) }) }, { before: fc.integer({ min: 0, max: 6 }) })),
  call('chat', 'listChatsForUser', ref('user')),
];
