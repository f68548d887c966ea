/**
 * Mongo implementation of the marketplace contract: collection `purchaseRequests`, which embeds a
 * request's parts, specifications, preferred sellers (ObjectIds) and delivery attempts as the
 * source system's Mongoose model does, and collection `sellerOffers`.
 *
 * "One pending offer per seller and request" without a partial index (FerretDB 1.24 has none):
 * every offer carries `pendingKey`, `<requestId>:<sellerId>` while pending and `~<_id>` (unique by
 * construction) afterwards, under one plain unique index — the pattern of `categories.activeNameKey`.
 * Without transactions, `selectOffer` writes in an order whose every prefix keeps the invariants
 * (other offers rejected, then the offer accepted, then the request pointed at it).
 */
import type { Db, ObjectId } from 'mongodb';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { Currency } from '../../contracts/money.ts';
import {
  NOT_IN_DELIVERY,
  PART_KEYS,
  REQUEST_CLOSED,
  REQUEST_TRANSITION,
  REQUEST_TRANSITIONS,
  checkBudgetScale,
  isEditable,
  validateNewAttempt,
  validateNewRequest,
  validateRequestPatch,
  validateSpecKey,
  validateSpecValue,
  validateStatus,
  type DeliveryAttempt,
  type DeliveryAttemptStatus,
  type MarketplaceRepository,
  type PurchaseRequest,
  type RequestStatus,
  type Specification,
} from '../../contracts/marketplace.ts';
import { ACTIVE_OFFER_KEY, assertPending, assertSelectable, assertTakesOffers, validateNewOffer, type OfferStatus, type SellerOffer } from '../../contracts/marketplace-offer.ts';
import { orderRequest } from '../../contracts/marketplace.model.ts';
import { isDuplicateKey } from './errors.ts';
import { assignPresent, newObjectId, toObjectId } from './support.ts';

/** An embedded delivery attempt. */
export interface DeliveryAttemptDoc {
  attemptNumber: number;
  status: DeliveryAttemptStatus;
  note?: string;
  attemptedAt: Date;
}

