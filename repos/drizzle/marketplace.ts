/**
 * Drizzle implementation of the marketplace contract (`purchase_requests` with its child tables,
 * `delivery_attempts`, `seller_offers`).
 *
 * A request is read with its children in one query per child table, for any number of requests
 * at once (`loadRequests`). Every multi-statement write runs in one transaction that first locks
 * the request row (`FOR UPDATE`), so `submitOffer` and `selectOffer` on one request serialize; the
 * composite foreign key and the partial unique index are the database's own backstops.
 */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
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
  type MarketplaceRepository,
  type PurchaseRequest,
} from '../../contracts/marketplace.ts';
import { ACTIVE_OFFER_KEY, assertPending, assertSelectable, assertTakesOffers, validateNewOffer, type SellerOffer } from '../../contracts/marketplace-offer.ts';
import { orderRequest } from '../../contracts/marketplace.model.ts';
import { categories } from '../../schema/categories.ts';
import {
  deliveryAttempts,
  purchaseRequestDeliveryAddress,
  purchaseRequestDeliveryInfo,
  purchaseRequestPreferredSellers,
  purchaseRequestSellerDeliveryInfo,
  purchaseRequestServiceInfo,
  purchaseRequestSpecifications,
  purchaseRequests,
  sellerOffers,
} from '../../schema/marketplace.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, money, ms } from './support.ts';

type Tx = PgDatabase;
type RequestRow = typeof purchaseRequests.$inferSelect;

/** The 1:1 part tables by contract key; their columns' Drizzle keys are the part's fields. */
export const PART_TABLES = {
  deliveryInfo: purchaseRequestDeliveryInfo,
  deliveryAddress: purchaseRequestDeliveryAddress,
  sellerDeliveryInfo: purchaseRequestSellerDeliveryInfo,
  serviceInfo: purchaseRequestServiceInfo,
} as const;

/** A part of a child row: every column but `requestId`, nulls dropped. */
function partOf(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (k !== 'requestId' && v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Contract view of an offer row. */
export function offerFromRow(r: typeof sellerOffers.$inferSelect): SellerOffer {
  const o: SellerOffer = {
    id: r.id,
    requestId: r.requestId,
    sellerId: r.sellerId,
    price: money(r.price),
    currency: r.offerCurrency,
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  return assignPresent(o, r, ['message']);
}

function attemptFromRow(r: typeof deliveryAttempts.$inferSelect): DeliveryAttempt {
  return { attemptNumber: r.attemptNumber, status: r.status, ...(r.note !== null && { note: r.note }), attemptedAt: ms(r.attemptedAt) };
}

/** The requests of `rows` with every child, in the order of `rows`. */
export async function loadRequests(db: Tx, rows: readonly RequestRow[]): Promise<PurchaseRequest[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const group = <T extends { requestId: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.requestId, [...(m.get(x.requestId) ?? []), x]);
    return m;
  };
  // One query at a time: on a transaction's client, node-postgres would only queue them anyway.
  const parts: unknown[][] = [];
  for (const k of PART_KEYS) parts.push(await db.select().from(PART_TABLES[k]).where(inArray(PART_TABLES[k].requestId, ids)));
  const specs = group(await db.select().from(purchaseRequestSpecifications).where(inArray(purchaseRequestSpecifications.requestId, ids)).orderBy(asc(purchaseRequestSpecifications.position)));
  const sellers = group(await db.select().from(purchaseRequestPreferredSellers).where(inArray(purchaseRequestPreferredSellers.requestId, ids)).orderBy(asc(purchaseRequestPreferredSellers.position)));
  const attempts = group(await db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.requestId, ids)).orderBy(asc(deliveryAttempts.attemptNumber)));
  const partMaps = parts.map((list) => new Map((list as { requestId: string }[]).map((p) => [p.requestId, p])));
  return rows.map((r) => {
    const out: PurchaseRequest = {
      id: r.id,
      buyerId: r.buyerId,
      title: r.title,
      budgetAmount: money(r.budgetAmount),
      budgetCurrency: r.budgetCurrency,
      status: r.status,
      specifications: (specs.get(r.id) ?? []).map((s) => ({ key: s.key, value: s.value })),
      preferredSellerIds: (sellers.get(r.id) ?? []).map((s) => s.sellerId),
      deliveryAttempts: (attempts.get(r.id) ?? []).map(attemptFromRow),
      createdAt: ms(r.createdAt),
      updatedAt: ms(r.updatedAt),
    };
    assignPresent(out, r, ['categoryId', 'description', 'selectedOfferId']);
    PART_KEYS.forEach((k, i) => {
      const p = partMaps[i]!.get(r.id);
      if (p) (out as unknown as Record<string, unknown>)[k] = partOf(p as Record<string, unknown>);
    });
    return orderRequest(out);
  });
}

