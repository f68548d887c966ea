/**
 * The cutover checks (`legacy-shapes`, `verify-planted`) on every domain with stored entities:
 * they pass on the real backfill/verify, and they actually do what they claim (legacy shapes of
 * every kind are written, reads are compared, every kind of difference is planted somewhere).
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { CutoverStats, cutoverScope } from '../properties/cutover-data.ts';
import { runLegacyShapes } from '../properties/legacy-shapes.ts';
import { PLANT_KINDS, plusUnit, renameKey, reverseArray, runVerifyPlanted } from '../properties/verify-planted.ts';
import { useScratchStores } from './support.ts';
import { ObjectId } from 'mongodb';
import { legacyFieldKinds, legacyShaped, withOffset } from '../fixtures/legacy-shapes.ts';
import { paymentEntity, purchaseRequestEntity, readTime } from '../repos/legacy/index.ts';

const s = useScratchStores();
const stored = domains.filter((d) => cutoverScope(d, domains).own.length > 0);

describe('cutover checks', () => {
  it('legacy-shapes passes on every domain with stored entities and writes every kind of legacy shape', async () => {
    const stats = new CutoverStats();
    for (const domain of stored) {
      const o = await runLegacyShapes({ domain, registry: domains, pg: s.pg, mongo: s.mongo, runs: 4, seed: 11, stats });
      expect('notRun' in o ? o.notRun : o.passed ? 'passed' : `${domain.name}: ${o.error}\n${o.counterexample}`).toBe('passed');
    }
    console.log(JSON.stringify(stats));
    for (const kind of ['ObjectId -> hex', 'ObjectId -> upper-case hex', 'Date -> ms', 'Date -> ISO Z', 'Date -> ISO offset', 'money -> number', 'money -> trailing zeros', 'absent -> null']) {
      expect(stats.rewrites[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    expect(stats.reads).toBeGreaterThan(stored.length);
  });

  it('verify-planted passes on every domain with stored entities and plants every kind, in both stores', async () => {
    const stats = new CutoverStats();
    for (const domain of stored) {
      const o = await runVerifyPlanted({ domain, registry: domains, pg: s.pg, mongo: s.mongo, runs: 4, seed: 11, stats });
      expect('notRun' in o ? o.notRun : o.passed ? 'passed' : `${domain.name}: ${o.error}\n${o.counterexample}`).toBe('passed');
    }
    console.log(JSON.stringify(stats));
    for (const kind of PLANT_KINDS) expect(Object.keys(stats.planted).some((k) => k.startsWith(`${kind}/`)), kind).toBe(true);
    expect(Object.keys(stats.planted).some((k) => k.endsWith('/mongo'))).toBe(true);
  });

  it('derives legacy field kinds from the spec and rewrites a document without changing its record', () => {
    const k = legacyFieldKinds(paymentEntity);
    expect([...k.money]).toEqual(['amount']);
    expect([...k.optional].sort()).toEqual(['purchaseRequestId', 'reference']);
    expect([...k.references].sort()).toEqual(['purchaseRequestId', 'userId']);
    expect(legacyFieldKinds(purchaseRequestEntity).money.has('budgetAmount')).toBe(true);
    expect(withOffset(Date.UTC(2024, 0, 1, 0, 0), 330)).toBe('2024-01-01T05:30:00.000+05:30');
    expect(readTime('t', withOffset(Date.UTC(2024, 0, 1, 0, 0), -570))).toBe(Date.UTC(2024, 0, 1, 0, 0));
    const doc = { _id: new ObjectId(), userId: new ObjectId(), amount: '12.5', currency: 'USDT', status: 'pending', provider: 'stripe', createdAt: new Date(1e12), updatedAt: new Date(1e12 + 5) };
    for (const money of ['number', 'padded'] as const) {
      const shaped = legacyShaped(paymentEntity, doc, 3, { profile: { refs: 'hex', times: 'iso', money, nulls: 'all' } });
      expect(typeof shaped.doc.userId).toBe('string');
      expect(shaped.doc.reference).toBeNull();
      expect(money === 'number' ? shaped.doc.amount === 12.5 : /^12\.50+$/.test(shaped.doc.amount)).toBe(true);
      expect(paymentEntity.fromDocument(shaped.doc).record).toEqual(paymentEntity.fromDocument(doc).record);
    }
  });

  it('plants one unit in the last place, and renames or reorders JSON', () => {
    expect(plusUnit('12.5')).toBe('12.6');
    expect(plusUnit('3')).toBe('4');
    expect(plusUnit('0.09')).toBe('0.1');
    expect(plusUnit('9.99')).toBe('10');
    expect(renameKey({ a: 1, b: 2 })).toEqual({ a_: 1, b: 2 });
    expect(renameKey([1, { x: 1 }])).toEqual([1, { x_: 1 }]);
    expect(renameKey([1, 2])).toBeUndefined();
    expect(reverseArray({ k: [1, 2] })).toEqual({ k: [2, 1] });
    expect(reverseArray({ k: [1, 1] })).toBeUndefined();
  });
});
