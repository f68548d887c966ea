/** Command arbitraries of the payment domain (payments, status changes, ledger appends, balances). */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonPayload, unsafeJsonPayload } from '../fixtures/json.ts';
import { anyAmount, currency, validAmount } from '../fixtures/money.ts';
import { unsafeString } from '../fixtures/strings.ts';
import { LEDGER_DIRECTIONS, LEDGER_KINDS, PAYMENT_STATUSES } from './payment.ts';
import { createPlainRequest } from './marketplace.commands.ts';
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

/** A purchase request: an earlier one (whose buyer may or may not be the payment's user), rarely a malformed id. */
const requestId = () => fc.oneof({ weight: 10, arbitrary: ref('purchaseRequest') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('not-an-id', 42) });

/**
 * `payment.create` for an earlier user (sometimes a missing one), usually with a valid amount;
 * with `forRequest`, usually for an earlier purchase request (so second pending payments for
 * one request, and new ones after the first left `pending`, come up).
 */
export const createPayment = (forRequest = false) =>
  call(
    'payment',
    'create',
    fc
      .tuple(
        money(),
        record(
          { userId: ref('user'), provider: fc.constantFrom('request-network', 'amn', 'direct') },
          {
            reference: fc.oneof({ weight: 10, arbitrary: hex(4, 8) }, { weight: 1, arbitrary: unsafeString() }),
            ...(forRequest && { purchaseRequestId: requestId() }),
          },
        ),
      )
      .map(([m, rest]) => ({ ...rest, ...m })),
  );

export const appendEntry = () =>
  call(
    'payment',
    'appendLedgerEntry',
    record(
      { paymentId: ref('payment'), direction: fc.constantFrom(...LEDGER_DIRECTIONS), kind: fc.constantFrom(...LEDGER_KINDS), amount: amount() },
      { memo: fc.string({ maxLength: 10 }) },
    ),
  );

/** Expiry times around the run's clock (which starts at 2024-02-29T23:59:58.999Z and steps 1001 ms per command). */
const expiresAt = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: Date.UTC(2024, 1, 29, 23, 59, 50), max: Date.UTC(2024, 2, 1, 0, 0, 40) }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(Date.UTC(2100, 0, 1), 0, -1, 1.5, 253402300800000, '2024-03-01') },
  );

const rate = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('1', '0.999', '34.125', '0.000000000000000001', '99999999999999999999.999999999999999999', '1.50') },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('0', '-1', '1e3', '0.0000000000000000001', '100000000000000000000', 1.5) },
  );

export const addQuote = () =>
  call(
    'payment',
    'addQuote',
    fc
      .tuple(
        fc.oneof(
          { weight: 5, arbitrary: currency().chain((c) => validAmount(c).map((amount) => ({ quoteCurrency: c, amount }))) },
          { weight: 1, arbitrary: fc.record({ quoteCurrency: currency(), amount: anyAmount() }) },
        ),
        fc.record({
          paymentId: ref('payment'),
          provider: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('chainlink', 'binance') }, { weight: 1, arbitrary: unsafeString() }),
          baseCurrency: currency(),
          rate: rate(),
          expiresAt: expiresAt(),
          raw: fc.oneof({ weight: 8, arbitrary: jsonPayload() }, { weight: 1, arbitrary: unsafeJsonPayload() }),
        }),
      )
      .map(([m, rest]) => ({ ...rest, ...m })),
  );

/** Every payment command, plus `user.create` so payments have owners and `marketplace.createRequest` so they have requests to pay for. */
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
  addQuote(),
  addQuote(),
  call('payment', 'listQuotes', ref('payment')),
  call('payment', 'latestQuote', ref('payment')),
  // Appended, not inserted: test/id-book.test.ts replays a recorded path over the first 11 commands.
  createPlainRequest(),
  createPayment(true),
  createPayment(true),
];
