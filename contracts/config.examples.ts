/** Example spec of the config contract. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { ConfigRepository } from './config.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const config = (r: Repos) => r.config as ConfigRepository;
const admin = async (r: Repos) => (r.user as UserRepository).create({ email: `admin${Math.random().toString(36).slice(2)}@example.com`, role: 'admin' });

export const configExamples: readonly Example[] = [
  {
    name: 'compare-and-set: a change names the version it creates and is refused, writing nothing, when another came first',
    async run({ repos }) {
      await config(repos).set({ key: 'fees.cas', value: 1, version: 1 });
      await rejectsWith(config(repos).set({ key: 'fees.cas', value: 2, version: 1 }), InvariantViolation, { invariant: 'config.version_sequence' });
      await rejectsWith(config(repos).set({ key: 'fees.cas', value: 2, version: 3 }), InvariantViolation, { invariant: 'config.version_sequence' });
      await rejectsWith(config(repos).set({ key: 'fees.cas', value: 2, version: 0 }), ValidationError, { field: 'version' });
      const s = await config(repos).set({ key: 'fees.cas', value: 2, version: 2 });
      assert.equal(s.version, 2);
      assert.deepEqual((await config(repos).history('fees.cas')).map((h) => h.newValue), [1, 2]);
    },
  },
  {
    name: 'keeps a confirmation threshold given as the JSON string "10.5" a string, in the setting and its history',
    async run({ repos }) {
      const s = await config(repos).set({ key: 'confirmation_thresholds.usdt_tron', value: '10.5' });
      assert.equal(s.value, '10.5');
      assert.equal((await config(repos).get('confirmation_thresholds.usdt_tron'))?.value, '10.5');
      await config(repos).set({ key: 'confirmation_thresholds.usdt_tron', value: { min: '10.5', max: 12.25, tiers: [1, null, 'x'], on: true } });
      const [h1, h2] = await config(repos).history('confirmation_thresholds.usdt_tron');
      assert.equal(h1?.newValue, '10.5');
      assert.equal(h2?.oldValue, '10.5');
      assert.deepEqual(h2?.newValue, { min: '10.5', max: 12.25, tiers: [1, null, 'x'], on: true });
    },
  },
  {
    name: 'appends exactly one history entry per change, versions 1, 2, 3 without gaps, the first without an old value',
    async run({ repos }) {
      const u = await admin(repos);
      const a = await config(repos).set({ key: 'fees.max_percent', value: 5, description: 'cap', changedBy: u.id });
      const b = await config(repos).set({ key: 'fees.max_percent', value: 7 });
      const c = await config(repos).set({ key: 'fees.max_percent', value: 7, changedBy: u.id });
      assert.deepEqual([a.version, b.version, c.version], [1, 2, 3]);
      assert.equal(a.id, c.id);
      assert.equal(c.description, 'cap');
      assert.equal(c.updatedBy, u.id);
      assert.ok(!('updatedBy' in b));
      const h = await config(repos).history('fees.max_percent');
      assert.deepEqual(h.map((x) => x.version), [1, 2, 3]);
      assert.ok(!('oldValue' in h[0]!));
      // Setting the same value again is a change too (an operator's action is recorded).
      assert.deepEqual([h[2]!.oldValue, h[2]!.newValue], [7, 7]);
      assert.deepEqual(h.map((x) => x.settingId), [a.id, a.id, a.id]);
    },
  },
  {
    name: 'lists settings in key order and answers unknown keys with null and an empty history',
    async run({ repos }) {
      for (const key of ['b.z', 'a_b', 'a.b', 'a']) await config(repos).set({ key, value: key });
      assert.deepEqual((await config(repos).list()).map((s) => s.key), ['a', 'a.b', 'a_b', 'b.z']);
      assert.equal(await config(repos).get('nope'), null);
      assert.deepEqual(await config(repos).history('nope'), []);
    },
  },
  {
    name: 'rejects malformed keys, payloads that cannot round-trip and unknown authors before anything is written',
    async run({ repos, probe }) {
      await rejectsWith(config(repos).set({ key: 'Fees.Max', value: 1 }), ValidationError, { field: 'key' });
      await rejectsWith(config(repos).set({ key: 'fees', value: null }), ValidationError, { field: 'value' });
      await rejectsWith(config(repos).set({ key: 'fees', value: 'a\u0000b' }), ValidationError, { field: 'value' });
      await rejectsWith(config(repos).set({ key: 'fees', value: [2 ** 53] }), ValidationError, { field: 'value' });
      await rejectsWith(config(repos).set({ key: 'fees', value: { 'a.b': 1 } }), ValidationError, { field: 'value' });
      await rejectsWith(config(repos).set({ key: 'fees', value: 1, changedBy: MISSING_ID }), NotFoundError, { entity: 'user' });
      await rejectsWith(config(repos).get('bad key'), ValidationError, { field: 'key' });
      for (const n of await probe.count({ mongo: 'configSettings', pg: 'config_settings', model: 'configSetting' })) assert.equal(n, 0);
      for (const n of await probe.count({ mongo: 'configSettingHistory', pg: 'config_setting_history', model: 'configSettingHistory' })) assert.equal(n, 0);
    },
  },
];
