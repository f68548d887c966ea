/** Example spec of the payment contract: money limits, transitions, ledger and balances. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { Example, Repos } from './domain.ts';
import { PENDING_PER_REQUEST, REQUEST_BUYER, type NewPayment, type NewPaymentQuote, type PaymentRepository } from './payment.ts';
import type { MarketplaceRepository } from './marketplace.ts';
import type { UserRepository } from './user.ts';

const payments = (r: Repos) => r.payment as PaymentRepository;
const buyer = async (r: Repos) => (r.user as UserRepository).create({ email: `buyer${Math.random().toString(36).slice(2)}@example.com` });
const usdt = (userId: string, amount: string): NewPayment => ({ userId, amount, currency: 'USDT', provider: 'direct' });
const request = async (r: Repos, buyerId: string) => (r.marketplace as MarketplaceRepository).createRequest({ buyerId, title: 'Laptop', budgetAmount: '100' });
const FUTURE = Date.UTC(2100, 0, 1);
const quote = (paymentId: string, extra: Partial<NewPaymentQuote> = {}): NewPaymentQuote => ({
  paymentId,
  provider: 'chainlink',
  baseCurrency: 'USDT',
  quoteCurrency: 'TRY',
  rate: '34.125',
  amount: '341.25',
  expiresAt: FUTURE,
  raw: { price: '34.125' },
  ...extra,
});

export const paymentExamples: readonly Example[] = [
  {
    name: 'refuses a second pending payment for one purchase request, and takes a new one once the first is cancelled',
    async run({ repos }) {
      const u = await buyer(repos);
      const r = await request(repos, u.id);
      const first = await payments(repos).create({ ...usdt(u.id, '100'), purchaseRequestId: r.id });
      assert.equal(first.purchaseRequestId, r.id);
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '100'), purchaseRequestId: r.id }), DuplicateKeyError, { key: PENDING_PER_REQUEST });
      // A payment of the same user without a request is not affected.
      assert.equal((await payments(repos).create(usdt(u.id, '1'))).purchaseRequestId, undefined);
      await payments(repos).update(first.id, { status: 'cancelled' });
      const second = await payments(repos).create({ ...usdt(u.id, '100'), purchaseRequestId: r.id });
      assert.equal((await payments(repos).get(second.id))?.purchaseRequestId, r.id);
      assert.deepEqual((await payments(repos).listByUser(u.id)).map((p) => [p.status, p.purchaseRequestId]), [['cancelled', r.id], ['pending', undefined], ['pending', r.id]]);
    },
  },
  {
    name: 'takes a new pending payment for a request whose pending payment was confirmed',
    async run({ repos }) {
      const u = await buyer(repos);
      const r = await request(repos, u.id);
      const first = await payments(repos).create({ ...usdt(u.id, '100'), purchaseRequestId: r.id });
      await payments(repos).update(first.id, { status: 'confirmed' });
      const again = await payments(repos).create({ ...usdt(u.id, '5'), purchaseRequestId: r.id });
      assert.equal(again.status, 'pending');
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '5'), purchaseRequestId: r.id }), DuplicateKeyError, { key: PENDING_PER_REQUEST });
    },
  },
  {
    name: "refuses a payment for an unknown purchase request or for someone else's request, writing nothing",
    async run({ repos, probe }) {
      const u = await buyer(repos);
      const other = await buyer(repos);
      const r = await request(repos, other.id);
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '1'), purchaseRequestId: MISSING_ID }), NotFoundError, { entity: 'purchaseRequest' });
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '1'), purchaseRequestId: r.id }), InvariantViolation, { invariant: REQUEST_BUYER });
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '1'), purchaseRequestId: 7 as never }), ValidationError, { field: 'purchaseRequestId' });
      for (const n of await probe.count({ mongo: 'payments', pg: 'payments', model: 'payment' })) assert.equal(n, 0);
    },
  },
  {
    name: 'rejects a 35-digit USDT amount with ValidationError before Postgres can overflow',
    async run({ repos, probe }) {
      const u = await buyer(repos);
      await rejectsWith(payments(repos).create(usdt(u.id, '10000000000000000000000000000000001')), ValidationError, { field: 'amount' });
      for (const n of await probe.count({ mongo: 'payments', pg: 'payments', model: 'payment' })) assert.equal(n, 0);
    },
  },
  {
    name: 'rejects 0.1234567 USDT (7 decimals) and reads 0.123456 back exactly',
    async run({ repos }) {
      const u = await buyer(repos);
      await rejectsWith(payments(repos).create(usdt(u.id, '0.1234567')), ValidationError, { field: 'amount' });
      const p = await payments(repos).create(usdt(u.id, '0.123456'));
      assert.equal(p.amount, '0.123456');
      assert.equal((await payments(repos).get(p.id))?.amount, '0.123456');
    },
  },
  {
    name: 'stores 18-decimal ETH and 20-digit amounts exactly',
    async run({ repos }) {
      const u = await buyer(repos);
      const eth = await payments(repos).create({ userId: u.id, amount: '0.000000000000000001', currency: 'ETH', provider: 'amn' });
      const big = await payments(repos).create({ userId: u.id, amount: '99999999999999999999.99', currency: 'TRY', provider: 'direct' });
      assert.equal((await payments(repos).get(eth.id))?.amount, '0.000000000000000001');
      assert.equal((await payments(repos).get(big.id))?.amount, '99999999999999999999.99');
    },
  },
  {
    name: 'rejects money given as a JS number',
    async run({ repos }) {
      const u = await buyer(repos);
      await rejectsWith(payments(repos).create({ ...usdt(u.id, '1'), amount: 0.1 as never }), ValidationError, { field: 'amount' });
    },
  },
  {
    name: 'computes exact balances from ledger entries, per payment and per user',
    async run({ repos }) {
      const u = await buyer(repos);
      const p = await payments(repos).create(usdt(u.id, '100'));
      const e = await payments(repos).appendLedgerEntry({ paymentId: p.id, direction: 'credit', kind: 'deposit', amount: '0.1' });
      assert.equal(e.currency, 'USDT');
      assert.equal(e.userId, u.id);
      await payments(repos).appendLedgerEntry({ paymentId: p.id, direction: 'credit', kind: 'deposit', amount: '0.2' });
      await payments(repos).appendLedgerEntry({ paymentId: p.id, direction: 'debit', kind: 'fee', amount: '0.000001' });
      assert.equal(await payments(repos).getBalanceByPayment(p.id), '0.299999');
      const eth = await payments(repos).create({ userId: u.id, amount: '1', currency: 'ETH', provider: 'amn' });
      await payments(repos).appendLedgerEntry({ paymentId: eth.id, direction: 'debit', kind: 'adjustment', amount: '1.5' });
      assert.deepEqual(await payments(repos).getBalanceByUser(u.id), { USDT: '0.299999', ETH: '-1.5' });
      assert.equal((await payments(repos).listLedgerEntries(p.id)).length, 3);
    },
  },
  {
    name: "rejects a ledger amount finer than the payment's currency allows",
    async run({ repos }) {
      const u = await buyer(repos);
      const p = await payments(repos).create({ userId: u.id, amount: '10', currency: 'TRY', provider: 'direct' });
      await rejectsWith(payments(repos).appendLedgerEntry({ paymentId: p.id, direction: 'credit', kind: 'deposit', amount: '0.001' }), ValidationError, { field: 'amount' });
      await rejectsWith(payments(repos).appendLedgerEntry({ paymentId: MISSING_ID, direction: 'credit', kind: 'deposit', amount: '1' }), NotFoundError, { entity: 'payment' });
    },
  },
  {
    name: 'allows pending -> confirmed -> released and refuses released -> refunded',
    async run({ repos }) {
      const u = await buyer(repos);
      const p = await payments(repos).create(usdt(u.id, '5'));
      assert.equal((await payments(repos).update(p.id, { status: 'confirmed' })).status, 'confirmed');
      assert.equal((await payments(repos).update(p.id, { status: 'released', reference: '0xabc' })).reference, '0xabc');
      await rejectsWith(payments(repos).update(p.id, { status: 'refunded' }), InvariantViolation, { invariant: 'payment.status_transition' });
    },
  },
  {
    name: 'reads a quote\'s raw oracle answer back exactly: the JSON string "10.5" stays a string',
    async run({ repos }) {
      const u = await buyer(repos);
      const p = await payments(repos).create(usdt(u.id, '10'));
      const raw = { price: '10.5', n: 10.5, big: 9007199254740991, nested: [null, true, { words: ['ü', '😀'] }], empty: {} };
      // An array directly inside an array is refused before either store is written (FerretDB 1.24 cannot store it).
      await rejectsWith(payments(repos).addQuote(quote(p.id, { raw: { klines: [[1, '2.5']] } })), ValidationError, { field: 'raw' });
      const a = await payments(repos).addQuote(quote(p.id, { raw }));
      const b = await payments(repos).addQuote(quote(p.id, { raw: '10.5' }));
      const c = await payments(repos).addQuote(quote(p.id, { raw: [1, '1', null] }));
      assert.deepEqual(a.raw, raw);
      const list = await payments(repos).listQuotes(p.id);
      assert.deepEqual(list.map((q) => q.id), [a.id, b.id, c.id]);
      assert.deepEqual(list[0]!.raw, raw);
      assert.equal(list[1]!.raw, '10.5');
      assert.deepEqual(list[2]!.raw, [1, '1', null]);
      assert.equal(list[0]!.rate, '34.125');
    },
  },
  {
    name: 'latestQuote returns the newest quote that has not expired, or null',
    async run({ repos }) {
      const u = await buyer(repos);
      const p = await payments(repos).create(usdt(u.id, '10'));
      assert.equal(await payments(repos).latestQuote(p.id), null);
      const live = await payments(repos).addQuote(quote(p.id, { rate: '34' , amount: '340' }));
      await payments(repos).addQuote(quote(p.id, { rate: '35', amount: '350', expiresAt: Date.UTC(2020, 0, 1) }));
      assert.equal((await payments(repos).latestQuote(p.id))?.id, live.id);
      const newer = await payments(repos).addQuote(quote(p.id, { rate: '36', amount: '360' }));
      assert.equal((await payments(repos).latestQuote(p.id))?.id, newer.id);
      assert.equal((await payments(repos).listQuotes(p.id)).length, 3);
    },
  },
  {
    name: 'refuses a quote for a missing payment, a zero rate, an amount finer than the quote currency, and a payload that cannot round-trip',
    async run({ repos, probe }) {
      const u = await buyer(repos);
      const p = await payments(repos).create(usdt(u.id, '10'));
      await rejectsWith(payments(repos).addQuote(quote(MISSING_ID)), NotFoundError, { entity: 'payment' });
      await rejectsWith(payments(repos).addQuote(quote(p.id, { rate: '0' })), ValidationError, { field: 'rate' });
      await rejectsWith(payments(repos).addQuote(quote(p.id, { amount: '1.005' })), ValidationError, { field: 'amount' });
      await rejectsWith(payments(repos).addQuote(quote(p.id, { raw: { note: 'a\u0000b' } })), ValidationError, { field: 'raw' });
      await rejectsWith(payments(repos).addQuote(quote(p.id, { raw: 2 ** 53 })), ValidationError, { field: 'raw' });
      for (const n of await probe.count({ mongo: 'paymentQuotes', pg: 'payment_quotes', model: 'paymentQuote' })) assert.equal(n, 0);
    },
  },
];
