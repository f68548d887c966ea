/** Command arbitraries of the marketplace domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { anyAmount, currency, validAmount } from '../fixtures/money.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { DELIVERY_ATTEMPT_STATUSES, DELIVERY_METHODS, REQUEST_STATUSES } from './marketplace.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

const text = () =>
  fc.oneof({ weight: 20, arbitrary: fc.constantFrom('Laptop', 'Blue', '16 GB', 'İstanbul', 'x') }, { weight: 4, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
/** Few keys, so that specifications collide. */
const specKey = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('color', 'size', 'Color', 'ram') }, { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a\u0000') });

/** A currency and an amount, usually valid for it (TRY included). */
const money = () =>
  fc.oneof(
    { weight: 5, arbitrary: currency().chain((c) => validAmount(c).map((amount) => ({ currency: c, amount }))) },
    { weight: 1, arbitrary: fc.record({ currency: currency(), amount: anyAmount() }) },
  );

const deliveryInfo = () => record({ method: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...DELIVERY_METHODS) }, { weight: 1, arbitrary: fc.constant('teleport') }) }, { notes: text() });
const deliveryAddress = () =>
  record({ line1: text(), city: text(), country: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('TR', 'DE') }, { weight: 1, arbitrary: fc.constant('tr') }) }, { line2: text(), postalCode: fc.constantFrom('06100', '') });
const sellerDeliveryInfo = () => record({ carrier: text() }, { trackingNumber: fc.constantFrom('1Z999', '') });
const serviceInfo = () => record({ details: text() }, { location: text() });
const specs = () => fc.array(record({ key: specKey(), value: text() }), { maxLength: 3 });
const sellers = () => fc.array(ref('user'), { maxLength: 2 });

export const createCategory = () => call('category', 'create', record({ name: fc.constantFrom('Electronics', 'Books', 'Garden') }));

export const createRequest = () =>
  call(
    'marketplace',
    'createRequest',
    fc
      .tuple(
        money(),
        record(
          { buyerId: ref('user'), title: text() },
          {
            categoryId: ref('category'),
            description: text(),
            status: fc.constantFrom('draft', 'open', 'open', 'open'),
            deliveryInfo: deliveryInfo(),
            deliveryAddress: deliveryAddress(),
            sellerDeliveryInfo: sellerDeliveryInfo(),
            serviceInfo: serviceInfo(),
            specifications: specs(),
            preferredSellerIds: sellers(),
          },
        ),
      )
      .map(([m, rest]) => ({ ...rest, budgetAmount: m.amount, budgetCurrency: m.currency })),
  );

/**
 * A valid `marketplace.createRequest` for an earlier user (draft or open, no parts): for domains
 * whose entities point at requests (payments) and need many of them to exist.
 */
export const createPlainRequest = () =>
  call('marketplace', 'createRequest', record({ buyerId: ref('user'), title: fc.constantFrom('Laptop', 'Kitap'), budgetAmount: fc.constant('100') }, { status: fc.constantFrom('draft', 'open') }));

export const submitOffer = () =>
  call(
    'marketplace',
    'submitOffer',
    fc.tuple(money(), record({ requestId: ref('purchaseRequest'), sellerId: ref('user') }, { message: text() })).map(([m, rest]) => ({ ...rest, price: m.amount, currency: m.currency })),
  );

const orNull = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });

export const updateRequest = () =>
  call(
    'marketplace',
    'updateRequest',
    ref('purchaseRequest'),
    fc.tuple(fc.option(money(), { nil: undefined }), record({}, {
      title: text(),
      description: orNull(text()),
      categoryId: orNull(ref('category')),
      deliveryInfo: orNull(deliveryInfo()),
      deliveryAddress: orNull(deliveryAddress()),
      sellerDeliveryInfo: orNull(sellerDeliveryInfo()),
      serviceInfo: orNull(serviceInfo()),
      preferredSellerIds: sellers(),
    })).map(([m, rest]) => (m === undefined ? rest : { ...rest, budgetAmount: m.amount, ...(m.currency !== 'ETH' && { budgetCurrency: m.currency }) })),
  );

/** Every marketplace command, plus the creates of users and categories they refer to. */
export const marketplaceCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createUser(),
  createCategory(),
  createRequest(),
  createRequest(),
  call('marketplace', 'getRequest', ref('purchaseRequest')),
  call('marketplace', 'listRequestsByBuyer', ref('user')),
  updateRequest(),
  call('marketplace', 'setSpecification', ref('purchaseRequest'), specKey(), text()),
  call('marketplace', 'removeSpecification', ref('purchaseRequest'), specKey()),
  call('marketplace', 'transitionStatus', ref('purchaseRequest'), fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...REQUEST_STATUSES) }, { weight: 1, arbitrary: fc.constant('lost') })),
  submitOffer(),
  submitOffer(),
  call('marketplace', 'listOffers', ref('purchaseRequest')),
  call('marketplace', 'withdrawOffer', ref('sellerOffer')),
  call('marketplace', 'selectOffer', ref('purchaseRequest'), ref('sellerOffer')),
  call('marketplace', 'selectOffer', ref('purchaseRequest'), ref('sellerOffer')),
  call('marketplace', 'recordDeliveryAttempt', ref('purchaseRequest'), record({ status: fc.constantFrom(...DELIVERY_ATTEMPT_STATUSES) }, { note: text() })),
  call('marketplace', 'listDeliveryAttempts', ref('purchaseRequest')),
];
