/**
 * Command arbitraries of the journey pseudo-domain: one model over the whole purchase flow,
 * mixing the commands of user, category, marketplace, payment, release-hold, review and dispute.
 *
 * Two kinds of command are mixed:
 * - flow steps, whose references mostly line up (`nth('user', 0)` is the buyer, `nth('user', 1)`
 *   the seller, `first('purchaseRequest')` the request being walked): create a request, offer on
 *   it, select the offer, pay, confirm, hold, release the hold, deliver, complete, release or
 *   refund the payment, review, publish. Their order in a sequence is random, so a step taken too
 *   early is refused (and that refusal is compared too);
 * - each domain's own commands (reused from its `*.commands.ts`), with random references and
 *   edge/invalid input, so the flow also meets entities that do not line up.
 *
 * The weights were tuned on the model alone (`npx tsx tools/journey-stats.ts 200 42 100`). With
 * the runner's draw (fc.commands, `maxCommands` 100 as registered, mean length ~50) 13-21% of
 * sequences walk the whole flow (offer accepted, payment confirmed then released or refunded,
 * hold placed and released, review published) and 45-60% reach each single step; sequences of
 * exactly 100 commands walk it in 56%, sequences of exactly 40 in 2% (the chain is a dozen
 * dependent steps drawn in random order), hence the journey's larger `maxCommands`.
 */
import fc from 'fast-check';
import { call, latest, nth, record, ref } from '../fixtures/calls.ts';
import { DELIVERY_ATTEMPT_STATUSES, REQUEST_STATUSES } from './marketplace.ts';
import { RELEASE_HOLD_REASONS } from './release-hold.ts';
import { createUser } from './user.commands.ts';
import { createCategory, createRequest as anyRequest, submitOffer as anyOffer, updateRequest } from './marketplace.commands.ts';
import { addQuote, appendEntry, createPayment as anyPayment } from './payment.commands.ts';
import { endHold, movePayment, placeHold } from './release-hold.commands.ts';
import { createReview } from './review.commands.ts';
import { openDispute } from './dispute.commands.ts';
import { DISPUTE_STATUSES } from './dispute.ts';
import type { Call } from './domain.ts';

type Weighted = { readonly weight: number; readonly arbitrary: fc.Arbitrary<Call> };
const w = (weight: number, arbitrary: fc.Arbitrary<Call>): Weighted => ({ weight, arbitrary });

const buyer = () => nth('user', 0);
/** The first entity of a kind, mostly: the flow walks request #0 and payment #0, so later creates do not restart it. */
const first = (entity: string) => nth(entity, 0);

/** A user with a valid, usually fresh e-mail (the user domain's own command varies them more). */
const flowUser = () =>
  call('user', 'create', record({ email: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('buyer@example.com', 'seller@example.com', 'third@example.org') }, { weight: 1, arbitrary: fc.emailAddress() }) }, { displayName: fc.constantFrom('Ayşe', 'Bob') }));
const seller = () => nth('user', 1);

/** The buyer's open request (the marketplace's own command also makes drafts). */
const buyerRequest = () =>
  call(
    'marketplace',
    'createRequest',
    record({ buyerId: buyer(), title: fc.constantFrom('Laptop', 'Kitap'), budgetAmount: fc.constantFrom('100', '250.5'), status: fc.constant('open') }),
  );

/** The seller's offer on the latest request. */
const sellerOffer = () =>
  call('marketplace', 'submitOffer', record({ requestId: first('purchaseRequest'), sellerId: seller(), price: fc.constantFrom('90', '99.99'), currency: fc.constant('USDT') }));

/** The next request status of the flow (offer_selected comes from selectOffer only). */
const advanceRequest = () =>
  call('marketplace', 'transitionStatus', first('purchaseRequest'), fc.constantFrom('in_delivery', 'delivered', 'completed'));

/** The buyer's payment for the request. */
const buyerPayment = () =>
  call('payment', 'create', record({ userId: buyer(), amount: fc.constantFrom('90', '99.99'), currency: fc.constant('USDT'), provider: fc.constantFrom('request-network', 'direct') }));

/** Confirms, then releases or refunds, the latest payment. */
const advancePayment = () =>
  call(
    'payment',
    'update',
    first('payment'),
    fc.oneof({ weight: 5, arbitrary: fc.constant({ status: 'confirmed' }) }, { weight: 3, arbitrary: fc.constant({ status: 'released' }) }, { weight: 2, arbitrary: fc.constant({ status: 'refunded' }) }),
  );

