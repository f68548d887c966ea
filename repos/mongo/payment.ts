/**
 * Mongo implementation of the payment contract (collections `payments`, `fundsLedgerEntries`,
 * `paymentQuotes`). A quote's raw oracle answer is stored as the JSON value itself in `raw` (a
 * subdocument, array, string …, as the source system's Mongoose `Mixed` field holds it;
 * `validateJsonPayload` admits only what BSON and FerretDB 1.24 hold unchanged: no array directly
 * inside an array, which FerretDB refuses).
 * Money is stored as canonical decimal strings: Decimal128 holds 34 digits and FerretDB 1.24
 * cannot store it at all (DESIGN.md section 4). Balances are summed exactly in bigint units.
 *
 * "At most one pending payment per purchase request" is checked before the insert, not held by
 * an index: FerretDB 1.24 has no partial index (and ignores `sparse`), and the key-field pattern
 * of `categories.activeNameKey` / `sellerOffers.pendingKey` would need the field on every
 * document under a plain unique index, which the source system's existing `payments` documents
 * do not carry (two of them would collide on the missing key). Without transactions, two
 * concurrent creates for one request can both pass the check — the same window the source
 * system's own check has; Postgres (the partial unique index) closes it after the cutover, and
 * the `one-pending-payment-per-request` invariant watches the Mongo side in every run.
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { Currency } from '../../contracts/money.ts';
import { balanceOf, balancesOf } from '../../contracts/payment.model.ts';
import {
  PAYMENT_TRANSITIONS,
  PENDING_PER_REQUEST,
  REQUEST_BUYER,
  STATUS_TRANSITION,
  validateLedgerAmount,
  validateNewLedgerEntry,
  validateNewPayment,
  validatePaymentPatch,
  validateNewPaymentQuote,
  type LedgerDirection,
  type LedgerEntry,
  type LedgerKind,
  type Payment,
  type PaymentQuote,
  type PaymentRepository,
  type PaymentStatus,
} from '../../contracts/payment.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import { mapMongoError } from './errors.ts';
import { assignPresent, newObjectId, patchUpdate, toObjectId } from './support.ts';

/** A `payments` document. */
export interface PaymentDoc {
  _id: ObjectId;
  userId: ObjectId;
  amount: string;
  currency: Currency;
  status: PaymentStatus;
  provider: string;
  reference?: string;
  /** The `purchaseRequests` document this payment pays for (absent when none). */
  purchaseRequestId?: ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A `fundsLedgerEntries` document (never updated or deleted by this repository). */
export interface LedgerDoc {
  _id: ObjectId;
  paymentId: ObjectId;
  userId: ObjectId;
  currency: Currency;
  direction: LedgerDirection;
  kind: LedgerKind;
  amount: string;
  memo?: string;
  createdAt: Date;
}

/** A `paymentQuotes` document (never updated by this repository). */
export interface PaymentQuoteDoc {
  _id: ObjectId;
  paymentId: ObjectId;
  provider: string;
  baseCurrency: Currency;
  quoteCurrency: Currency;
  rate: string;
  amount: string;
  expiresAt: Date;
  /** The payload (`validateJsonPayload` admits only what BSON and FerretDB hold unchanged). */
  raw: JsonValue;
  createdAt: Date;
}

/** Creates the collections' indexes. */
export async function ensurePaymentIndexes(db: Db): Promise<void> {
  await db.collection('payments').createIndex({ userId: 1, createdAt: 1 }, { name: 'payments.user' });
  await db.collection('payments').createIndex({ purchaseRequestId: 1, status: 1 }, { name: 'payments.request' });
  await db.collection('fundsLedgerEntries').createIndex({ paymentId: 1, createdAt: 1 }, { name: 'ledger.payment' });
  await db.collection('fundsLedgerEntries').createIndex({ userId: 1 }, { name: 'ledger.user' });
  await db.collection('paymentQuotes').createIndex({ paymentId: 1, createdAt: 1 }, { name: 'paymentQuotes.payment' });
}

/** Contract view of a quote document. */
export function paymentQuoteFromDoc(d: PaymentQuoteDoc): PaymentQuote {
  return {
    id: d._id.toHexString(),
    paymentId: d.paymentId.toHexString(),
    provider: d.provider,
    baseCurrency: d.baseCurrency,
    quoteCurrency: d.quoteCurrency,
    rate: d.rate,
    amount: d.amount,
    expiresAt: d.expiresAt.getTime(),
    raw: d.raw,
    createdAt: d.createdAt.getTime(),
  };
}

/** Contract view of a payment document. */
export function paymentFromDoc(d: PaymentDoc): Payment {
  const p: Payment = {
    id: d._id.toHexString(),
    userId: d.userId.toHexString(),
    amount: d.amount,
    currency: d.currency,
    status: d.status,
    provider: d.provider,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.purchaseRequestId) p.purchaseRequestId = d.purchaseRequestId.toHexString();
  return assignPresent(p, d as unknown as Record<string, unknown>, ['reference']);
}

/** Contract view of a ledger document. */
export function ledgerEntryFromDoc(d: LedgerDoc): LedgerEntry {
  const e: LedgerEntry = {
    id: d._id.toHexString(),
    paymentId: d.paymentId.toHexString(),
    userId: d.userId.toHexString(),
    currency: d.currency,
    direction: d.direction,
    kind: d.kind,
    amount: d.amount,
    createdAt: d.createdAt.getTime(),
  };
  return assignPresent(e, d as unknown as Record<string, unknown>, ['memo']);
}

/** {@link PaymentRepository} over MongoDB. */
export function mongoPaymentRepository({ db, clock }: MongoContext): PaymentRepository {
  const payments = db.collection<PaymentDoc>('payments');
  const ledger = db.collection<LedgerDoc>('fundsLedgerEntries');
  const users = db.collection('users');
  const quotes = db.collection<PaymentQuoteDoc>('paymentQuotes');
  const requests = db.collection<{ _id: ObjectId; buyerId: ObjectId }>('purchaseRequests');
  const findPayment = async (id: string) => {
    const _id = toObjectId(id);
    return _id && (await payments.findOne({ _id }));
  };
  return {
    async create(input) {
      const v = validateNewPayment(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await users.findOne({ _id: userId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.userId);
      let purchaseRequestId: ObjectId | undefined;
      if (v.purchaseRequestId !== undefined) {
        const rid = toObjectId(v.purchaseRequestId);
        const r = rid && (await requests.findOne({ _id: rid }, { projection: { buyerId: 1 } }));
        if (!r) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
        if (!r.buyerId.equals(userId)) throw new InvariantViolation(REQUEST_BUYER, "the payment's user is not the request's buyer");
        if (await payments.findOne({ purchaseRequestId: r._id, status: 'pending' }, { projection: { _id: 1 } })) throw new DuplicateKeyError(PENDING_PER_REQUEST);
        purchaseRequestId = r._id;
      }
      const now = new Date(clock.now());
      const doc: PaymentDoc = assignPresent(
        { _id: newObjectId(v.id), userId, amount: v.amount, currency: v.currency, status: 'pending' as PaymentStatus, provider: v.provider, createdAt: now, updatedAt: now },
        { reference: v.reference, purchaseRequestId },
        ['reference', 'purchaseRequestId'],
      );
      await payments.insertOne(doc).catch((e) => mapMongoError(e, 'payments'));
      return paymentFromDoc(doc);
    },
    async get(id) {
      const d = await findPayment(id);
      return d ? paymentFromDoc(d) : null;
    },
    async listByUser(userId) {
      const uid = toObjectId(userId);
      return uid ? (await payments.find({ userId: uid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(paymentFromDoc) : [];
    },
    async update(id, patch) {
      const v = validatePaymentPatch(patch);
      const p = await findPayment(id);
      if (!p) throw new NotFoundError('payment', id);
      if (v.status !== undefined && !PAYMENT_TRANSITIONS[p.status].includes(v.status)) {
        throw new InvariantViolation(STATUS_TRANSITION, `${p.status} -> ${v.status} is not allowed`);
      }
      // The status in the filter makes a concurrent transition lose instead of overwrite.
      const d = await payments.findOneAndUpdate({ _id: p._id, status: p.status }, patchUpdate({ ...v }, clock.now()), { returnDocument: 'after' });
      if (!d) throw new InvariantViolation(STATUS_TRANSITION, 'the payment changed concurrently');
      return paymentFromDoc(d);
    },
    async appendLedgerEntry(input) {
      const v = validateNewLedgerEntry(input);
      const p = await findPayment(v.paymentId);
      if (!p) throw new NotFoundError('payment', v.paymentId);
      const doc: LedgerDoc = assignPresent(
        { _id: newObjectId(v.id), paymentId: p._id, userId: p.userId, currency: p.currency, direction: v.direction, kind: v.kind, amount: validateLedgerAmount(v.amount, p.currency), createdAt: new Date(clock.now()) },
        { memo: v.memo },
        ['memo'],
      );
      await ledger.insertOne(doc).catch((e) => mapMongoError(e, 'fundsLedgerEntries'));
      return ledgerEntryFromDoc(doc);
    },
    async listLedgerEntries(paymentId) {
      const pid = toObjectId(paymentId);
      return pid ? (await ledger.find({ paymentId: pid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(ledgerEntryFromDoc) : [];
    },
    async getBalanceByUser(userId) {
      const uid = toObjectId(userId);
      return balancesOf(uid ? await ledger.find({ userId: uid }, { projection: { currency: 1, direction: 1, amount: 1 } }).toArray() : []);
    },
    async getBalanceByPayment(paymentId) {
      const p = await findPayment(paymentId);
      if (!p) throw new NotFoundError('payment', paymentId);
      return balanceOf(await ledger.find({ paymentId: p._id }, { projection: { direction: 1, amount: 1 } }).toArray());
    },
    async addQuote(input) {
      const v = validateNewPaymentQuote(input);
      const p = await findPayment(v.paymentId);
      if (!p) throw new NotFoundError('payment', v.paymentId);
      const doc: PaymentQuoteDoc = {
        _id: newObjectId(v.id),
        paymentId: p._id,
        provider: v.provider,
        baseCurrency: v.baseCurrency,
        quoteCurrency: v.quoteCurrency,
        rate: v.rate,
        amount: v.amount,
        expiresAt: new Date(v.expiresAt),
        raw: v.raw,
        createdAt: new Date(clock.now()),
      };
      await quotes.insertOne(doc).catch((e) => mapMongoError(e, 'paymentQuotes'));
      return paymentQuoteFromDoc(doc);
    },
    // ObjectIds minted by one process increase, so `_id` keeps creation order among equal times.
    async listQuotes(paymentId) {
      const pid = toObjectId(paymentId);
      return pid ? (await quotes.find({ paymentId: pid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(paymentQuoteFromDoc) : [];
    },
    async latestQuote(paymentId) {
      const pid = toObjectId(paymentId);
      if (!pid) return null;
      const [d] = await quotes.find({ paymentId: pid, expiresAt: { $gt: new Date(clock.now()) } }).sort({ createdAt: -1, _id: -1 }).limit(1).toArray();
      return d ? paymentQuoteFromDoc(d) : null;
    },
  };
}
