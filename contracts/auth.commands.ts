/**
 * Command arbitraries of the auth domain. Credential ids, hashes and Telegram ids come from
 * small pools so that duplicates, reuse and repeated links happen within a short run; expiry
 * times lie around the run's clock (which advances about a second per command), so tokens and
 * sessions expire in the middle of a run.
 */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { CLOCK_BASE_MS } from '../properties/differential.ts';
import { MAX_SIGN_COUNT, MAX_TIME_MS } from './auth.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const rare = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>, weight = 12) =>
  fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: invalid });

const credentialId = () =>
  rare(fc.constantFrom('Y3JlZC1h', 'Y3JlZC1i', 'AAAA'), fc.oneof(fc.constantFrom('', 'not base64!', 'abc='), unsafeString()) as fc.Arbitrary<string>);

const hash = () =>
  rare(
    fc.constantFrom('a'.repeat(64), 'b'.repeat(64), '0123456789abcdef'.repeat(4)),
    fc.oneof(fc.constantFrom('raw-refresh-token', 'A'.repeat(64), 'a'.repeat(63)), unsafeString()),
  );

const signCount = () =>
  rare(fc.oneof(fc.constantFrom(0, 0, 1, 2, 3, 7, 100), fc.constant(MAX_SIGN_COUNT)), fc.constantFrom(-1, 1.5, MAX_SIGN_COUNT + 1), 10);

/** Mostly well after the run's first commands, sometimes already past or about to pass. */
const expiresAt = () =>
  rare(
    fc.oneof({ weight: 3, arbitrary: fc.integer({ min: CLOCK_BASE_MS + 20_000, max: CLOCK_BASE_MS + 60_000 }) }, { weight: 1, arbitrary: fc.integer({ min: CLOCK_BASE_MS - 2000, max: CLOCK_BASE_MS + 20_000 }) }),
    fc.constantFrom(-1, 1.5, MAX_TIME_MS + 1),
  );

const telegramUserId = () =>
  rare(fc.constantFrom('777000', '12345', '9007199254740993', '9223372036854775807'), fc.constantFrom('0', '012', '-5', '9223372036854775808', '1e5', ''), 10);

const transports = () =>
  rare(
    fc.subarray(['usb', 'nfc', 'ble', 'internal', 'hybrid', 'smart-card']),
    fc.constantFrom<string[]>(['USB'], ['usb', 'usb'], [''], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']),
  );

const name = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom('YubiKey', 'iPhone', '') }, { weight: 3, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const username = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom('alice_bot', 'Bob', 'x') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });

const recordUse = () => call('auth', 'recordPasskeyUse', credentialId(), signCount());

/**
 * Every auth method, plus `user.create` so credentials have owners. Reads and rare writes share
 * one arbitrary each (fewer commands, same coverage); `recordPasskeyUse` appears twice so that
 * counters climb, and fall back, within one run.
 */
export const authCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('auth', 'createPasskey', record({ userId: ref('user'), credentialId: credentialId(), publicKey: fc.constantFrom('pQECAyYgASFYIA', 'MFkwEwYHKoZIzj0CAQ') }, { signCount: signCount(), transports: transports(), name: name() })),
  fc.oneof(call('auth', 'findPasskey', credentialId()), call('auth', 'listPasskeys', ref('user')), call('auth', 'deletePasskey', ref('passkey'))),
  recordUse(),
  recordUse(),
  call('auth', 'issueRefreshToken', record({ userId: ref('user'), tokenHash: hash(), expiresAt: expiresAt() })),
  fc.oneof({ weight: 3, arbitrary: call('auth', 'findActiveRefreshToken', hash()) }, { weight: 1, arbitrary: call('auth', 'revokeAllRefreshTokens', ref('user')) }),
  call('auth', 'rotateRefreshToken', record({ oldTokenHash: hash(), tokenHash: hash(), expiresAt: expiresAt() })),
  call('auth', 'linkTelegram', record({ userId: ref('user'), telegramUserId: telegramUserId() }, { username: username() })),
  fc.oneof(
    call('auth', 'findTelegramLinkByUser', ref('user')),
    call('auth', 'findTelegramLinkByTelegramUser', telegramUserId()),
    call('auth', 'unlinkTelegram', ref('user')),
  ),
  call('auth', 'createTelegramSession', record({ telegramUserId: telegramUserId(), sessionHash: hash(), expiresAt: expiresAt() }, { userId: ref('user') })),
  fc.oneof(call('auth', 'findActiveTelegramSession', hash()), call('auth', 'deleteExpiredTelegramSessions')),
];
