/** Command arbitraries of the review domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createRequest } from './release-hold.commands.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

/** Mostly valid ratings; sometimes just outside the range, fractional, or not a number. */
const rating = () =>
  fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 6, -1, 2.5, '4', Number.NaN, null) },
  );

const comment = () =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('great seller', 'Hızlı kargo', '') },
    { weight: 2, arbitrary: edgeString() },
    { weight: 1, arbitrary: unsafeString() },
  );

export const createReview = () =>
  call('review', 'create', record({ purchaseRequestId: ref('purchaseRequest'), reviewerId: ref('user'), sellerId: ref('user'), rating: rating() }, { comment: comment() }));

/** Every review command, plus the users and requests reviews need. */
export const reviewCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  createRequest(),
  createReview(),
  createReview(),
  call('review', 'get', ref('review')),
  call('review', 'publish', ref('review')),
  call('review', 'hide', ref('review')),
  call('review', 'listForSeller', ref('user')),
  call('review', 'sellerSummary', ref('user')),
];
