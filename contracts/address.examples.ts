/** Example spec of the address contract. */
import { assert, rejectsWith } from './examples.ts';
import { NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { AddressRepository, NewAddress } from './address.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const addresses = (r: Repos) => r.address as AddressRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `owner${Math.random().toString(36).slice(2)}@example.com` });
const home = (userId: string, extra: Partial<NewAddress> = {}): NewAddress => ({ userId, line1: '1 Main St', city: 'Ankara', country: 'TR', ...extra });

export const addressExamples: readonly Example[] = [
  {
    name: "makes a user's first address primary and keeps exactly one primary",
    async run({ repos }) {
      const u = await owner(repos);
      const a = await addresses(repos).create(home(u.id));
      const b = await addresses(repos).create(home(u.id, { line1: '2 Side St' }));
      assert.equal(a.isPrimary, true);
      assert.equal(b.isPrimary, false);
      await addresses(repos).setPrimary(b.id);
      const list = await addresses(repos).listByUser(u.id);
      assert.deepEqual(list.map((x) => x.isPrimary), [false, true]);
    },
  },
  {
    name: 'demotes the old primary when a new address is created as primary',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await addresses(repos).create(home(u.id));
      const b = await addresses(repos).create(home(u.id, { isPrimary: true }));
      assert.equal(b.isPrimary, true);
      assert.equal((await addresses(repos).get(a.id))?.isPrimary, false);
    },
  },
  {
    name: 'promotes the oldest remaining address when the primary is deleted',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await addresses(repos).create(home(u.id));
      const b = await addresses(repos).create(home(u.id, { line1: 'B' }));
      const c = await addresses(repos).create(home(u.id, { line1: 'C', isPrimary: true }));
      await addresses(repos).delete(c.id);
      assert.equal((await addresses(repos).get(a.id))?.isPrimary, true);
      assert.equal((await addresses(repos).get(b.id))?.isPrimary, false);
      assert.equal(await addresses(repos).get(c.id), null);
    },
  },
  {
    name: 'rejects a NUL in an address field before either store is written',
    async run({ repos, probe }) {
      const u = await owner(repos);
      await rejectsWith(addresses(repos).create(home(u.id, { line2: 'a\u0000b' })), UnsafeInputError, { field: 'line2' });
      for (const n of await probe.count({ mongo: 'addresses', pg: 'addresses', model: 'address' })) assert.equal(n, 0);
    },
  },
  {
    name: 'reads optional fields given as undefined exactly as never given, and clears them with null',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await addresses(repos).create(home(u.id, { label: undefined, line2: 'Flat 2' }));
      assert.ok(!('label' in a));
      const b = await addresses(repos).update(a.id, { line2: null });
      assert.ok(!('line2' in b));
      assert.deepEqual(await addresses(repos).get(a.id), b);
    },
  },
  {
    name: 'rejects an unknown owner, a lower-case country and a missing address',
    async run({ repos }) {
      await rejectsWith(addresses(repos).create(home(MISSING_ID)), NotFoundError, { entity: 'user' });
      const u = await owner(repos);
      await rejectsWith(addresses(repos).create(home(u.id, { country: 'tr' })), ValidationError, { field: 'country' });
      await rejectsWith(addresses(repos).setPrimary(MISSING_ID), NotFoundError, { entity: 'address' });
      await rejectsWith(addresses(repos).delete(MISSING_ID), NotFoundError, { entity: 'address' });
    },
  },
];
