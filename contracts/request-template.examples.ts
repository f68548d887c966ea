/** Example spec of the request-template contract. */
import { assert, rejectsWith } from './examples.ts';
import { InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { CategoryRepository } from './category.ts';
import { TEMPLATE_EXHAUSTED, TEMPLATE_INACTIVE, type RequestTemplateRepository } from './request-template.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const templates = (r: Repos) => r['request-template'] as RequestTemplateRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `buyer${Math.random().toString(36).slice(2)}@example.com` });

export const requestTemplateExamples: readonly Example[] = [
  {
    name: 'counts uses up to the limit and refuses the next one; usage never exceeds the limit',
    async run({ repos }) {
      const u = await owner(repos);
      const t = await templates(repos).create({ ownerId: u.id, title: 'Groceries', fields: { items: ['milk'] }, maxUsage: 2 });
      assert.equal(t.usageCount, 0);
      assert.equal((await templates(repos).use(t.id)).usageCount, 1);
      assert.equal((await templates(repos).use(t.id)).usageCount, 2);
      await rejectsWith(templates(repos).use(t.id), InvariantViolation, { invariant: TEMPLATE_EXHAUSTED });
      assert.equal((await templates(repos).get(t.id))?.usageCount, 2);
    },
  },
  {
    name: 'treats a missing or null limit as unlimited, and an unused deactivated template as unusable',
    async run({ repos }) {
      const u = await owner(repos);
      const t = await templates(repos).create({ ownerId: u.id, title: 'Any', fields: 'free text body', maxUsage: null });
      assert.ok(!('maxUsage' in t));
      for (let i = 0; i < 5; i++) await templates(repos).use(t.id);
      assert.equal((await templates(repos).get(t.id))?.usageCount, 5);
      await templates(repos).deactivate(t.id);
      await rejectsWith(templates(repos).use(t.id), InvariantViolation, { invariant: TEMPLATE_INACTIVE });
    },
  },
  {
    name: 'refuses a limit below the current usage and accepts one equal to it',
    async run({ repos }) {
      const u = await owner(repos);
      const t = await templates(repos).create({ ownerId: u.id, title: 'Repairs', fields: [1, 2], maxUsage: 5 });
      await templates(repos).use(t.id);
      await templates(repos).use(t.id);
      await rejectsWith(templates(repos).update(t.id, { maxUsage: 1 }), ValidationError, { field: 'patch.maxUsage' });
      const same = await templates(repos).update(t.id, { maxUsage: 2 });
      assert.equal(same.maxUsage, 2);
      await rejectsWith(templates(repos).use(t.id), InvariantViolation, { invariant: TEMPLATE_EXHAUSTED });
      const unlimited = await templates(repos).update(t.id, { maxUsage: null });
      assert.ok(!('maxUsage' in unlimited));
      assert.equal((await templates(repos).use(t.id)).usageCount, 3);
    },
  },
  {
    name: 'reads the template body back exactly: "10.5" stays a string, nulls, unicode and nesting survive',
    async run({ repos }) {
      const u = await owner(repos);
      const fields = { budget: '10.5', qty: 10.5, notes: [null, 'Köln 😀', { deep: { ok: true } }], exact: 9007199254740991 };
      const t = await templates(repos).create({ ownerId: u.id, title: 'Body', fields });
      assert.deepEqual((await templates(repos).get(t.id))?.fields, fields);
      assert.deepEqual((await templates(repos).listByOwner(u.id)).map((x) => x.fields), [fields]);
      const top = await templates(repos).update(t.id, { fields: '10.5' });
      assert.equal(top.fields, '10.5');
      assert.equal((await templates(repos).get(t.id))?.fields, '10.5');
    },
  },
  {
    name: 'rejects bad limits, unsafe bodies and missing references before any store is written',
    async run({ repos, probe }) {
      const u = await owner(repos);
      await rejectsWith(templates(repos).create({ ownerId: u.id, title: 'X', fields: {}, maxUsage: 0 }), ValidationError, { field: 'maxUsage' });
      await rejectsWith(templates(repos).create({ ownerId: u.id, title: 'X', fields: { memo: 'a\u0000b' } }), ValidationError, { field: 'fields' });
      await rejectsWith(templates(repos).create({ ownerId: MISSING_ID, title: 'X', fields: {} }), NotFoundError, { entity: 'user' });
      await rejectsWith(templates(repos).create({ ownerId: u.id, title: 'X', fields: {}, categoryId: MISSING_ID }), NotFoundError, { entity: 'category' });
      await rejectsWith(templates(repos).use(MISSING_ID), NotFoundError, { entity: 'requestTemplate' });
      for (const n of await probe.count({ mongo: 'requestTemplates', pg: 'request_templates', model: 'requestTemplate' })) assert.equal(n, 0);
    },
  },
  {
    name: "lists an owner's templates oldest first, with their category",
    async run({ repos }) {
      const u = await owner(repos);
      const c = await (repos.category as CategoryRepository).create({ name: `Cat ${Math.random().toString(36).slice(2)}` });
      const a = await templates(repos).create({ ownerId: u.id, title: 'A', fields: {}, categoryId: c.id });
      await new Promise((r) => setTimeout(r, 5));
      const b = await templates(repos).create({ ownerId: u.id, title: 'B', fields: {} });
      assert.deepEqual((await templates(repos).listByOwner(u.id)).map((t) => t.id), [a.id, b.id]);
      assert.equal(a.categoryId, c.id);
      const moved = await templates(repos).update(a.id, { categoryId: null });
      assert.ok(!('categoryId' in moved));
    },
  },
];
