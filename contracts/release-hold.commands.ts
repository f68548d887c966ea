/** Command arbitraries of the release-hold domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { RELEASE_HOLD_REASONS } from './release-hold.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

/** A payment of an earlier user (the payment contract's own commands vary money; holds need not). */
export const createPayment = () => call('payment', 'create', record({ userId: ref('user'), amount: fc.constantFrom('10', '2.5'), currency: fc.constant('USDT'), provider: fc.constant('direct') }));

/** A plain purchase request of an earlier user (the marketplace's own commands vary its parts). */
export const createRequest = () => call('marketplace', 'createRequest', record({ buyerId: ref('user'), title: fc.constantFrom('Laptop', 'Kitap'), budgetAmount: fc.constant('100') }));

/** Payment status changes weighted so that confirmed and then released payments are common. */
export const movePayment = () =>
  call(
    'payment',
    'update',
    ref('payment'),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({ status: 'confirmed' }) },
      { weight: 3, arbitrary: fc.constant({ status: 'released' }) },
      { weight: 1, arbitrary: fc.constantFrom({ status: 'refunded' }, { status: 'failed' }, { status: 'cancelled' }) },
    ),
  );

const note = () =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('delivered', 'Teslim edildi', '') },
    { weight: 2, arbitrary: edgeString() },
    { weight: 1, arbitrary: unsafeString() },
  );

export const placeHold = () =>
  call(
    'release-hold',
    'place',
    record({
      paymentId: ref('payment'),
      purchaseRequestId: ref('purchaseRequest'),
      placedBy: ref('user'),
      reason: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...RELEASE_HOLD_REASONS) }, { weight: 1, arbitrary: fc.constant('because') }),
    }),
  );

export const endHold = () =>
  fc.oneof(
    call('release-hold', 'release', ref('releaseHold'), fc.option(record({}, { note: note() }), { nil: undefined })),
    call('release-hold', 'cancel', ref('releaseHold'), fc.option(record({}, { note: note() }), { nil: undefined })),
  );

/** Every release-hold command, plus the users, payments (moved to confirmed and released) and requests holds need. */
export const releaseHoldCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createPayment(),
  createRequest(),
  movePayment(),
  placeHold(),
  placeHold(),
  call('release-hold', 'get', ref('releaseHold')),
  call('release-hold', 'activeForPayment', ref('payment')),
  call('release-hold', 'listForRequest', ref('purchaseRequest')),
  endHold(),
];
