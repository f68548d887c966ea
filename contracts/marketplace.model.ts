/** Reference model of the marketplace contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import type { Category } from './category.ts';
import {
  NOT_IN_DELIVERY,
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
  type MarketplaceRepository,
  type PurchaseRequest,
} from './marketplace.ts';
import { ACTIVE_OFFER_KEY, assertPending, assertSelectable, assertTakesOffers, validateNewOffer, type SellerOffer } from './marketplace-offer.ts';

/** Key order of a request as every implementation returns it (results are compared deeply). */
export function orderRequest(r: PurchaseRequest): PurchaseRequest {
  const out: Record<string, unknown> = {};
  for (const k of REQUEST_KEYS) if ((r as unknown as Record<string, unknown>)[k] !== undefined) out[k] = (r as unknown as Record<string, unknown>)[k];
  return out as unknown as PurchaseRequest;
}
const REQUEST_KEYS = [
  'id', 'buyerId', 'categoryId', 'title', 'description', 'budgetAmount', 'budgetCurrency', 'status', 'selectedOfferId',
  'deliveryInfo', 'deliveryAddress', 'sellerDeliveryInfo', 'serviceInfo', 'specifications', 'preferredSellerIds', 'deliveryAttempts', 'createdAt', 'updatedAt',
] as const;

/** Model of {@link MarketplaceRepository}. Map insertion order is creation order (the lists' tie-breaker). */
export function marketplaceModel({ clock, state }: ModelContext): MarketplaceRepository {
  const requests = state.table<PurchaseRequest>('purchaseRequest');
  const offers = state.table<SellerOffer>('sellerOffer');
  const users = state.table<User>('user');
  const categories = state.table<Category>('category');
  const out = (r: PurchaseRequest) => structuredClone(orderRequest(r));
  const load = (id: string) => {
    const r = requests.get(id);
    if (!r) throw new NotFoundError('purchaseRequest', id);
    return r;
  };
  const editable = (id: string) => {
    const r = load(id);
    if (!isEditable(r.status)) throw new InvariantViolation(REQUEST_CLOSED, `a ${r.status} request cannot change`);
    return r;
  };
  const needUsers = (ids: readonly string[]) => {
    for (const id of ids) if (!users.has(id)) throw new NotFoundError('user', id);
  };
  return {
    async createRequest(input) {
      const v = validateNewRequest(input);
      needUsers([v.buyerId]);
      if (v.categoryId !== undefined && !categories.has(v.categoryId)) throw new NotFoundError('category', v.categoryId);
      needUsers(v.preferredSellerIds);
      const now = clock.now();
      const { id, ...rest } = v;
      const r: PurchaseRequest = { id: id ?? state.nextId(), ...rest, deliveryAttempts: [], createdAt: now, updatedAt: now };
      requests.set(r.id, r);
      return out(r);
    },
    async getRequest(id) {
      const r = requests.get(id);
      return r ? out(r) : null;
    },
    async listRequestsByBuyer(buyerId) {
      const mine = [...requests.values()].filter((r) => r.buyerId === buyerId);
      // Newest first; among equal times the later created first (reverse of insertion order).
      return mine.reverse().sort((a, b) => b.createdAt - a.createdAt).map(out);
    },
    async updateRequest(id, patch) {
      const p = validateRequestPatch(patch);
      const r = editable(id);
      checkBudgetScale(p, r.budgetCurrency);
      if (typeof p.categoryId === 'string' && !categories.has(p.categoryId)) throw new NotFoundError('category', p.categoryId);
      if (p.preferredSellerIds) needUsers(p.preferredSellerIds);
      const fields = r as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(p)) {
        if (v === null) delete fields[k];
        else fields[k] = v;
      }
      r.updatedAt = clock.now();
      return out(r);
    },
    async setSpecification(id, key, value) {
      const k = validateSpecKey('key', key);
      const v = validateSpecValue('value', value);
      const r = editable(id);
      const existing = r.specifications.find((s) => s.key === k);
      if (existing) existing.value = v;
      else r.specifications.push({ key: k, value: v });
      r.updatedAt = clock.now();
      return out(r);
    },
    async removeSpecification(id, key) {
      const k = validateSpecKey('key', key);
      const r = editable(id);
      r.specifications = r.specifications.filter((s) => s.key !== k);
      r.updatedAt = clock.now();
      return out(r);
    },
    async transitionStatus(id, status) {
      const s = validateStatus(status);
      const r = load(id);
      if (!REQUEST_TRANSITIONS[r.status].includes(s)) throw new InvariantViolation(REQUEST_TRANSITION, `${r.status} -> ${s} is not allowed`);
      r.status = s;
      r.updatedAt = clock.now();
      return out(r);
    },
    async submitOffer(input) {
      const v = validateNewOffer(input);
      const r = load(v.requestId);
      needUsers([v.sellerId]);
      assertTakesOffers(r.status);
      if ([...offers.values()].some((o) => o.requestId === r.id && o.sellerId === v.sellerId && o.status === 'pending')) throw new DuplicateKeyError(ACTIVE_OFFER_KEY);
      const now = clock.now();
      const o: SellerOffer = { id: v.id ?? state.nextId(), requestId: r.id, sellerId: v.sellerId, price: v.price, currency: v.currency, status: 'pending', createdAt: now, updatedAt: now };
      if (v.message !== undefined) o.message = v.message;
      offers.set(o.id, o);
      return structuredClone(o);
    },
    async listOffers(requestId) {
      const mine = [...offers.values()].filter((o) => o.requestId === requestId);
      return mine.sort((a, b) => a.createdAt - b.createdAt).map((o) => structuredClone(o));
    },
    async withdrawOffer(offerId) {
      const o = offers.get(offerId);
      if (!o) throw new NotFoundError('sellerOffer', offerId);
      assertPending(o.status, 'withdrawn');
      Object.assign(o, { status: 'withdrawn', updatedAt: clock.now() });
      return structuredClone(o);
    },
    async selectOffer(requestId, offerId) {
      const r = load(requestId);
      const o = offers.get(offerId);
      if (!o) throw new NotFoundError('sellerOffer', offerId);
      assertSelectable(r, o, o.requestId === r.id);
      const now = clock.now();
      for (const other of offers.values()) {
        if (other.requestId === r.id && other.status === 'pending' && other.id !== o.id) Object.assign(other, { status: 'rejected', updatedAt: now });
      }
      Object.assign(o, { status: 'accepted', updatedAt: now });
      Object.assign(r, { status: 'offer_selected', selectedOfferId: o.id, updatedAt: now });
      return out(r);
    },
    async recordDeliveryAttempt(id, attempt) {
      const v = validateNewAttempt(attempt);
      const r = load(id);
      if (r.status !== 'in_delivery') throw new InvariantViolation(NOT_IN_DELIVERY, `a ${r.status} request takes no delivery attempts`);
      const now = clock.now();
      const a = { attemptNumber: r.deliveryAttempts.length + 1, status: v.status, ...(v.note !== undefined && { note: v.note }), attemptedAt: now };
      r.deliveryAttempts.push(a);
      r.updatedAt = now;
      return structuredClone(a);
    },
    async listDeliveryAttempts(id) {
      return structuredClone(requests.get(id)?.deliveryAttempts ?? []);
    },
  };
}