async function loadOne(db: Tx, id: string): Promise<PurchaseRequest> {
  const [row] = await db.select().from(purchaseRequests).where(eq(purchaseRequests.id, id));
  if (!row) throw new NotFoundError('purchaseRequest', id);
  return (await loadRequests(db, [row]))[0]!;
}

/** The uuid of a user (either id form), or `NotFoundError('user')`. */
async function userUuid(db: Tx, id: string): Promise<string> {
  const [u] = await db.select({ id: users.id }).from(users).where(byId(users, id));
  if (!u) throw new NotFoundError('user', id);
  return u.id;
}

async function categoryUuid(db: Tx, id: string): Promise<string> {
  const [c] = await db.select({ id: categories.id }).from(categories).where(byId(categories, id));
  if (!c) throw new NotFoundError('category', id);
  return c.id;
}

/** Locks the request row (`FOR UPDATE`) and returns it, or `NotFoundError('purchaseRequest')`. */
async function lockRequest(tx: Tx, id: string): Promise<RequestRow> {
  const [row] = await tx.select().from(purchaseRequests).where(byId(purchaseRequests, id)).for('update');
  if (!row) throw new NotFoundError('purchaseRequest', id);
  return row;
}

async function lockEditable(tx: Tx, id: string): Promise<RequestRow> {
  const row = await lockRequest(tx, id);
  if (!isEditable(row.status)) throw new InvariantViolation(REQUEST_CLOSED, `a ${row.status} request cannot change`);
  return row;
}

async function setPart(tx: Tx, requestId: string, key: (typeof PART_KEYS)[number], value: object | null): Promise<void> {
  const table = PART_TABLES[key];
  await tx.delete(table).where(eq(table.requestId, requestId));
  if (value) await tx.insert(table).values({ requestId, ...value } as never);
}

async function setPreferredSellers(tx: Tx, requestId: string, sellerIds: readonly string[]): Promise<void> {
  await tx.delete(purchaseRequestPreferredSellers).where(eq(purchaseRequestPreferredSellers.requestId, requestId));
  if (sellerIds.length) await tx.insert(purchaseRequestPreferredSellers).values(sellerIds.map((sellerId, position) => ({ requestId, sellerId, position })));
}

const duplicateOffer = { seller_offers_one_pending_per_seller: () => new DuplicateKeyError(ACTIVE_OFFER_KEY) };

