/** Seeded fault of the blog domain: a real implementation with one deliberate, realistic bug. */
import { eq } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { BLOG_TRANSITION, type BlogRepository } from '../../contracts/blog.ts';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import { blogPostFromRow, drizzleBlogRepository } from '../../repos/drizzle/blog.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { blogPosts } from '../../schema/blog.ts';

/** Drizzle blog whose `publish` stamps `publishedAt` every time (re-publishing moves the post to the top). */
export function drizzleBlogRepublishResets(ctx: DrizzleContext): BlogRepository {
  const repo = drizzleBlogRepository(ctx);
  return {
    ...repo,
    async publish(id) {
      const [p] = await ctx.db.select().from(blogPosts).where(byId(blogPosts, id));
      if (!p) throw new NotFoundError('blogPost', id);
      if (p.status === 'published') throw new InvariantViolation(BLOG_TRANSITION, 'already published');
      const now = new Date(ctx.clock.now());
      const [row] = await ctx.db.update(blogPosts).set({ status: 'published', publishedAt: now, updatedAt: now }).where(eq(blogPosts.id, p.id)).returning();
      return blogPostFromRow(row!);
    },
  };
}

