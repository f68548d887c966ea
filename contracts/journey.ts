/**
 * Journey: a pseudo-domain that owns no table, collection or repository method. Its commands are
 * the whole purchase flow across user, category, marketplace, payment, release-hold, review and
 * dispute (create users, a request, offers, select one, pay, confirm, append ledger entries,
 * hold and release, deliver, complete, release or refund, review and publish), so one model-based
 * run exercises the order in which entities must exist (a hold needs its payment and request, a
 * review its request) and every status change one domain makes that another one reads, with each
 * involved domain's invariants checked after every write.
 *
 * Its repository is empty: every call goes to the domain that owns the method.
 *
 * @public
 */
import type { MethodMap } from './domain.ts';

/** The journey's own repository: no methods (its commands call the domains it depends on). */
export type JourneyRepository = Record<never, never>;

export const journeyMethods: MethodMap<JourneyRepository> = {};

/** The domains whose commands the journey mixes, dependencies first. */
export const JOURNEY_DOMAINS = ['user', 'category', 'payment', 'marketplace', 'release-hold', 'review', 'dispute'] as const;
