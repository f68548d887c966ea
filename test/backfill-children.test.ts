/**
 * Backfill and verify of an entity with child tables and a deferred reference, on the real
 * servers: a Mongo purchase request embeds its parts, specifications, preferred sellers and
 * delivery attempts, and selects one of its offers (a reference cycle with `seller_offers`).
 * Backfill writes the request, its child rows and its offers, then links the selected offer;
 * verify compares the children as part of the request; a change inside an embedded part is
 * found and re-synced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { backfill, type BackfillReport } from '../harness/cutover/backfill.ts';
import { verify } from '../harness/cutover/verify.ts';
import { resync } from '../harness/cutover/reconcile.ts';
import { dependencyOrder, STORED_ENTITIES } from '../repos/legacy/index.ts';
import { scratchQuery, useScratchStores } from './support.ts';

const t = (s: string) => new Date(`2024-03-0${s}T10:00:00.000Z`);

describe('backfill and verify of a purchase request with children', () => {
  const s = useScratchStores();
  const buyer = new ObjectId();
  const [seller1, seller2] = [new ObjectId(), new ObjectId()];
  const category = new ObjectId();
  const [full, bare, orphan] = [new ObjectId(), new ObjectId(), new ObjectId()];
  const [accepted, rejected] = [new ObjectId(), new ObjectId()];
  let first: BackfillReport;

  const query = (text: string, values: unknown[] = []) => scratchQuery(s.pg, text, values);

  beforeAll(async () => {
    const db = s.mongo.db;
    await db.collection('users').insertMany(
      [buyer, seller1, seller2].map((_id, i) => ({ _id, email: `u${i}@example.com`, role: i ? 'seller' : 'buyer', createdAt: t('1'), updatedAt: t('1') })),
    );
    await db.collection('categories').insertOne({ _id: category, name: 'Electronics', isActive: true, createdAt: t('1'), updatedAt: t('1') });
    await db.collection('purchaseRequests').insertMany([
      {
        _id: full,
        buyerId: buyer,
        categoryId: category.toHexString(),
        title: 'Laptop',
        description: 'for work',
        budgetAmount: '1500.000000',
        budgetCurrency: 'USDT',
        status: 'in_delivery',
        selectedOfferId: accepted,
        deliveryInfo: { method: 'shipping', notes: null },
        deliveryAddress: { line1: '1 Main St', city: 'Ankara', postalCode: '06100', country: 'TR' },
        sellerDeliveryInfo: { carrier: 'PTT', trackingNumber: 'RR1' },
        specifications: [
          { key: 'ram', value: '16 GB' },
          { key: 'color', value: 'grey' },
        ],
        preferredSellers: [seller2, seller1.toHexString().toUpperCase()],
        deliveryAttempts: [{ attemptNumber: 1, status: 'failed', note: 'nobody home', attemptedAt: t('4') }],
        createdAt: t('2'),
        updatedAt: t('4'),
      },
      // Missing lists and currency: the contract defaults.
      { _id: bare, buyerId: buyer, title: 'Desk', budgetAmount: 80, status: 'open', createdAt: t('3'), updatedAt: t('3') },
      // A preferred seller that does not exist: the whole request is refused, naming the child field.
      { _id: orphan, buyerId: buyer, title: 'Chair', budgetAmount: '10', status: 'open', preferredSellers: [new ObjectId()], createdAt: t('3'), updatedAt: t('3') },
    ]);
    await db.collection('sellerOffers').insertMany([
      { _id: accepted, requestId: full, sellerId: seller1, price: '45000.50', currency: 'TRY', status: 'accepted', createdAt: t('2'), updatedAt: t('3') },
      { _id: rejected, requestId: full, sellerId: seller2, price: '1400', currency: 'USDT', status: 'rejected', message: 'fast', createdAt: t('2'), updatedAt: t('3') },
    ]);
    first = await backfill({ mongoDb: db, pg: s.pg.db, batchSize: 2 });
  });

  it('orders requests before offers although they reference each other (the selected offer is deferred)', () => {
    const order = dependencyOrder(STORED_ENTITIES).map((e) => e.name);
    expect(order.indexOf('purchaseRequest')).toBeLessThan(order.indexOf('sellerOffer'));
  });

  it('writes the request, its child rows and its offers, then links the selected offer', async () => {
    const requests = first.entities.find((e) => e.entity === 'purchaseRequest')!;
    expect(requests.counts).toMatchObject({ seen: 3, inserted: 2, skipped: 1, linked: 1 });
    expect(first.entities.find((e) => e.entity === 'sellerOffer')!.counts).toMatchObject({ seen: 2, inserted: 2 });
    expect(first.skipped).toEqual([expect.objectContaining({ id: orphan.toHexString(), field: 'preferredSeller.sellerId', cause: 'reference' })]);
    const [r] = await query(
      `SELECT r.id, o.legacy_object_id AS selected FROM purchase_requests r JOIN seller_offers o ON o.id = r.selected_offer_id WHERE r.legacy_object_id = $1`,
      [full.toHexString()],
    );
    expect(r.selected).toBe(accepted.toHexString());
    const specs = await query(`SELECT key, value, position FROM purchase_request_specifications WHERE request_id = $1 ORDER BY position`, [r.id]);
    expect(specs).toEqual([
      { key: 'ram', value: '16 GB', position: 0 },
      { key: 'color', value: 'grey', position: 1 },
    ]);
    const sellers = await query(
      `SELECT m.legacy_object_id FROM purchase_request_preferred_sellers p JOIN id_map m ON m.entity = 'users' AND m.pg_id = p.seller_id WHERE p.request_id = $1 ORDER BY p.position`,
      [r.id],
    );
    expect(sellers.map((x) => x.legacy_object_id)).toEqual([seller2.toHexString(), seller1.toHexString()]);
    expect(await query(`SELECT method, notes FROM purchase_request_delivery_info WHERE request_id = $1`, [r.id])).toEqual([{ method: 'shipping', notes: null }]);
    expect(await query(`SELECT count(*)::int AS n FROM purchase_request_service_info`)).toEqual([{ n: 0 }]);
    expect(await query(`SELECT attempt_number, status FROM delivery_attempts WHERE request_id = $1`, [r.id])).toEqual([{ attempt_number: 1, status: 'failed' }]);
  });

  it('verify finds zero diff, children and the selected offer included', async () => {
    const v = await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['marketplace'] });
    expect(v.differences).toEqual([]);
    expect(v.entities.map((e) => [e.entity, e.postgres.rows, e.mongo.expected])).toEqual([
      ['purchaseRequest', 2, 2],
      ['sellerOffer', 2, 2],
    ]);
  });

  it('a second run writes nothing', async () => {
    const again = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['marketplace'] });
    expect(again.totals).toMatchObject({ inserted: 0, updated: 0, linked: 0, unchanged: 4 });
  });

  it('finds a child row changed in Postgres as a difference of its request, and a backfill repairs it', async () => {
    await query(`UPDATE purchase_request_specifications SET value = 'red' WHERE key = 'color'`);
    await query(`DELETE FROM purchase_request_seller_delivery_info`);
    const v = await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['marketplace'], bucketBits: 0, leafSize: 1 });
    expect(v.differences).toEqual([
      {
        entity: 'purchaseRequest',
        id: full.toHexString(),
        fields: [
          { field: 'sellerDeliveryInfo', mongo: { carrier: 'PTT', trackingNumber: 'RR1' }, postgres: null },
          { field: 'specifications', mongo: [{ key: 'ram', value: '16 GB' }, { key: 'color', value: 'grey' }], postgres: [{ key: 'ram', value: '16 GB' }, { key: 'color', value: 'red' }] },
        ],
      },
    ]);
    const fix = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['marketplace'] });
    expect(fix.totals).toMatchObject({ updated: 1, inserted: 0 });
    expect((await verify({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['marketplace'] })).differences).toEqual([]);
  });

  it('follows Mongo when an embedded part is removed and an attempt added; resync deletes a request gone from Mongo with its children', async () => {
    const db = s.mongo.db;
    await db.collection('purchaseRequests').updateOne(
      { _id: full },
      { $unset: { deliveryAddress: '' }, $push: { deliveryAttempts: { attemptNumber: 2, status: 'succeeded', attemptedAt: t('5') } } as never },
    );
    await db.collection('purchaseRequests').updateOne({ _id: bare }, { $set: { specifications: [{ key: 'size', value: 'L' }] } });
    const r = await backfill({ mongoDb: db, pg: s.pg.db, domains: ['marketplace'] });
    expect(r.totals).toMatchObject({ updated: 2, inserted: 0 });
    expect(await query(`SELECT count(*)::int AS n FROM purchase_request_delivery_address`)).toEqual([{ n: 0 }]);
    expect(await query(`SELECT count(*)::int AS n FROM delivery_attempts`)).toEqual([{ n: 2 }]);

    await db.collection('purchaseRequests').deleteOne({ _id: bare });
    const re = await resync({ mongoDb: db, pg: s.pg.db, domains: ['marketplace'] });
    expect(re.deleted).toEqual([{ table: 'purchase_requests', id: bare.toHexString() }]);
    expect(await query(`SELECT count(*)::int AS n FROM purchase_request_specifications`)).toEqual([{ n: 2 }]);
    expect((await verify({ mongoDb: db, pg: s.pg.db, domains: ['marketplace'] })).differences).toEqual([]);
  });
});