/** A `purchaseRequests` document. Parts are plain subdocuments (absent when not set). */
export interface PurchaseRequestDoc {
  _id: ObjectId;
  buyerId: ObjectId;
  categoryId?: ObjectId;
  title: string;
  description?: string;
  budgetAmount: string;
  budgetCurrency: Currency;
  status: RequestStatus;
  selectedOfferId?: ObjectId;
  deliveryInfo?: PurchaseRequest['deliveryInfo'];
  deliveryAddress?: PurchaseRequest['deliveryAddress'];
  sellerDeliveryInfo?: PurchaseRequest['sellerDeliveryInfo'];
  serviceInfo?: PurchaseRequest['serviceInfo'];
  specifications: Specification[];
  preferredSellers: ObjectId[];
  deliveryAttempts: DeliveryAttemptDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** A `sellerOffers` document. */
export interface SellerOfferDoc {
  _id: ObjectId;
  requestId: ObjectId;
  sellerId: ObjectId;
  price: string;
  currency: Currency;
  status: OfferStatus;
  message?: string;
  /** Unique: `<requestId>:<sellerId>` while pending, `~<_id>` otherwise. */
  pendingKey: string;
  createdAt: Date;
  updatedAt: Date;
}

const pendingKey = (o: { _id: ObjectId; requestId: ObjectId; sellerId: ObjectId }, status: OfferStatus) =>
  status === 'pending' ? `${o.requestId.toHexString()}:${o.sellerId.toHexString()}` : `~${o._id.toHexString()}`;

/** Creates the collections' indexes. */
export async function ensureMarketplaceIndexes(db: Db): Promise<void> {
  await db.collection('purchaseRequests').createIndex({ buyerId: 1, createdAt: -1 }, { name: 'purchaseRequests.buyer' });
  await db.collection('sellerOffers').createIndex({ requestId: 1, createdAt: 1 }, { name: 'sellerOffers.request' });
  await db.collection('sellerOffers').createIndex({ pendingKey: 1 }, { unique: true, name: ACTIVE_OFFER_KEY });
}

/** Contract view of an embedded attempt. */
export function attemptFromDoc(a: DeliveryAttemptDoc): DeliveryAttempt {
  return {
    attemptNumber: a.attemptNumber,
    status: a.status,
    ...(a.note !== undefined && a.note !== null && { note: a.note }),
    attemptedAt: a.attemptedAt.getTime(),
  };
}

/** Contract view of a request document. */
export function requestFromDoc(d: PurchaseRequestDoc): PurchaseRequest {
  const r: PurchaseRequest = {
    id: d._id.toHexString(),
    buyerId: d.buyerId.toHexString(),
    title: d.title,
    budgetAmount: d.budgetAmount,
    budgetCurrency: d.budgetCurrency,
    status: d.status,
    specifications: (d.specifications ?? []).map((s) => ({ key: s.key, value: s.value })),
    preferredSellerIds: (d.preferredSellers ?? []).map((s) => s.toHexString()),
    deliveryAttempts: (d.deliveryAttempts ?? []).map(attemptFromDoc),
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.categoryId) r.categoryId = d.categoryId.toHexString();
  if (d.selectedOfferId) r.selectedOfferId = d.selectedOfferId.toHexString();
  assignPresent(r, d as unknown as Record<string, unknown>, ['description', ...PART_KEYS]);
  return orderRequest(r);
}

/** Contract view of an offer document. */
export function offerFromDoc(d: SellerOfferDoc): SellerOffer {
  const o: SellerOffer = {
    id: d._id.toHexString(),
    requestId: d.requestId.toHexString(),
    sellerId: d.sellerId.toHexString(),
    price: d.price,
    currency: d.currency,
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (typeof d.message === 'string') o.message = d.message;
  return o;
}

/** {@link MarketplaceRepository} over MongoDB. */
export function mongoMarketplaceRepository({ db, clock }: MongoContext): MarketplaceRepository {
  const requests = db.collection<PurchaseRequestDoc>('purchaseRequests');
  const offers = db.collection<SellerOfferDoc>('sellerOffers');
  const users = db.collection('users');
  const categories = db.collection('categories');
  const exists = async (col: typeof users, id: string) => {
    const _id = toObjectId(id);
    return !!_id && !!(await col.findOne({ _id }, { projection: { _id: 1 } }));
  };
  const needUser = async (id: string) => {
    if (!(await exists(users, id))) throw new NotFoundError('user', id);
    return toObjectId(id)!;
  };
  const load = async (id: string) => {
    const _id = toObjectId(id);
    const d = _id && (await requests.findOne({ _id }));
    if (!d) throw new NotFoundError('purchaseRequest', id);
    return d;
  };
  const editable = async (id: string) => {
    const d = await load(id);
    if (!isEditable(d.status)) throw new InvariantViolation(REQUEST_CLOSED, `a ${d.status} request cannot change`);
    return d;
  };
  const save = async (d: PurchaseRequestDoc, update: { $set: Record<string, unknown>; $unset?: Record<string, ''> }) => {
    const after = await requests.findOneAndUpdate({ _id: d._id }, update, { returnDocument: 'after' });
    if (!after) throw new NotFoundError('purchaseRequest', d._id.toHexString());
    return requestFromDoc(after);
  };
  return {
    async createRequest(input) {
      const v = validateNewRequest(input);
      const buyerId = await needUser(v.buyerId);
      let categoryId: ObjectId | undefined;
      if (v.categoryId !== undefined) {
        if (!(await exists(categories, v.categoryId))) throw new NotFoundError('category', v.categoryId);
        categoryId = toObjectId(v.categoryId)!;
      }
      const preferredSellers: ObjectId[] = [];
      for (const s of v.preferredSellerIds) preferredSellers.push(await needUser(s));
      const now = new Date(clock.now());
      const doc: PurchaseRequestDoc = {
        _id: newObjectId(v.id),
        buyerId,
        ...(categoryId && { categoryId }),
        title: v.title,
        budgetAmount: v.budgetAmount,
        budgetCurrency: v.budgetCurrency,
        status: v.status,
        specifications: v.specifications,
        preferredSellers,
        deliveryAttempts: [],
        createdAt: now,
        updatedAt: now,
      };
      assignPresent(doc, v as unknown as Record<string, unknown>, ['description', ...PART_KEYS]);
      await requests.insertOne(doc);
      return requestFromDoc(doc);
    },
    async getRequest(id) {
      const _id = toObjectId(id);
      const d = _id && (await requests.findOne({ _id }));
      return d ? requestFromDoc(d) : null;
    },
    async listRequestsByBuyer(buyerId) {
      const b = toObjectId(buyerId);
      if (!b) return [];
      return (await requests.find({ buyerId: b }).sort({ createdAt: -1, _id: -1 }).toArray()).map(requestFromDoc);
    },
    async updateRequest(id, patch) {
      const p = validateRequestPatch(patch);
      const d = await editable(id);
      checkBudgetScale(p, d.budgetCurrency);
      const $set: Record<string, unknown> = { updatedAt: new Date(clock.now()) };
      const $unset: Record<string, ''> = {};
      if (typeof p.categoryId === 'string') {
        if (!(await exists(categories, p.categoryId))) throw new NotFoundError('category', p.categoryId);
        $set.categoryId = toObjectId(p.categoryId);
      } else if (p.categoryId === null) $unset.categoryId = '';
      if (p.preferredSellerIds) {
        const ids: ObjectId[] = [];
        for (const s of p.preferredSellerIds) ids.push(await needUser(s));
        $set.preferredSellers = ids;
      }
      for (const k of ['title', 'description', 'budgetAmount', 'budgetCurrency', ...PART_KEYS] as const) {
        const v = p[k];
        if (v === null) $unset[k] = '';
        else if (v !== undefined) $set[k] = v;
      }
      return save(d, Object.keys($unset).length ? { $set, $unset } : { $set });
    },
    async setSpecification(id, key, value) {
      const k = validateSpecKey('key', key);
      const v = validateSpecValue('value', value);
      const d = await editable(id);
      const specs = (d.specifications ?? []).map((s) => ({ key: s.key, value: s.value }));
      const existing = specs.find((s) => s.key === k);
      if (existing) existing.value = v;
      else specs.push({ key: k, value: v });
      return save(d, { $set: { specifications: specs, updatedAt: new Date(clock.now()) } });
    },
    async removeSpecification(id, key) {
      const k = validateSpecKey('key', key);
      const d = await editable(id);
      const specs = (d.specifications ?? []).filter((s) => s.key !== k);
      return save(d, { $set: { specifications: specs, updatedAt: new Date(clock.now()) } });
    },
    async transitionStatus(id, status) {
      const s = validateStatus(status);
      const d = await load(id);
      if (!REQUEST_TRANSITIONS[d.status].includes(s)) throw new InvariantViolation(REQUEST_TRANSITION, `${d.status} -> ${s} is not allowed`);
      // The status in the filter makes a concurrent transition lose instead of overwrite.
      const after = await requests.findOneAndUpdate({ _id: d._id, status: d.status }, { $set: { status: s, updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' });
      if (!after) throw new InvariantViolation(REQUEST_TRANSITION, 'the request changed concurrently');
      return requestFromDoc(after);
    },
    async submitOffer(input) {
      const v = validateNewOffer(input);
      const r = await load(v.requestId);
      const sellerId = await needUser(v.sellerId);
      assertTakesOffers(r.status);
      const now = new Date(clock.now());
      const base = { _id: newObjectId(v.id), requestId: r._id, sellerId };
      const doc: SellerOfferDoc = { ...base, price: v.price, currency: v.currency, status: 'pending', pendingKey: pendingKey(base, 'pending'), createdAt: now, updatedAt: now };
      if (v.message !== undefined) doc.message = v.message;
      await offers.insertOne(doc).catch((e) => {
        if (isDuplicateKey(e)) throw new DuplicateKeyError(ACTIVE_OFFER_KEY, { cause: e });
        throw e;
      });
      return offerFromDoc(doc);
    },
    async listOffers(requestId) {
      const rid = toObjectId(requestId);
      if (!rid) return [];
      return (await offers.find({ requestId: rid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(offerFromDoc);
    },
    async withdrawOffer(offerId) {
      const _id = toObjectId(offerId);
      const o = _id && (await offers.findOne({ _id }));
      if (!o) throw new NotFoundError('sellerOffer', offerId);
      assertPending(o.status, 'withdrawn');
      const after = await offers.findOneAndUpdate(
        { _id: o._id, status: 'pending' },
        { $set: { status: 'withdrawn', pendingKey: pendingKey(o, 'withdrawn'), updatedAt: new Date(clock.now()) } },
        { returnDocument: 'after' },
      );
      if (!after) throw new InvariantViolation('seller_offer.status_transition', 'the offer changed concurrently');
      return offerFromDoc(after);
    },
    async selectOffer(requestId, offerId) {
      const r = await load(requestId);
      const _id = toObjectId(offerId);
      const o = _id && (await offers.findOne({ _id }));
      if (!o) throw new NotFoundError('sellerOffer', offerId);
      assertSelectable({ id: requestId, status: r.status }, { requestId: o.requestId.toHexString(), status: o.status }, o.requestId.equals(r._id));
      const now = new Date(clock.now());
      const others = await offers.find({ requestId: r._id, status: 'pending', _id: { $ne: o._id } }, { projection: { _id: 1, requestId: 1, sellerId: 1 } }).toArray();
      for (const x of others) await offers.updateOne({ _id: x._id, status: 'pending' }, { $set: { status: 'rejected', pendingKey: pendingKey(x, 'rejected'), updatedAt: now } });
      await offers.updateOne({ _id: o._id }, { $set: { status: 'accepted', pendingKey: pendingKey(o, 'accepted'), updatedAt: now } });
      return save(r, { $set: { status: 'offer_selected', selectedOfferId: o._id, updatedAt: now } });
    },
    async recordDeliveryAttempt(id, attempt) {
      const v = validateNewAttempt(attempt);
      const d = await load(id);
      if (d.status !== 'in_delivery') throw new InvariantViolation(NOT_IN_DELIVERY, `a ${d.status} request takes no delivery attempts`);
      const now = new Date(clock.now());
      const a: DeliveryAttemptDoc = { attemptNumber: (d.deliveryAttempts ?? []).length + 1, status: v.status, ...(v.note !== undefined && { note: v.note }), attemptedAt: now };
      await requests.updateOne({ _id: d._id }, { $push: { deliveryAttempts: a }, $set: { updatedAt: now } });
      return attemptFromDoc(a);
    },
    async listDeliveryAttempts(id) {
      const _id = toObjectId(id);
      const d = _id && (await requests.findOne({ _id }, { projection: { deliveryAttempts: 1 } }));
      return d ? (d.deliveryAttempts ?? []).map(attemptFromDoc) : [];
    },
  };
}
