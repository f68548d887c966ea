/** Drizzle implementation of the blog contract (table `blog_posts`). */
import { asc, desc, eq, sql } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  BLOG_FROM,
  BLOG_SLUG_KEY,
  BLOG_TRANSITION,
  isSlug,
  validateBlogPage,
  validateBlogPostPatch,
  validateNewBlogPost,
  type BlogPost,
  type BlogPostStatus,
  type BlogRepository,
} from '../../contracts/blog.ts';
import { blogPosts } from '../../schema/blog.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { byId, definedOnly, ms } from './support.ts';

type Row = typeof blogPosts.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function blogPostFromRow(r: Row): BlogPost {
  const p: BlogPost = {
    id: r.id,
    slug: r.slug,
    title: r.title,
    body: r.body,
    authorId: r.authorId,
    tags: [...r.tags],
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  if (r.publishedAt) p.publishedAt = ms(r.publishedAt);
  return p;
}

/** What the blog constraints mean when a write trips them. */
export const BLOG_CONSTRAINTS: ConstraintErrors = {
  blog_posts_slug_unique: () => new DuplicateKeyError(BLOG_SLUG_KEY),
};

/** {@link BlogRepository} over Postgres with Drizzle. */
export function drizzleBlogRepository({ db, clock }: DrizzleContext): BlogRepository {
  const move = (id: string, method: keyof typeof BLOG_FROM, to: BlogPostStatus) =>
    inTransaction(db, async (tx) => {
      const [p] = await tx.select().from(blogPosts).where(byId(blogPosts, id)).for('update');
      if (!p) throw new NotFoundError('blogPost', id);
      if (!BLOG_FROM[method].includes(p.status)) throw new InvariantViolation(BLOG_TRANSITION, `${method} is not allowed from ${p.status}`);
      const now = new Date(clock.now());
      const [row] = await tx
        .update(blogPosts)
        .set({ status: to, updatedAt: now, ...(to === 'published' && !p.publishedAt && { publishedAt: now }) })
        .where(eq(blogPosts.id, p.id))
        .returning();
      return blogPostFromRow(row!);
    }).catch((e) => mapPgError(e, BLOG_CONSTRAINTS));
  return {
    async create(input) {
      const v = validateNewBlogPost(input);
      return inTransaction(db, async (tx) => {
        const [author] = await tx.select({ id: users.id }).from(users).where(byId(users, v.authorId));
        if (!author) throw new NotFoundError('user', v.authorId);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(blogPosts)
          .values({ legacyObjectId: v.id, slug: v.slug, title: v.title, body: v.body, authorId: author.id, tags: v.tags, status: 'draft', createdAt: now, updatedAt: now })
          .returning();
        return blogPostFromRow(row!);
      }).catch((e) => mapPgError(e, BLOG_CONSTRAINTS));
    },
    async get(id) {
      const [row] = await db.select().from(blogPosts).where(byId(blogPosts, id));
      return row ? blogPostFromRow(row) : null;
    },
    async getBySlug(slug) {
      if (!isSlug(slug)) return null;
      const [row] = await db.select().from(blogPosts).where(eq(blogPosts.slug, slug));
      return row ? blogPostFromRow(row) : null;
    },
    async update(id, patch) {
      const p = validateBlogPostPatch(patch);
      const [row] = await db
        .update(blogPosts)
        .set({ ...definedOnly(p), updatedAt: new Date(clock.now()) })
        .where(byId(blogPosts, id))
        .returning()
        .catch((e) => mapPgError(e, BLOG_CONSTRAINTS));
      if (!row) throw new NotFoundError('blogPost', id);
      return blogPostFromRow(row);
    },
    publish: (id) => move(id, 'publish', 'published'),
    unpublish: (id) => move(id, 'unpublish', 'draft'),
    archive: (id) => move(id, 'archive', 'archived'),
    async listPublished(page) {
      const { limit, offset } = validateBlogPage(page);
      // Slugs are ASCII, but the database collation could still order '-' differently from the
      // other stores: compare them byte-wise.
      const rows = await db
        .select()
        .from(blogPosts)
        .where(eq(blogPosts.status, 'published'))
        .orderBy(desc(blogPosts.publishedAt), asc(sql`${blogPosts.slug} COLLATE "C"`))
        .limit(limit)
        .offset(offset);
      return rows.map(blogPostFromRow);
    },
  };
}
