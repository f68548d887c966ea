/**
 * Backfill and verify of the payment-quote, derived-destination and Trezor specs on the real
 * servers: legacy documents (a quote payload that is a JSON string "10.5", one with objects and null
 * inside an array, a Long `nextIndex`) land in Postgres exactly and verify finds zero differences;
 * a document breaking a rule is skipped with the field named.
 */
import { describe, expect, it } from 'vitest';
import { Long, ObjectId } from 'mongodb';
import { backfill } from '../harness/cutover/backfill.ts';
import { verify } from '../harness/cutover/verify.ts';
import { addressFor } from '../contracts/trezor.ts';
import { useScratchStores } from './support.ts';

const XPUB = 'xpub' + '6'.repeat(107);
const t = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));

describe('backfill and verify of quotes, derived destinations and Trezor accounts', () => {
  const s = useScratchStores();

  it('copies every document exactly, payloads included, and verify finds zero differences', async () => {
    const db = s.mongo.db;
    const user = new ObjectId();
    const payment = new ObjectId();
    const dest = new ObjectId();
    const account = new ObjectId();
    const [q1, q2, q3] = [new ObjectId(), new ObjectId(), new ObjectId()];
    await db.collection('users').insertOne({ _id: user, email: 'w@example.com', role: 'buyer', createdAt: t, updatedAt: t });
    await db.collection('payments').insertOne({ _id: payment, userId: user, amount: '10', currency: 'USDT', status: 'pending', provider: 'direct', createdAt: t, updatedAt: t });
    const quote = { paymentId: payment, provider: 'chainlink', baseCurrency: 'USDT', quoteCurrency: 'TRY', rate: '34.1250', amount: '341.25', expiresAt: t, createdAt: t };
    await db.collection('paymentQuotes').insertMany([
      { _id: q1, ...quote, raw: '10.5' },
      { _id: q2, ...quote, raw: { klines: [{ t: 1, close: '2.5' }, null] } },
      { _id: q3, ...quote, raw: { note: 'a\u0000b' } },
    ]);
    await db.collection('derivedDestinations').insertOne({ _id: dest, userId: user, paymentId: payment, currency: 'USDT', network: 'tron', address: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', derivationPath: "m/44'/195'/0'/0/5", status: 'swept', createdAt: t, updatedAt: t });
    await db.collection('derivedDestinationSweeps').insertOne({ _id: new ObjectId(), destinationId: dest, currency: 'USDT', amount: '9.500000', txHash: `0x${'a'.repeat(64)}`, status: 'confirmed', createdAt: t, updatedAt: t });
    await db.collection('trezorAccounts').insertOne({ _id: account, userId: user, xpub: XPUB, network: 'bitcoin', nextIndex: Long.fromNumber(3), createdAt: t, updatedAt: t });
    await db.collection('trezorDerivedAddresses').insertOne({ _id: new ObjectId(), accountId: account, index: 2, address: addressFor(XPUB, 2), createdAt: t });

    const domains = ['user', 'payment', 'derived-destination', 'trezor'];
    const report = await backfill({ mongoDb: db, pg: s.pg.db, domains });
    expect(report.skipped.map((r) => [r.entity, r.id, r.field])).toEqual([['paymentQuote', q3.toHexString(), 'raw']]);
    const pool = s.pg.newPool(1);
    try {
      const rows = (await pool.query(`SELECT legacy_object_id AS id, raw, jsonb_typeof(raw) AS type, rate::text AS rate FROM payment_quotes ORDER BY legacy_object_id`)).rows;
      expect(rows).toEqual([
        { id: q1.toHexString(), raw: '10.5', type: 'string', rate: '34.125000000000000000' },
        { id: q2.toHexString(), raw: { klines: [{ t: 1, close: '2.5' }, null] }, type: 'object', rate: '34.125000000000000000' },
      ]);
      expect((await pool.query(`SELECT next_index::int AS n FROM trezor_accounts`)).rows).toEqual([{ n: 3 }]);
    } finally {
      await pool.end();
    }
    const v = await verify({ mongoDb: db, pg: s.pg.db, domains });
    expect(v.differences).toEqual([]);
  });
});
