/** Example spec of the user contract: each example runs on the model and every implementation. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const users = (r: Repos) => r.user as UserRepository;

export const userExamples: readonly Example[] = [
  {
    name: 'creates a user with defaults and reads it back by id and by e-mail',
    async run({ repos }) {
      const u = await users(repos).create({ email: ' Ann@Example.com ' });
      assert.equal(u.email, 'ann@example.com');
      assert.equal(u.role, 'buyer');
      assert.deepEqual(await users(repos).get(u.id), u);
      assert.deepEqual(await users(repos).getByEmail('ANN@example.com'), u);
    },
  },
  {
    name: 'rejects a second user whose e-mail differs only in case and spaces',
    async run({ repos }) {
      await users(repos).create({ email: 'bob@example.com' });
      await rejectsWith(users(repos).create({ email: 'BOB@example.com ' }), DuplicateKeyError, { key: 'users.email' });
    },
  },
  {
    name: 'reads an optional field given as undefined exactly as one never given',
    async run({ repos }) {
      const a = await users(repos).create({ email: 'a@example.com', displayName: undefined });
      assert.ok(!('displayName' in a), 'displayName must be absent, not undefined or null');
      const back = await users(repos).get(a.id);
      assert.ok(back && !('displayName' in back));
    },
  },
  {
    name: 'clears displayName with null and keeps the guard role',
    async run({ repos }) {
      const u = await users(repos).create({ email: 'g@example.com', displayName: 'Gate', role: 'guard' });
      const v = await users(repos).update(u.id, { displayName: null });
      assert.ok(!('displayName' in v));
      assert.equal(v.role, 'guard');
    },
  },
  {
    name: 'rejects a NUL in displayName before any store is written',
    async run({ repos, probe }) {
      await rejectsWith(users(repos).create({ email: 'n@example.com', displayName: 'a\u0000b' }), UnsafeInputError, { field: 'displayName' });
      for (const n of await probe.count({ mongo: 'users', pg: 'users', model: 'user' })) assert.equal(n, 0);
    },
  },
  {
    name: 'reports a missing user as null on get and NotFoundError on update',
    async run({ repos }) {
      assert.equal(await users(repos).get(MISSING_ID), null);
      await rejectsWith(users(repos).update(MISSING_ID, { role: 'admin' }), NotFoundError);
      await rejectsWith(users(repos).update(MISSING_ID, { role: 'owner' as never }), ValidationError, { field: 'patch.role' });
    },
  },
];
