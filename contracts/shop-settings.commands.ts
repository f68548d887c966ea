/** Command arbitraries of the shop-settings domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { jsonValue, unsafeJsonPayload } from '../fixtures/json.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const text = () =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom('Ada Shop', 'Köln Kiosk', 'x') }, { weight: 3, arbitrary: edgeString() }, { weight: 1, arbitrary: fc.oneof(unsafeString(), fc.constant('  ')) });

/** A rail: the three required fields plus extra JSON (where "10.5"-like strings live). */
const rail = () =>
  fc
    .tuple(
      fc.constantFrom('USDT', 'TRX', 'ETH'),
      fc.constantFrom('tron', 'ethereum'),
      fc.constantFrom('TXyz1', '0xabc', ''),
      fc.dictionary(fc.constantFrom('minAmount', 'memo', 'tags'), jsonValue(1), { maxKeys: 2 }),
    )
    .map(([currency, network, address, extra]) => ({ ...extra, currency, network, address }));

const rails = () =>
  fc.oneof(
    { weight: 8, arbitrary: fc.array(rail(), { maxLength: 3 }) },
    { weight: 1, arbitrary: unsafeJsonPayload().map((p) => [{ currency: 'USDT', network: 'tron', address: 'T1', memo: p }]) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('not a list', [null], [{ currency: 'USDT' }]) },
  );

/** Every shop-settings command, plus `user.create` so settings have sellers. */
export const shopSettingsCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call(
    'shop-settings',
    'upsertForSeller',
    record({ sellerId: ref('user'), shopName: text() }, { description: fc.oneof(text(), fc.constant(null)), reviewsEnabled: fc.boolean(), paymentRails: rails() }),
  ),
  call('shop-settings', 'getForSeller', ref('user')),
  call('shop-settings', 'setReviewsEnabled', ref('user'), fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant('yes') })),
  call('shop-settings', 'delete', ref('user')),
];
