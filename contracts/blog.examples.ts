/** Example spec of the blog contract. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, ValidationError } from './errors.ts';
import { BLOG_SLUG_KEY, BLOG_TRANSITION, type BlogRepository, type NewBlogPost } from './blog.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const blog = (r: Repos) => r.blog as BlogRepository;
const author = (r: Repos) => (r.user as UserRepository).create({ email: `author${Math.random().toString(36).slice(2)}@example.com` });
const post = (authorId: string, slug: string, extra: Partial<NewBlogPost> = {}): NewBlogPost => ({ slug, title: 'Hello', body: 'First post', authorId, ...extra });

export const blogExamples: readonly Example[] = [
  {
    name: 'stamps publishedAt on the first publish and keeps it when re-published',
    async run({ repos }) {
      const a = await author(repos);
      const p = await blog(repos).create(post(a.id, 'first-post', { tags: ['news', 'çay'] }));
      assert.equal(p.status, 'draft');
      assert.ok(!('publishedAt' in p));
      const first = await blog(repos).publish(p.id);
      await blog(repos).unpublish(p.id);
      const again = await blog(repos).publish(p.id);
      assert.equal(again.publishedAt, first.publishedAt);
      assert.deepEqual(again.tags, ['news', 'çay']);
    },
  },
  {
    name: 'refuses a duplicate slug (create and update) and a slug that is not lower-case kebab case',
    async run({ repos }) {
      const a = await author(repos);
      await blog(repos).create(post(a.id, 'taken'));
      const other = await blog(repos).create(post(a.id, 'free'));
      await rejectsWith(blog(repos).create(post(a.id, 'taken')), DuplicateKeyError, { key: BLOG_SLUG_KEY });
      await rejectsWith(blog(repos).update(other.id, { slug: 'taken' }), DuplicateKeyError, { key: BLOG_SLUG_KEY });
      for (const slug of ['Taken', 'a--b', '-a', 'a_b']) await rejectsWith(blog(repos).create(post(a.id, slug)), ValidationError, { field: 'slug' });
      assert.equal((await blog(repos).getBySlug('free'))?.id, other.id);
    },
  },
  {
    name: 'lists published posts newest first, paged, leaving drafts and archived posts out',
    async run({ repos }) {
      const a = await author(repos);
      const ids: string[] = [];
      for (const slug of ['p-one', 'p-two', 'p-three']) {
        const p = await blog(repos).create(post(a.id, slug));
        await blog(repos).publish(p.id);
        ids.push(p.id);
      }
      await blog(repos).create(post(a.id, 'p-draft'));
      await blog(repos).archive(ids[1]!);
      const page1 = await blog(repos).listPublished({ limit: 1 });
      const page2 = await blog(repos).listPublished({ limit: 5, offset: 1 });
      assert.deepEqual([...page1, ...page2].map((p) => p.slug), ['p-three', 'p-one']);
    },
  },
  {
    name: 'refuses status changes the state machine does not allow',
    async run({ repos }) {
      const a = await author(repos);
      const p = await blog(repos).create(post(a.id, 'machine'));
      await rejectsWith(blog(repos).unpublish(p.id), InvariantViolation, { invariant: BLOG_TRANSITION });
      await blog(repos).publish(p.id);
      await rejectsWith(blog(repos).publish(p.id), InvariantViolation, { invariant: BLOG_TRANSITION });
      const archived = await blog(repos).archive(p.id);
      assert.equal(archived.status, 'archived');
      await rejectsWith(blog(repos).archive(p.id), InvariantViolation, { invariant: BLOG_TRANSITION });
    },
  },
];
