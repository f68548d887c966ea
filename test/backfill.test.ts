/**
 * Backfill on the real servers: a legacy dataset with awkward shapes and constraint breakers is
 * copied into a migrated scratch Postgres; every breaker is reported with its rule, the repair
 * policies are applied, a second run changes nothing and a dry run writes nothing.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { ObjectId } from 'mongodb';
import { generateLegacyDataset, legacyBreakers, writeLegacyDataset, LEGACY_COLLECTIONS, type LegacyWriteResult } from '../fixtures/legacy.ts';
import { backfill, type BackfillProgress, type BackfillReport } from '../harness/cutover/backfill.ts';
import { addressEntity, categoryEntity, ledgerEntryEntity, LegacyShapeError, paymentEntity, plainDecimal, STORED_ENTITIES, userEntity } from '../repos/legacy/index.ts';
import { useScratchStores } from './support.ts';

const DATASET = { seed: 7, documents: 2500 } as const;

/** Entities whose collections the legacy dataset does not write (quotes, derived destinations, Trezor). */

describe('legacy shapes', () => {
  it('reads money stored as a number, with trailing zeros, or as Decimal-like text into one canonical string', () => {
    const base = { _id: new ObjectId(), userId: new ObjectId(), currency: 'USDT', status: 'pending', provider: 'p', createdAt: new Date(0), updatedAt: new Date(0) };
    expect(paymentEntity.fromDocument({ ...base, amount: '12.500000' }).record.amount).toBe('12.5');
    const n = paymentEntity.fromDocument({ ...base, amount: 12.5 });
    expect(n.record.amount).toBe('12.5');
    expect(n.flags.map((f) => f.note)).toEqual(['money-number']);
    expect(paymentEntity.fromDocument({ ...base, amount: 1e21 }).record.amount).toBe('1000000000000000000000');
    expect(paymentEntity.fromDocument({ ...base, amount: 1e-7 }).record.amount).toBe('0.0000001');
    expect(plainDecimal('1.2300E-8')).toBe('0.0000000123');
    expect(() => paymentEntity.fromDocument({ ...base, amount: '1e3' })).toThrow(LegacyShapeError);
  });

  it('reads references as ObjectId or hex string and times as Date, ms or ISO with a zone', () => {
    const user = new ObjectId();
    const doc = { _id: new ObjectId(), userId: user.toHexString().toUpperCase(), line1: 'x', city: 'y', country: 'TR', createdAt: 1_700_000_000_123, updatedAt: '2023-11-14T22:13:20.123+03:00' };
    const { record, flags } = addressEntity.fromDocument(doc);
    expect(record.userId).toBe(user.toHexString());
    expect(record.createdAt).toBe(1_700_000_000_123);
    expect(record.updatedAt).toBe(Date.UTC(2023, 10, 14, 19, 13, 20, 123));
    expect(record.type).toBe('shipping');
    expect(record.isPrimary).toBe(false);
    expect('label' in record).toBe(false);
    expect(flags.map((f) => f.note).sort()).toEqual(['defaulted', 'defaulted', 'upper-case-id']);
    expect(() => addressEntity.fromDocument({ ...doc, createdAt: '2023-11-14T22:13:20' })).toThrow(/ISO 8601 time with a zone/);
  });

  it('treats null optional fields as absent and ignores activeNameKey', () => {
    const c = categoryEntity.fromDocument({ _id: new ObjectId(), name: 'A', isActive: true, activeNameKey: 'zzz', parentId: null, createdAt: new Date(1), updatedAt: new Date(2) });
    expect(c.record).toEqual({ id: expect.any(String), name: 'A', isActive: true, createdAt: 1, updatedAt: 2 });
    const u = userEntity.fromDocument({ _id: new ObjectId(), email: 'a@b', displayName: null, role: 'seller', createdAt: new Date(1), updatedAt: new Date(1) });
    expect('displayName' in u.record).toBe(false);
  });

  it('reports a document Postgres would reject with the contract rule it breaks', () => {
    const e = ledgerEntryEntity.fromDocument({ _id: new ObjectId(), paymentId: new ObjectId(), userId: new ObjectId(), currency: 'TRY', direction: 'debit', kind: 'fee', amount: '1.005', memo: 'a\u0000', createdAt: new Date(0) });
    expect(ledgerEntryEntity.validate(e.record)).toEqual([
      { field: 'amount', rule: 'must have at most 2 decimal places for TRY' },
      { field: 'memo', rule: 'must not contain a NUL character (U+0000)' },
    ]);
    expect(() => userEntity.fromDocument({ _id: 'abc', email: 'a@b', createdAt: new Date(), updatedAt: new Date() })).toThrow(/_id: must be an ObjectId/);
  });

  it('generates the same dataset for the same seed', () => {
    const a = generateLegacyDataset({ seed: 3, documents: 200 });
    const b = generateLegacyDataset({ seed: 3, documents: 200 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.breakers.length).toBeGreaterThanOrEqual(8);
  });
});

describe('backfill', () => {
  const s = useScratchStores();
  let written: LegacyWriteResult;
  let first: BackfillReport;
  const progress: BackfillProgress[] = [];

  const query = async (text: string, values: unknown[] = [], db = s.pg) => {
    const pool = db.newPool(1);
    try {
      return (await pool.query(text, values)).rows;
    } finally {
      await pool.end();
    }
  };
  const tableCounts = async (db = s.pg) => {
    const rows = await query(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM categories)::int AS categories, (SELECT count(*) FROM addresses)::int AS addresses,
              (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM funds_ledger_entries)::int AS ledger, (SELECT count(*) FROM id_map)::int AS id_map`,
      [],
      db,
    );
    return rows[0] as Record<string, number>;
  };

  beforeAll(async () => {
    written = await writeLegacyDataset(s.mongo.db, DATASET);
  });

  it('a dry run reports exactly what a run does and writes nothing', async () => {
    const scratch = await s.stores.pg();
    const dry = await backfill({ mongoDb: s.mongo.db, pg: scratch.db, dryRun: true });
    expect(await tableCounts(scratch)).toEqual({ users: 0, categories: 0, addresses: 0, payments: 0, ledger: 0, id_map: 0 });
    first = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, onProgress: (p) => progress.push(p) });
    expect(dry.dryRun).toBe(true);
    expect(dry.totals).toEqual(first.totals);
    expect(dry.skipped).toEqual(first.skipped);
    await scratch.drop();
  });

  it('counts every document once: inserted, updated, unchanged or skipped', () => {
    expect(first.totals.seen).toBe(written.total);
    const t = first.totals;
    expect(t.inserted + t.updated + t.unchanged + t.skipped).toBe(t.seen);
    expect(t.inserted).toBe(t.seen - t.skipped);
    // Entities the legacy dataset has no collection for (registered by later domains) see nothing.
    for (const e of first.entities) {
      // Collections without legacy fixture documents are read and found empty.
      expect(e.counts.seen).toBe(written.counts[e.collection as (typeof LEGACY_COLLECTIONS)[number]] ?? 0);
    }
    expect(first.entities.map((e) => e.entity)).toEqual(STORED_ENTITIES.map((e) => e.name));
    expect(progress.filter((p) => p.entity === 'ledgerEntry').at(-1)).toMatchObject({ entity: 'ledgerEntry', done: written.counts.fundsLedgerEntries });
  });

  it('reports every breaker with the field and rule it breaks, and nothing else', () => {
    const breakers = legacyBreakers(DATASET);
    for (const b of breakers) {
      const list = b.outcome === 'skipped' ? first.skipped : first.repairs;
      const hit = list.find((x) => x.id === b.id);
      expect(hit, `${b.why} (${b.id})`).toBeDefined();
      expect(hit!.field).toBe(b.field);
      expect(hit!.rule).toContain(b.rule);
    }
    expect(first.skipped.map((x) => x.id).sort()).toEqual(breakers.filter((b) => b.outcome === 'skipped').map((b) => b.id).sort());
    expect(first.repairs.map((x) => x.id).sort()).toEqual(breakers.filter((b) => b.outcome === 'repaired').map((b) => b.id).sort());
    expect(first.flagCounts['money-number']).toBeGreaterThan(0);
    expect(first.skipped.find((x) => x.field === 'name')?.cause).toBe('rule');
    expect(first.skipped.find((x) => x.field === 'createdAt')?.cause).toBe('shape');
  });

  it('applies the repair policies: the oldest active name stays, the most recently updated primary stays', async () => {
    const breakers = legacyBreakers(DATASET);
    const dupName = breakers.find((b) => b.field === 'isActive')!;
    const demoted = breakers.find((b) => b.field === 'isPrimary')!;
    const cats = await query(`SELECT legacy_object_id, name, is_active FROM categories WHERE lower(btrim(name) COLLATE "C") = 'garden tools' ORDER BY created_at`);
    expect(cats.map((c) => [c.name, c.is_active])).toEqual([
      ['Garden Tools', true],
      ['  garden TOOLS ', false],
      ['GARDEN TOOLS', false],
    ]);
    expect(cats[1].legacy_object_id).toBe(dupName.id);
    const addrs = await query(`SELECT a.legacy_object_id, a.is_primary FROM addresses a JOIN addresses b ON a.user_id = b.user_id WHERE b.legacy_object_id = $1 ORDER BY a.created_at`, [demoted.id]);
    expect(addrs.map((a) => a.is_primary)).toEqual([false, true]);
  });

  it('copies state exactly: times to the millisecond, canonical money, references through id_map', async () => {
    const doc = await s.mongo.db.collection('payments').findOne({ amount: { $type: 'string', $regex: '0$' } });
    expect(doc).not.toBeNull();
    const rows = await query(
      `SELECT p.amount::text, p.status, p.created_at, p.updated_at, m.legacy_object_id AS user_legacy FROM payments p JOIN id_map m ON m.entity = 'users' AND m.pg_id = p.user_id WHERE p.legacy_object_id = $1`,
      [doc!._id.toHexString()],
    );
    const expected = paymentEntity.fromDocument(doc!).record;
    expect(rows[0].status).toBe(expected.status);
    expect(rows[0].created_at.getTime()).toBe(expected.createdAt);
    expect(rows[0].updated_at.getTime()).toBe(expected.updatedAt);
    expect(rows[0].user_legacy).toBe(expected.userId);
    expect(rows[0].amount.replace(/\.?0+$/, '')).toBe(expected.amount);
    const counts = await tableCounts();
    expect(counts.id_map).toBe(counts.users! + counts.categories! + counts.addresses! + counts.payments! + counts.ledger!);
  });

  it('a second run inserts and changes nothing', async () => {
    const again = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, batchSize: 333 });
    expect(again.totals.inserted).toBe(0);
    expect(again.totals.updated).toBe(0);
    expect(again.totals.unchanged).toBe(first.totals.seen - first.totals.skipped);
    expect(again.skipped).toEqual(first.skipped);
    expect(again.repairs).toEqual(first.repairs);
  });

  it('updates a row whose document changed, and reports a changed ledger document instead of updating its row', async () => {
    const user = await s.mongo.db.collection('users').findOne({ displayName: { $type: 'string' } });
    await s.mongo.db.collection('users').updateOne({ _id: user!._id }, { $set: { displayName: 'Renamed in Mongo' } });
    const entry = await s.mongo.db.collection('fundsLedgerEntries').findOne({ memo: { $type: 'string' }, _id: { $type: 'objectId' } }, { sort: { _id: 1 } });
    await s.mongo.db.collection('fundsLedgerEntries').updateOne({ _id: entry!._id }, { $set: { memo: 'edited after the fact' } });
    const r = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['user', 'payment'] });
    expect(r.entities.map((e) => e.entity)).toEqual(['user', 'payment', 'ledgerEntry', 'paymentQuote']);
    expect(r.totals.updated).toBe(1);
    expect(r.totals.inserted).toBe(0);
    const appendOnly = r.skipped.filter((x) => x.cause === 'append-only');
    expect(appendOnly.map((x) => x.id)).toEqual([entry!._id.toHexString()]);
    const rows = await query('SELECT display_name FROM users WHERE legacy_object_id = $1', [user!._id.toHexString()]);
    expect(rows[0].display_name).toBe('Renamed in Mongo');
  });

  it('defers a category whose parent comes later in _id order, and retries it once the parent is in', async () => {
    const scratch = await s.stores.pg();
    const r = await backfill({ mongoDb: s.mongo.db, pg: scratch.db, domains: ['category'], batchSize: 1 });
    expect(r.entities.map((e) => e.entity)).toEqual(['category']);
    expect(r.entities[0]!.counts.deferred).toBeGreaterThanOrEqual(1);
    expect(r.entities[0]!.counts.inserted).toBe(first.entities[1]!.counts.inserted);
    const rows = await query(`SELECT c.name, p.name AS parent FROM categories c JOIN categories p ON p.id = c.parent_id WHERE c.name = 'Seedlings'`, [], scratch);
    expect(rows).toEqual([{ name: 'Seedlings', parent: 'Nursery' }]);
    await scratch.drop();
  });

  it('moves a primary flag to an address earlier in _id order (the old primary is demoted first)', async () => {
    const addresses = s.mongo.db.collection('addresses');
    const byUser = new Map<string, { _id: ObjectId; isPrimary: boolean }[]>();
    for await (const a of addresses.find({ userId: { $type: 'objectId' } }, { projection: { userId: 1, isPrimary: 1 } })) {
      const k = String(a.userId);
      byUser.set(k, [...(byUser.get(k) ?? []), { _id: a._id as ObjectId, isPrimary: a.isPrimary === true }]);
    }
    const pair = [...byUser.values()].map((list) => ({ primary: list.find((a) => a.isPrimary), earlier: list.find((a) => !a.isPrimary) })).find((p) => p.primary && p.earlier && p.earlier._id.toHexString() < p.primary._id.toHexString());
    expect(pair, 'the dataset has a user whose non-primary address has the smaller id').toBeDefined();
    await addresses.updateOne({ _id: pair!.primary!._id }, { $set: { isPrimary: false } });
    await addresses.updateOne({ _id: pair!.earlier!._id }, { $set: { isPrimary: true } });
    const r = await backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['address'] });
    expect(r.totals.updated).toBe(2);
    expect(r.totals.deferred).toBe(1);
    expect(r.skipped.map((x) => x.id)).toEqual(first.skipped.filter((x) => x.entity === 'address').map((x) => x.id));
    const rows = await query(`SELECT legacy_object_id FROM addresses WHERE is_primary AND legacy_object_id = ANY($1)`, [[pair!.primary!._id.toHexString(), pair!.earlier!._id.toHexString()]]);
    expect(rows).toEqual([{ legacy_object_id: pair!.earlier!._id.toHexString() }]);
  });

  it('refuses an unknown domain', async () => {
    await expect(backfill({ mongoDb: s.mongo.db, pg: s.pg.db, domains: ['nope'] })).rejects.toThrow(/unknown domain "nope"/);
  });
});
