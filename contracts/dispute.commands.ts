/** Command arbitraries of the dispute domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { DISPUTE_REASONS, DISPUTE_STATUSES } from './dispute.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const text = () =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('never arrived', 'wrong colour', 'Kargo gelmedi') },
    { weight: 3, arbitrary: edgeString() },
    { weight: 1, arbitrary: fc.constantFrom('', '   ') },
    { weight: 1, arbitrary: unsafeString() },
  );

/** A payment of an earlier user (the payment contract's own commands vary money; disputes need not). */
const createPayment = () => call('payment', 'create', record({ userId: ref('user'), amount: fc.constantFrom('10', '2.5'), currency: fc.constant('USDT'), provider: fc.constant('direct') }));

/** `dispute.open`, mostly by the payment's owner when there are few users. */
export const openDispute = () =>
  call(
    'dispute',
    'open',
    record(
      { paymentId: ref('payment'), openedBy: ref('user'), reason: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...DISPUTE_REASONS) }, { weight: 1, arbitrary: fc.constant('because') }), description: text() },
      { evidence: fc.oneof({ weight: 8, arbitrary: jsonPayload() }, { weight: 1, arbitrary: unsafeJsonPayload() }) },
    ),
  );

/** Every dispute command, plus the users and payments disputes need. */
export const disputeCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createPayment(),
  openDispute(),
  openDispute(),
  call('dispute', 'get', ref('dispute')),
  call('dispute', 'getUnresolvedByPayment', ref('payment')),
  call('dispute', 'transition', ref('dispute'), record({ status: fc.constantFrom(...DISPUTE_STATUSES) }, { resolutionNote: text() })),
];
