/** Example spec of the shop-settings contract. */
import { randomBytes } from 'node:crypto';
import { assert, rejectsWith } from './examples.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { PaymentRail, ShopSettingsRepository } from './shop-settings.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const shops = (r: Repos) => r['shop-settings'] as ShopSettingsRepository;
/** A seller created with a known 24-hex id: Drizzle returns its uuid and keeps the hex as legacy id. */
const seller = async (r: Repos) => {
  const legacyId = randomBytes(12).toString('hex');
  const u = await (r.user as UserRepository).create({ id: legacyId, email: `seller${legacyId}@example.com`, role: 'seller' });
  return { id: u.id, legacyId };
};

export const shopSettingsExamples: readonly Example[] = [
  {
    name: 'keeps one settings record per seller: a second upsert updates it and keeps what it does not name',
    async run({ repos }) {
      const s = await seller(repos);
      const a = await shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'Ada', description: 'hand-made', paymentRails: [{ currency: 'USDT', network: 'tron', address: 'T1' }] });
      assert.equal(a.reviewsEnabled, true);
      const b = await shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'Ada & Co' });
      assert.equal(b.id, a.id);
      assert.equal(b.shopName, 'Ada & Co');
      assert.equal(b.description, 'hand-made');
      assert.deepEqual(b.paymentRails, a.paymentRails);
      const c = await shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'Ada & Co', description: null });
      assert.ok(!('description' in c));
      assert.deepEqual(await shops(repos).getForSeller(s.id), c);
    },
  },
  {
    name: 'finds a seller by the uuid and by the 24-hex legacy id alike (the 2.8.56 lookup bug)',
    async run({ repos, implementation }) {
      const s = await seller(repos);
      // Upsert and toggle through the legacy form, read through both.
      const a = await shops(repos).upsertForSeller({ sellerId: s.legacyId, shopName: 'Legacy' });
      const byUuid = await shops(repos).getForSeller(s.id);
      const byLegacy = await shops(repos).getForSeller(s.legacyId);
      assert.deepEqual(byUuid, a);
      assert.deepEqual(byLegacy, a);
      const off = await shops(repos).setReviewsEnabled(s.legacyId, false);
      assert.equal(off.reviewsEnabled, false);
      const on = await shops(repos).setReviewsEnabled(s.id, true);
      assert.equal(on.reviewsEnabled, true);
      // Where the implementation's own id is a uuid, both forms were really exercised.
      if (implementation === 'drizzle') assert.notEqual(s.id, s.legacyId);
      await shops(repos).delete(s.legacyId);
      assert.equal(await shops(repos).getForSeller(s.id), null);
    },
  },
  {
    name: 'reads payment rails back exactly: the string "10.5" stays a string, nulls and nesting survive',
    async run({ repos }) {
      const s = await seller(repos);
      const rails: PaymentRail[] = [
        { currency: 'USDT', network: 'tron', address: 'TXyz', minAmount: '10.5', fee: 0.1, tags: ['a', null, true], meta: { nested: { n: 9007199254740991 } } },
        { currency: 'ETH', network: 'ethereum', address: '0xabc', memo: 'Straße 😀', minAmount: 10.5 },
      ];
      await shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'Rails', paymentRails: rails });
      const got = await shops(repos).getForSeller(s.id);
      assert.deepEqual(got?.paymentRails, rails);
      assert.equal(typeof got?.paymentRails[0]!.minAmount, 'string');
      assert.equal(typeof got?.paymentRails[1]!.minAmount, 'number');
    },
  },
  {
    name: 'rejects rails that cannot round-trip, and a missing seller, before any store is written',
    async run({ repos, probe }) {
      const s = await seller(repos);
      await rejectsWith(shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'X', paymentRails: [{ currency: 'USDT', network: 'tron', address: 'T', memo: 'a\u0000b' }] }), ValidationError, { field: 'paymentRails' });
      await rejectsWith(shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'X', paymentRails: [{ currency: 'USDT', network: 'tron', address: 'T', big: 2 ** 60 }] }), ValidationError, { field: 'paymentRails' });
      await rejectsWith(shops(repos).upsertForSeller({ sellerId: s.id, shopName: 'X', paymentRails: [{ currency: 'USDT', network: 'tron' } as never] }), ValidationError, { field: 'paymentRails[0].address' });
      await rejectsWith(shops(repos).upsertForSeller({ sellerId: MISSING_ID, shopName: 'X' }), NotFoundError, { entity: 'user' });
      for (const n of await probe.count({ mongo: 'shopSettings', pg: 'shop_settings', model: 'shopSettings' })) assert.equal(n, 0);
    },
  },
  {
    name: 'reports settings that do not exist as not found, and a non-boolean flag as invalid',
    async run({ repos }) {
      const s = await seller(repos);
      assert.equal(await shops(repos).getForSeller(s.id), null);
      await rejectsWith(shops(repos).setReviewsEnabled(s.id, true), NotFoundError, { entity: 'shopSettings' });
      await rejectsWith(shops(repos).delete(s.legacyId), NotFoundError, { entity: 'shopSettings' });
      await rejectsWith(shops(repos).setReviewsEnabled(s.id, 'yes' as never), ValidationError, { field: 'enabled' });
    },
  },
];
