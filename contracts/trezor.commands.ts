/** Command arbitraries of the Trezor domain (accounts, derivation, explicit registration). */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import { NETWORKS } from './derived-destination.ts';
import type { Call } from './domain.ts';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** A small pool of well-formed xpubs (so clashes happen) and a few malformed ones. */
const xpub = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('xpub', 'zpub', 'tpub').chain((p) => fc.nat({ max: 2 }).map((i) => p + B58[i]!.repeat(107))) },
    { weight: 1, arbitrary: fc.constantFrom('xpub' + '0'.repeat(107), 'xpub' + 'A'.repeat(106), 'xprv' + 'A'.repeat(107), '') },
  );
const label = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom('Cold storage', 'Savings', '') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const index = () =>
  fc.oneof(
    { weight: 10, arbitrary: fc.nat({ max: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(2147483647, 2147483646, -1, 2147483648, 1.5, '3') },
  );

/** Every Trezor command, plus `user.create` so accounts have owners. */
export const trezorCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('trezor', 'createAccount', record({ userId: ref('user'), xpub: xpub(), network: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NETWORKS) }, { weight: 1, arbitrary: fc.constant('dogecoin') }) }, { label: label() })),
  call('trezor', 'getAccount', ref('trezorAccount')),
  call('trezor', 'listAccountsByUser', ref('user')),
  call('trezor', 'deriveNext', fc.record({ accountId: ref('trezorAccount') })),
  call('trezor', 'deriveNext', fc.record({ accountId: ref('trezorAccount') })),
  call('trezor', 'registerAddress', fc.record({ accountId: ref('trezorAccount'), index: index() })),
  call('trezor', 'listAddresses', ref('trezorAccount')),
];
