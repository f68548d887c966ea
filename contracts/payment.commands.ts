/** Command arbitraries of the payment domain (payments, status changes, ledger appends, balances). */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { anyAmount, currency, validAmount } from '../fixtures/money.ts';
import { unsafeString } from '../fixtures/strings.ts';
import { LEDGER_DIRECTIONS, LEDGER_KINDS, PAYMENT_STATUSES } from './payment.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

/** A currency and an amount, usually valid for that currency. */
const money = () =>
  fc.oneof(
    { weight: 5, arbitrary: currency().chain((c) => validAmount(c).map((amount) => ({ currency: c, amount }))) },
    { weight: 1, arbitrary: fc.record({ currency: currency(), amount: anyAmount() }) },
  );

/** An amount that is usually valid for some currency and sometimes not at all. */
const amount = () => fc.oneof({ weight: 4, arbitrary: currency().chain(validAmount) }, { weight: 1, arbitrary: anyAmount() });

const hex = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });

const createPayment = () =>
  call(
    'payment',
    'create',
    fc
      .tuple(
        money(),
        record(
          { userId: ref('user'), provider: fc.constantFrom('request-network', 'amn', 'direct') },
          { reference: fc.oneof({ weight: 10, arbitrary: hex(4, 8) }, { weight: 1, arbitrary: unsafeString() }) },
        ),
      )
      .map(([m, rest]) => ({ ...rest, ...m })),
  );

const appendEntry = () =>
  call(
    'payment',
    'appendLedgerEntry',
    record(
      { paymentId: ref('payment'), direction: fc.constantFrom(...LEDGER_DIRECTIONS), kind: fc.constantFrom(...LEDGER_KINDS), amount: amount() },
      { memo: fc.string({ maxLength: 10 }) },
    ),
  );

/** Every payment command, plus `user.create` so payments have owners. */
export const paymentCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createPayment(),
  createPayment(),
  call('payment', 'get', ref('payment')),
  call('payment', 'listByUser', ref('user')),
  call('payment', 'update', ref('payment'), record({}, { status: fc.constantFrom(...PAYMENT_STATUSES), reference: fc.oneof(hex(0, 6), fc.constant(null)) })),
  appendEntry(),
  appendEntry(),
  call('payment', 'listLedgerEntries', ref('payment')),
  call('payment', 'getBalanceByUser', ref('user')),
  call('payment', 'getBalanceByPayment', ref('payment')),
];
