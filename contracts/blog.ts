/**
 * Blog contract: posts addressed by a unique slug, written as drafts and published.
 *
 * Rules:
 * - a slug is lower-case kebab case (`^[a-z0-9]+(-[a-z0-9]+)*$`, at most 100 characters) and
 *   unique over all posts: `DuplicateKeyError('blog_posts.slug')`;
 * - statuses move by `publish` (from draft or archived), `unpublish` (published → draft) and
 *   `archive` (from draft or published); anything else is `InvariantViolation('blog_post.status_transition')`;
 * - `publishedAt` is stamped by the first publish and kept ever after (re-publishing, unpublishing
 *   and archiving leave it unchanged);
 * - `listPublished` returns published posts newest `publishedAt` first, ties by slug (unique and the
 *   same in every store), paged by `limit` and `offset`.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const BLOG_POST_STATUSES = ['draft', 'published', 'archived'] as const;
export type BlogPostStatus = (typeof BLOG_POST_STATUSES)[number];

/** Lower-case kebab case; the Postgres CHECK uses the same pattern. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const BLOG_LIMITS = { slug: 100, title: 200, body: 20000, tag: 30, tags: 10, page: 100 } as const;

/** Invariant name of a refused status change; contract key of the slug rule. */
export const BLOG_TRANSITION = 'blog_post.status_transition';
export const BLOG_SLUG_KEY = 'blog_posts.slug';

/** A stored post. Times are UTC ms; `publishedAt` is present once the post was first published. */
export interface BlogPost {
  id: string;
  slug: string;
  title: string;
  body: string;
  authorId: string;
  tags: string[];
  status: BlogPostStatus;
  publishedAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** Input of `create` (a draft). `tags` defaults to none. */
export interface NewBlogPost {
  id?: string;
  slug: string;
  title: string;
  body: string;
  authorId: string;
  tags?: string[];
}

/** Input of `update`. Status changes only through publish/unpublish/archive. */
export interface BlogPostPatch {
  slug?: string;
  title?: string;
  body?: string;
  tags?: string[];
}

/** A page of `listPublished`: at most `limit` (1..100) posts after skipping `offset` (default 0). */
export interface BlogPage {
  limit: number;
  offset?: number;
}

/** The blog repository every implementation provides. */
export interface BlogRepository {
  /** Creates a draft. Throws `ValidationError`, `UnsafeInputError`, `NotFoundError('user')` (author), `DuplicateKeyError('blog_posts.slug')`. */
  create(input: NewBlogPost): Promise<BlogPost>;
  /** The post with this id (either id form), or null. */
  get(id: string): Promise<BlogPost | null>;
  /** The post with exactly this slug, or null (also for a slug that is not well formed). */
  getBySlug(slug: string): Promise<BlogPost | null>;
  /** Applies a patch; stamps `updatedAt`. Throws `ValidationError`, `UnsafeInputError`, `NotFoundError('blogPost')`, `DuplicateKeyError('blog_posts.slug')`. */
  update(id: string, patch: BlogPostPatch): Promise<BlogPost>;
  /** Draft or archived → published; stamps `publishedAt` only the first time. Throws `NotFoundError('blogPost')`, `InvariantViolation('blog_post.status_transition')`. */
  publish(id: string): Promise<BlogPost>;
  /** Published → draft (`publishedAt` kept). Throws `NotFoundError('blogPost')`, `InvariantViolation('blog_post.status_transition')`. */
  unpublish(id: string): Promise<BlogPost>;
  /** Draft or published → archived (`publishedAt` kept). Throws `NotFoundError('blogPost')`, `InvariantViolation('blog_post.status_transition')`. */
  archive(id: string): Promise<BlogPost>;
  /** Published posts, newest `publishedAt` first, then by slug ascending. Throws `ValidationError` (page). */
  listPublished(page: BlogPage): Promise<BlogPost[]>;
}

export const blogMethods: MethodMap<BlogRepository> = {
  create: { create: 'blogPost' },
  get: 'read',
  getBySlug: 'read',
  update: 'write',
  publish: 'write',
  unpublish: 'write',
  archive: 'write',
  listPublished: 'read',
};

/** Allowed targets of each status change method. */
export const BLOG_FROM: Readonly<Record<'publish' | 'unpublish' | 'archive', readonly BlogPostStatus[]>> = {
  publish: ['draft', 'archived'],
  unpublish: ['published'],
  archive: ['draft', 'published'],
};

const SLUG = new RegExp(SLUG_PATTERN);

/** True when `v` is a well-formed slug. */
export function isSlug(v: unknown): v is string {
  return typeof v === 'string' && v.length <= BLOG_LIMITS.slug && SLUG.test(v);
}

function slug(field: string, v: unknown): string {
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a string');
  requireText(field, v, BLOG_LIMITS.slug);
  if (!SLUG.test(v)) throw new ValidationError(field, 'must be lower-case kebab case (a-z, 0-9 and single hyphens)');
  return v;
}

/** Validates a tag list: at most 10 tags, each non-blank, safe, at most 30 characters, no repeats. Returns a copy. */
export function validateTags(field: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw new ValidationError(field, 'must be an array of strings');
  if (v.length > BLOG_LIMITS.tags) throw new ValidationError(field, `must have at most ${BLOG_LIMITS.tags} tags`);
  const out = v.map((t) => requireText(field, t, BLOG_LIMITS.tag));
  if (new Set(out).size !== out.length) throw new ValidationError(field, 'must not repeat a tag');
  return out;
}

/** Validated `create` input. */
export interface ValidBlogPost extends NewBlogPost {
  tags: string[];
}

/** Validates `create` input; errors name the field. */
export function validateNewBlogPost(input: NewBlogPost): ValidBlogPost {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.authorId !== 'string') throw new ValidationError('authorId', 'must be an id string');
  const out: ValidBlogPost = {
    slug: slug('slug', input.slug),
    title: requireText('title', input.title, BLOG_LIMITS.title),
    body: requireText('body', input.body, BLOG_LIMITS.body),
    authorId: input.authorId,
    tags: input.tags === undefined ? [] : validateTags('tags', input.tags),
  };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validateBlogPostPatch(patch: BlogPostPatch): BlogPostPatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: BlogPostPatch = {};
  if (patch.slug !== undefined) out.slug = slug('patch.slug', patch.slug);
  if (patch.title !== undefined) out.title = requireText('patch.title', patch.title, BLOG_LIMITS.title);
  if (patch.body !== undefined) out.body = requireText('patch.body', patch.body, BLOG_LIMITS.body);
  if (patch.tags !== undefined) out.tags = validateTags('patch.tags', patch.tags);
  return out;
}

/** Validates a page request; returns `{ limit, offset }` with the default offset. */
export function validateBlogPage(page: BlogPage): Required<BlogPage> {
  if (page === null || typeof page !== 'object') throw new ValidationError('page', 'must be an object');
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > BLOG_LIMITS.page) throw new ValidationError('page.limit', `must be an integer from 1 to ${BLOG_LIMITS.page}`);
  const offset = page.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ValidationError('page.offset', 'must be a non-negative integer');
  return { limit: page.limit, offset };
}

/** Published-list order: newest `publishedAt` first, then slug ascending (code-unit order, as Postgres `COLLATE "C"` and Mongo compare). */
export function comparePublished(a: Pick<BlogPost, 'publishedAt' | 'slug'>, b: Pick<BlogPost, 'publishedAt' | 'slug'>): number {
  return (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}
