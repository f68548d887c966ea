/**
 * Stored-entity spec of blog posts: collection `blogPosts` ↔ table `blog_posts`.
 *
 * Canonical record: {@link BlogPost} with legacy ids (`authorId` as ObjectId hex). Missing
 * `tags` read as none and a missing `status` as `draft` (the contract defaults, flagged).
 * Slug uniqueness spans documents: the Mongo unique index already holds it.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { BLOG_LIMITS, BLOG_POST_STATUSES, isSlug, validateTags, type BlogPost } from '../../contracts/blog.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { requireText } from '../../contracts/text.ts';
import { blogPosts } from '../../schema/blog.ts';
import { describe, LegacyShapeError, readTime, ShapeReader } from './shape.ts';
import { collectViolations, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `blog_posts` row as Drizzle reads it. */
export type BlogPostRow = typeof blogPosts.$inferSelect;
/** Insert values of a `blog_posts` row. */
export type BlogPostInsert = typeof blogPosts.$inferInsert;

/** Canonical {@link BlogPost} of a `blogPosts` document. Throws `LegacyShapeError`. */
export function blogPostFromLegacy(doc: Document): LegacyReading<BlogPost> {
  const r = new ShapeReader(doc);
  let tags: string[];
  if (doc.tags === undefined || doc.tags === null) {
    r.flag('tags', 'defaulted', 'missing; read as the contract default []');
    tags = [];
  } else if (Array.isArray(doc.tags) && doc.tags.every((t: unknown) => typeof t === 'string')) {
    tags = [...(doc.tags as string[])];
  } else {
    throw new LegacyShapeError('tags', `must be an array of strings (found ${describe(doc.tags)})`);
  }
  const p: BlogPost = {
    id: r.id(),
    slug: r.string('slug'),
    title: r.string('title'),
    body: r.string('body'),
    authorId: r.ref('authorId'),
    tags,
    status: r.oneOf('status', BLOG_POST_STATUSES, 'draft'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  if (doc.publishedAt !== undefined && doc.publishedAt !== null) p.publishedAt = readTime('publishedAt', doc.publishedAt, r);
  return { record: p, flags: r.flags };
}

/** Contract rules of a post record: kebab slug, text limits, tags, `publishedAt` on a published post. */
export function validateBlogPostRecord(p: BlogPost): RuleViolation[] {
  return collectViolations([
    () => {
      if (!isSlug(p.slug)) throw new ValidationError('slug', 'must be lower-case kebab case (a-z, 0-9 and single hyphens), at most 100 characters');
    },
    () => requireText('title', p.title, BLOG_LIMITS.title),
    () => requireText('body', p.body, BLOG_LIMITS.body),
    () => validateTags('tags', p.tags),
    () => {
      if (p.status === 'published' && p.publishedAt === undefined) throw new ValidationError('publishedAt', 'must be present on a published post');
    },
  ]);
}

/** The `blog_posts` spec. */
export const blogPostEntity: StoredEntity<BlogPost, BlogPostRow, BlogPostInsert> = {
  name: 'blogPost',
  domain: 'blog',
  collection: 'blogPosts',
  table: 'blog_posts',
  pgTable: blogPosts,
  references: { authorId: 'users' },
  appendOnly: false,
  fromDocument: blogPostFromLegacy,
  validate: validateBlogPostRecord,
  fromRow(row, refs) {
    const p: BlogPost = {
      id: rowId(row),
      slug: row.slug,
      title: row.title,
      body: row.body,
      authorId: refId(refs, 'authorId', row.authorId),
      tags: [...row.tags],
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    if (row.publishedAt) p.publishedAt = row.publishedAt.getTime();
    return p;
  },
  toRow(p, resolve) {
    return {
      legacyObjectId: p.id,
      slug: p.slug,
      title: p.title,
      body: p.body,
      authorId: resolve('users', p.authorId),
      tags: p.tags,
      status: p.status,
      publishedAt: p.publishedAt === undefined ? null : new Date(p.publishedAt),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.updatedAt),
    };
  },
};