/** The escrow's ledger: deposit on confirmation, release or refund at the end. */
const escrowEntry = () =>
  call(
    'payment',
    'appendLedgerEntry',
    fc
      .tuple(
        fc.constantFrom({ direction: 'credit', kind: 'deposit' }, { direction: 'debit', kind: 'release' }, { direction: 'debit', kind: 'refund' }, { direction: 'debit', kind: 'fee' }),
        first('payment'),
      )
      .map(([e, paymentId]) => ({ ...e, paymentId, amount: '90' })),
  );

const hold = () =>
  call('release-hold', 'place', record({ paymentId: first('payment'), purchaseRequestId: first('purchaseRequest'), placedBy: buyer(), reason: fc.constantFrom(...RELEASE_HOLD_REASONS) }));

const releaseHold = () => call('release-hold', 'release', latest('releaseHold'), fc.option(record({}, { note: fc.constantFrom('delivered', 'Teslim edildi') }), { nil: undefined }));

const review = () =>
  call(
    'review',
    'create',
    record({ purchaseRequestId: first('purchaseRequest'), reviewerId: buyer(), sellerId: seller(), rating: fc.integer({ min: 1, max: 5 }) }, { comment: fc.constantFrom('great seller', 'Hızlı kargo') }),
  );

const dispute = () =>
  call('dispute', 'open', record({ paymentId: first('payment'), openedBy: buyer(), reason: fc.constantFrom('not_received', 'not_as_described'), description: fc.constant('Kargo gelmedi') }));

/** Each involved domain's own commands: random references, edge and invalid input. */
const domainCommands = () =>
  fc.oneof(
    createCategory(),
    anyRequest(),
    anyOffer(),
    call('marketplace', 'selectOffer', ref('purchaseRequest'), ref('sellerOffer')),
    call('marketplace', 'withdrawOffer', ref('sellerOffer')),
    updateRequest(),
    call('marketplace', 'transitionStatus', ref('purchaseRequest'), fc.constantFrom(...REQUEST_STATUSES)),
    call('marketplace', 'recordDeliveryAttempt', first('purchaseRequest'), record({ status: fc.constantFrom(...DELIVERY_ATTEMPT_STATUSES) })),
    anyPayment(),
    movePayment(),
    appendEntry(),
    addQuote(),
    placeHold(),
    endHold(),
    createReview(),
    call('review', 'hide', ref('review')),
    openDispute(),
    dispute(),
    call('dispute', 'transition', latest('dispute'), record({ status: fc.constantFrom(...DISPUTE_STATUSES) })),
  );

/** Reads across the flow (on DualWrite each is also a shadow read of the mirror). */
const reads = () =>
  fc.oneof(
    call('marketplace', 'getRequest', first('purchaseRequest')),
    call('marketplace', 'listOffers', first('purchaseRequest')),
    call('marketplace', 'listDeliveryAttempts', first('purchaseRequest')),
    call('payment', 'getBalanceByPayment', first('payment')),
    call('payment', 'getBalanceByUser', buyer()),
    call('release-hold', 'activeForPayment', first('payment')),
    call('release-hold', 'listForRequest', first('purchaseRequest')),
    call('review', 'listForSeller', seller()),
    call('review', 'sellerSummary', seller()),
    call('dispute', 'getUnresolvedByPayment', first('payment')),
  );

/**
 * Every journey command as one weighted arbitrary (fast-check draws uniformly among an array's
 * arbitraries, so the weights live here): mostly flow steps, then each domain's own commands and
 * reads.
 */
export const journeyCommands = (): fc.Arbitrary<Call>[] => [
  fc.oneof(
    // The buyer and the seller are the first two users.
    w(W.user, flowUser()),
    w(W.anyUser, createUser()),
    w(W.request, buyerRequest()),
    w(W.offer, sellerOffer()),
    w(W.select, call('marketplace', 'selectOffer', first('purchaseRequest'), latest('sellerOffer'))),
    w(W.deliver, advanceRequest()),
    w(W.payment, buyerPayment()),
    w(W.movePayment, advancePayment()),
    w(W.ledger, escrowEntry()),
    w(W.hold, hold()),
    w(W.release, releaseHold()),
    w(W.review, review()),
    w(W.publish, call('review', 'publish', latest('review'))),
    w(W.summary, call('review', 'sellerSummary', seller())),
    w(W.domains, domainCommands()),
    w(W.reads, reads()),
  ),
];

/** Weights of the mix above (tuned with `tools/journey-stats.ts`). */
const W = { user: 6, anyUser: 1, request: 5, offer: 6, select: 6, deliver: 5, payment: 5, movePayment: 6, ledger: 1, hold: 6, release: 5, review: 5, publish: 5, summary: 2, domains: 5, reads: 3 };
