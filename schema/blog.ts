/** Blog posts: a unique lower-case kebab slug, and `published_at` whenever the post is published. */
import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { BLOG_LIMITS, BLOG_POST_STATUSES, SLUG_PATTERN } from '../contracts/blog.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

export const blogPostStatusEnum = pgEnum('blog_post_status', BLOG_POST_STATUSES);

const n = (x: number) => sql.raw(String(x));

export const blogPosts = pgTable(
  'blog_posts',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    slug: text('slug').notNull().unique('blog_posts_slug_unique'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: blogPostStatusEnum('status').notNull().default('draft'),
    publishedAt: msTimestamp('published_at'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('blog_posts', t.legacyObjectId),
    check('blog_posts_slug_kebab', sql`${t.slug} ~ ${sql.raw(`'${SLUG_PATTERN}'`)} AND char_length(${t.slug}) <= ${n(BLOG_LIMITS.slug)}`),
    check('blog_posts_title_text', sql`btrim(${t.title}) <> '' AND char_length(${t.title}) <= ${n(BLOG_LIMITS.title)}`),
    check('blog_posts_body_text', sql`btrim(${t.body}) <> '' AND char_length(${t.body}) <= ${n(BLOG_LIMITS.body)}`),
    check('blog_posts_tags_count', sql`cardinality(${t.tags}) <= ${n(BLOG_LIMITS.tags)} AND array_position(${t.tags}, NULL) IS NULL`),
    check('blog_posts_published_has_time', sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
    index('blog_posts_author_idx').on(t.authorId),
    index('blog_posts_published_idx').on(t.status, t.publishedAt.desc()),
  ],
);
