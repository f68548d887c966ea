/** Reference model of the blog contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import {
  BLOG_FROM,
  BLOG_SLUG_KEY,
  BLOG_TRANSITION,
  comparePublished,
  isSlug,
  validateBlogPage,
  validateBlogPostPatch,
  validateNewBlogPost,
  type BlogPost,
  type BlogPostStatus,
  type BlogRepository,
} from './blog.ts';

/** Model of {@link BlogRepository}. */
export function blogModel({ clock, state }: ModelContext): BlogRepository {
  const posts = state.table<BlogPost>('blogPost');
  const users = state.table<User>('user');
  const bySlug = (slug: string) => [...posts.values()].find((p) => p.slug === slug);
  const move = (id: string, method: keyof typeof BLOG_FROM, to: BlogPostStatus) => {
    const p = posts.get(id);
    if (!p) throw new NotFoundError('blogPost', id);
    if (!BLOG_FROM[method].includes(p.status)) throw new InvariantViolation(BLOG_TRANSITION, `${method} is not allowed from ${p.status}`);
    const now = clock.now();
    p.status = to;
    p.updatedAt = now;
    if (to === 'published' && p.publishedAt === undefined) p.publishedAt = now;
    return structuredClone(p);
  };
  return {
    async create(input) {
      const v = validateNewBlogPost(input);
      if (!users.has(v.authorId)) throw new NotFoundError('user', v.authorId);
      if (bySlug(v.slug)) throw new DuplicateKeyError(BLOG_SLUG_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const p: BlogPost = { id: id ?? state.nextId(), ...rest, status: 'draft', createdAt: now, updatedAt: now };
      posts.set(p.id, p);
      return structuredClone(p);
    },
    async get(id) {
      const p = posts.get(id);
      return p ? structuredClone(p) : null;
    },
    async getBySlug(slug) {
      const p = isSlug(slug) ? bySlug(slug) : undefined;
      return p ? structuredClone(p) : null;
    },
    async update(id, patch) {
      const v = validateBlogPostPatch(patch);
      const p = posts.get(id);
      if (!p) throw new NotFoundError('blogPost', id);
      if (v.slug !== undefined && v.slug !== p.slug && bySlug(v.slug)) throw new DuplicateKeyError(BLOG_SLUG_KEY);
      Object.assign(p, v, { updatedAt: clock.now() });
      return structuredClone(p);
    },
    async publish(id) {
      return move(id, 'publish', 'published');
    },
    async unpublish(id) {
      return move(id, 'unpublish', 'draft');
    },
    async archive(id) {
      return move(id, 'archive', 'archived');
    },
    async listPublished(page) {
      const { limit, offset } = validateBlogPage(page);
      return [...posts.values()]
        .filter((p) => p.status === 'published')
        .sort(comparePublished)
        .slice(offset, offset + limit)
        .map((p) => structuredClone(p));
    },
  };
}