/** {@link MarketplaceRepository} over Postgres with Drizzle. */
export function drizzleMarketplaceRepository({ db, clock }: DrizzleContext): MarketplaceRepository {
  const touch = (tx: Tx, id: string, now: Date) => tx.update(purchaseRequests).set({ updatedAt: now }).where(eq(purchaseRequests.id, id));
  return {
    async createRequest(input) {
      const v = validateNewRequest(input);
      return inTransaction(db, async (tx) => {
        const buyerId = await userUuid(tx, v.buyerId);
        const categoryId = v.categoryId === undefined ? null : await categoryUuid(tx, v.categoryId);
        const sellerIds: string[] = [];
        for (const s of v.preferredSellerIds) sellerIds.push(await userUuid(tx, s));
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(purchaseRequests)
          .values({
            legacyObjectId: v.id,
            buyerId,
            categoryId,
            title: v.title,
            description: v.description ?? null,
            budgetAmount: v.budgetAmount,
            budgetCurrency: v.budgetCurrency,
            status: v.status,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        const id = row!.id;
        for (const k of PART_KEYS) if (v[k]) await setPart(tx, id, k, v[k]!);
        if (v.specifications.length) await tx.insert(purchaseRequestSpecifications).values(v.specifications.map((s, position) => ({ requestId: id, ...s, position })));
        await setPreferredSellers(tx, id, sellerIds);
        return loadOne(tx, id);
      }).catch((e) => mapPgError(e));
    },
    async getRequest(id) {
      const [row] = await db.select().from(purchaseRequests).where(byId(purchaseRequests, id));
      return row ? (await loadRequests(db, [row]))[0]! : null;
    },
    async listRequestsByBuyer(buyerId) {
      const rows = await db
        .select({ r: purchaseRequests })
        .from(purchaseRequests)
        .innerJoin(users, eq(users.id, purchaseRequests.buyerId))
        .where(byId(users, buyerId))
        .orderBy(desc(purchaseRequests.createdAt), desc(purchaseRequests.seq));
      return loadRequests(db, rows.map((x) => x.r));
    },
    async updateRequest(id, patch) {
      const p = validateRequestPatch(patch);
      return inTransaction(db, async (tx) => {
        const row = await lockEditable(tx, id);
        checkBudgetScale(p, row.budgetCurrency);
        const set: Partial<typeof purchaseRequests.$inferInsert> = { updatedAt: new Date(clock.now()) };
        if (p.categoryId !== undefined) set.categoryId = p.categoryId === null ? null : await categoryUuid(tx, p.categoryId);
        let sellerIds: string[] | undefined;
        if (p.preferredSellerIds) {
          sellerIds = [];
          for (const s of p.preferredSellerIds) sellerIds.push(await userUuid(tx, s));
        }
        if (p.title !== undefined) set.title = p.title;
        if (p.description !== undefined) set.description = p.description;
        if (p.budgetAmount !== undefined) set.budgetAmount = p.budgetAmount;
        if (p.budgetCurrency !== undefined) set.budgetCurrency = p.budgetCurrency;
        await tx.update(purchaseRequests).set(set).where(eq(purchaseRequests.id, row.id));
        for (const k of PART_KEYS) if (p[k] !== undefined) await setPart(tx, row.id, k, p[k]!);
        if (sellerIds) await setPreferredSellers(tx, row.id, sellerIds);
        return loadOne(tx, row.id);
      }).catch((e) => mapPgError(e));
    },
    async setSpecification(id, key, value) {
      const k = validateSpecKey('key', key);
      const v = validateSpecValue('value', value);
      return inTransaction(db, async (tx) => {
        const row = await lockEditable(tx, id);
        const t = purchaseRequestSpecifications;
        const [existing] = await tx.select({ key: t.key }).from(t).where(and(eq(t.requestId, row.id), eq(t.key, k)));
        if (existing) await tx.update(t).set({ value: v }).where(and(eq(t.requestId, row.id), eq(t.key, k)));
        else {
          const [m] = await tx.select({ next: sql<number>`coalesce(max(${t.position}), -1)::int + 1` }).from(t).where(eq(t.requestId, row.id));
          await tx.insert(t).values({ requestId: row.id, key: k, value: v, position: m?.next ?? 0 });
        }
        await touch(tx, row.id, new Date(clock.now()));
        return loadOne(tx, row.id);
      }).catch((e) => mapPgError(e));
    },
    async removeSpecification(id, key) {
      const k = validateSpecKey('key', key);
      return inTransaction(db, async (tx) => {
        const row = await lockEditable(tx, id);
        const t = purchaseRequestSpecifications;
        await tx.delete(t).where(and(eq(t.requestId, row.id), eq(t.key, k)));
        await touch(tx, row.id, new Date(clock.now()));
        return loadOne(tx, row.id);
      }).catch((e) => mapPgError(e));
    },
    async transitionStatus(id, status) {
      const s = validateStatus(status);
      return inTransaction(db, async (tx) => {
        const row = await lockRequest(tx, id);
        if (!REQUEST_TRANSITIONS[row.status].includes(s)) throw new InvariantViolation(REQUEST_TRANSITION, `${row.status} -> ${s} is not allowed`);
        await tx.update(purchaseRequests).set({ status: s, updatedAt: new Date(clock.now()) }).where(eq(purchaseRequests.id, row.id));
        return loadOne(tx, row.id);
      }).catch((e) => mapPgError(e));
    },
    async submitOffer(input) {
      const v = validateNewOffer(input);
      return inTransaction(db, async (tx) => {
        const r = await lockRequest(tx, v.requestId);
        const sellerId = await userUuid(tx, v.sellerId);
        assertTakesOffers(r.status);
        const [dup] = await tx
          .select({ id: sellerOffers.id })
          .from(sellerOffers)
          .where(and(eq(sellerOffers.requestId, r.id), eq(sellerOffers.sellerId, sellerId), eq(sellerOffers.status, 'pending')));
        if (dup) throw new DuplicateKeyError(ACTIVE_OFFER_KEY);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(sellerOffers)
          .values({ legacyObjectId: v.id, requestId: r.id, sellerId, price: v.price, offerCurrency: v.currency, message: v.message ?? null, createdAt: now, updatedAt: now })
          .returning();
        return offerFromRow(row!);
      }).catch((e) => mapPgError(e, duplicateOffer));
    },
    async listOffers(requestId) {
      const rows = await db
        .select({ o: sellerOffers })
        .from(sellerOffers)
        .innerJoin(purchaseRequests, eq(purchaseRequests.id, sellerOffers.requestId))
        .where(byId(purchaseRequests, requestId))
        .orderBy(asc(sellerOffers.createdAt), asc(sellerOffers.seq));
      return rows.map((x) => offerFromRow(x.o));
    },
    async withdrawOffer(offerId) {
      return inTransaction(db, async (tx) => {
        const [o] = await tx.select().from(sellerOffers).where(byId(sellerOffers, offerId)).for('update');
        if (!o) throw new NotFoundError('sellerOffer', offerId);
        assertPending(o.status, 'withdrawn');
        const [row] = await tx.update(sellerOffers).set({ status: 'withdrawn', updatedAt: new Date(clock.now()) }).where(eq(sellerOffers.id, o.id)).returning();
        return offerFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async selectOffer(requestId, offerId) {
      return inTransaction(db, async (tx) => {
        const r = await lockRequest(tx, requestId);
        const [o] = await tx.select().from(sellerOffers).where(byId(sellerOffers, offerId)).for('update');
        if (!o) throw new NotFoundError('sellerOffer', offerId);
        assertSelectable({ id: requestId, status: r.status }, o, o.requestId === r.id);
        const now = new Date(clock.now());
        await tx
          .update(sellerOffers)
          .set({ status: 'rejected', updatedAt: now })
          .where(and(eq(sellerOffers.requestId, r.id), eq(sellerOffers.status, 'pending'), ne(sellerOffers.id, o.id)));
        await tx.update(sellerOffers).set({ status: 'accepted', updatedAt: now }).where(eq(sellerOffers.id, o.id));
        await tx.update(purchaseRequests).set({ status: 'offer_selected', selectedOfferId: o.id, updatedAt: now }).where(eq(purchaseRequests.id, r.id));
        return loadOne(tx, r.id);
      }).catch((e) => mapPgError(e));
    },
    async recordDeliveryAttempt(id, attempt) {
      const v = validateNewAttempt(attempt);
      return inTransaction(db, async (tx) => {
        const r = await lockRequest(tx, id);
        if (r.status !== 'in_delivery') throw new InvariantViolation(NOT_IN_DELIVERY, `a ${r.status} request takes no delivery attempts`);
        const now = new Date(clock.now());
        const [m] = await tx.select({ n: sql<number>`count(*)::int` }).from(deliveryAttempts).where(eq(deliveryAttempts.requestId, r.id));
        const [row] = await tx
          .insert(deliveryAttempts)
          .values({ requestId: r.id, attemptNumber: (m?.n ?? 0) + 1, status: v.status, note: v.note ?? null, attemptedAt: now })
          .returning();
        await touch(tx, r.id, now);
        return attemptFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async listDeliveryAttempts(id) {
      const rows = await db
        .select({ a: deliveryAttempts })
        .from(deliveryAttempts)
        .innerJoin(purchaseRequests, eq(purchaseRequests.id, deliveryAttempts.requestId))
        .where(byId(purchaseRequests, id))
        .orderBy(asc(deliveryAttempts.attemptNumber));
      return rows.map((x) => attemptFromRow(x.a));
    },
  };
}
