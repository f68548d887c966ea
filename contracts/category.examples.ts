/** Example spec of the category contract, including the normalization corner cases. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import { ACTIVE_NAME_KEY, type CategoryRepository } from './category.ts';
import type { Example, Repos } from './domain.ts';

const categories = (r: Repos) => r.category as CategoryRepository;

/** Creates `first` then `second`; returns whether the second was a duplicate. */
async function secondIsDuplicate(repos: Repos, first: string, second: string): Promise<boolean> {
  await categories(repos).create({ name: first });
  try {
    await categories(repos).create({ name: second });
    return false;
  } catch (e) {
    if (e instanceof DuplicateKeyError) return true;
    throw e;
  }
}

export const categoryExamples: readonly Example[] = [
  {
    name: "treats 'Books' and ' books ' as the same active name",
    async run({ repos }) {
      assert.equal(await secondIsDuplicate(repos, 'Books', ' books '), true);
    },
  },
  {
    name: "keeps 'Books' and 'Books<TAB>' distinct (btrim strips spaces only)",
    async run({ repos }) {
      assert.equal(await secondIsDuplicate(repos, 'Books', 'Books\t'), false);
    },
  },
  {
    name: "keeps 'Books' and '<NBSP>Books' distinct",
    async run({ repos }) {
      assert.equal(await secondIsDuplicate(repos, 'Books', '\u00A0Books'), false);
    },
  },
  {
    name: 'frees a name on deactivate and refuses to reactivate into a clash',
    async run({ repos }) {
      const a = await categories(repos).create({ name: 'Toys' });
      await categories(repos).deactivate(a.id);
      const b = await categories(repos).create({ name: 'toys' });
      await rejectsWith(categories(repos).reactivate(a.id), DuplicateKeyError, { key: ACTIVE_NAME_KEY });
      await categories(repos).deactivate(b.id);
      assert.equal((await categories(repos).reactivate(a.id)).isActive, true);
      assert.deepEqual((await categories(repos).list()).map((c) => c.id), [a.id]);
    },
  },
  {
    name: 'rejects a NUL in a name before either store is written',
    async run({ repos, probe }) {
      await rejectsWith(categories(repos).create({ name: 'a\u0000b' }), UnsafeInputError, { field: 'name' });
      for (const n of await probe.count({ mongo: 'categories', pg: 'categories', model: 'category' })) assert.equal(n, 0);
    },
  },
  {
    name: 'refuses a missing parent and a cycle',
    async run({ repos }) {
      await rejectsWith(categories(repos).create({ name: 'Orphan', parentId: MISSING_ID }), NotFoundError, { entity: 'category' });
      const root = await categories(repos).create({ name: 'Root' });
      const child = await categories(repos).create({ name: 'Child', parentId: root.id });
      assert.equal(child.parentId, root.id);
      await rejectsWith(categories(repos).update(root.id, { parentId: child.id }), ValidationError, { field: 'patch.parentId' });
      const moved = await categories(repos).update(child.id, { parentId: null });
      assert.ok(!('parentId' in moved));
    },
  },
];
