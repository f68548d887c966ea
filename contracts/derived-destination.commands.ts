/** Command arbitraries of the derived-destination domain (destinations, sweeps, status changes). */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { anyAmount, currency, validAmount } from '../fixtures/money.ts';
import { edgeString } from '../fixtures/strings.ts';
import { createPayment } from './payment.commands.ts';
import { createUser } from './user.commands.ts';
import { NETWORKS, SWEEP_STATUSES } from './derived-destination.ts';
import type { Call } from './domain.ts';

/** Small pools, so that address, path and tx-hash clashes happen. */
const address = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('0x9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'ABCDEFGH') },
    { weight: 1, arbitrary: fc.constantFrom('short', '0x9F8E7D6C5B4A39281706F5E4D3C2B1A098765432', 'has space 123456') },
    { weight: 1, arbitrary: edgeString() },
  );
const derivationPath = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.nat({ max: 5 }).map((i) => `m/44'/60'/0'/0/${i}`) },
    { weight: 2, arbitrary: fc.constantFrom("m/84'/0'/0'/0/0", 'm/0', "m/2147483647'") },
    { weight: 1, arbitrary: fc.constantFrom('m', "m/44'/60'/0'/0/05", 'm/2147483648', "m/44''/0", 'M/0', "m/44'/60'/0'/0/5/", '') },
  );
const txHash = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('a', 'b', 'c').map((c) => `0x${c.repeat(64)}`) },
    { weight: 2, arbitrary: fc.constant('d'.repeat(64)) },
    { weight: 1, arbitrary: fc.constantFrom(`0x${'A'.repeat(64)}`, '0x1234', '') },
  );
/**
 * Mostly amounts with at most 2 decimals (valid in every currency, so sweeps get recorded),
 * some valid only for some currency (the destination's, with luck), a few not amounts at all.
 */
const amount = () =>
  fc.oneof({ weight: 5, arbitrary: validAmount('TRY') }, { weight: 2, arbitrary: currency().chain(validAmount) }, { weight: 1, arbitrary: anyAmount() });
const sweepStatus = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom('confirmed', 'confirmed', 'failed') }, { weight: 2, arbitrary: fc.constantFrom('pending', 'swept') });

const createDestination = () =>
  call(
    'derived-destination',
    'create',
    record(
      { userId: ref('user'), currency: currency(), network: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NETWORKS) }, { weight: 1, arbitrary: fc.constant('solana') }), address: address(), derivationPath: derivationPath() },
      { paymentId: ref('payment') },
    ),
  );

const recordSweep = () =>
  call(
    'derived-destination',
    'recordSweep',
    record({ destinationId: ref('derivedDestination'), amount: amount(), txHash: txHash() }, { status: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SWEEP_STATUSES) }, { weight: 1, arbitrary: fc.constant('done') }) }),
  );

/** Every derived-destination command, plus user and payment creates for the references. */
export const derivedDestinationCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createPayment(),
  createDestination(),
  createDestination(),
  call('derived-destination', 'get', ref('derivedDestination')),
  call('derived-destination', 'getByAddress', address()),
  call('derived-destination', 'listByUser', ref('user')),
  call('derived-destination', 'retire', ref('derivedDestination')),
  recordSweep(),
  recordSweep(),
  call('derived-destination', 'setSweepStatus', ref('derivedDestinationSweep'), sweepStatus()),
  call('derived-destination', 'setSweepStatus', ref('derivedDestinationSweep'), sweepStatus()),
  call('derived-destination', 'listSweeps', ref('derivedDestination')),
];
