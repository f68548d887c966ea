/** Mongo implementation of the blog contract (collection `blogPosts`, unique index on `slug`). */
import type { Db, ObjectId } from 'mongodb';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
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
import { mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `blogPosts` document. */
export interface BlogPostDoc {
  _id: ObjectId;
  slug: string;
  title: string;
  body: string;
  authorId: ObjectId;
  tags: string[];
  status: BlogPostStatus;
  publishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes. */
export async function ensureBlogIndexes(db: Db): Promise<void> {
  const posts = db.collection('blogPosts');
  await posts.createIndex({ slug: 1 }, { name: 'blogPosts.slug', unique: true });
  await posts.createIndex({ status: 1, publishedAt: -1, slug: 1 }, { name: 'blogPosts.published' });
}

/** Contract view of a stored document. */
export function blogPostFromDoc(d: BlogPostDoc): BlogPost {
  const p: BlogPost = {
    id: d._id.toHexString(),
    slug: d.slug,
    title: d.title,
    body: d.body,
    authorId: d.authorId.toHexString(),
    tags: [...d.tags],
    status: d.status,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.publishedAt) p.publishedAt = d.publishedAt.getTime();
  return p;
}

/** {@link BlogRepository} over MongoDB. */
export function mongoBlogRepository({ db, clock }: MongoContext): BlogRepository {
  const posts = db.collection<BlogPostDoc>('blogPosts');
  const users = db.collection('users');
  const move = async (id: string, method: keyof typeof BLOG_FROM, to: BlogPostStatus) => {
    const _id = toObjectId(id);
    const d = _id && (await posts.findOne({ _id }));
    if (!d) throw new NotFoundError('blogPost', id);
    if (!BLOG_FROM[method].includes(d.status)) throw new InvariantViolation(BLOG_TRANSITION, `${method} is not allowed from ${d.status}`);
    const now = new Date(clock.now());
    const $set: Partial<BlogPostDoc> = { status: to, updatedAt: now };
    if (to === 'published' && !d.publishedAt) $set.publishedAt = now;
    const after = await posts.findOneAndUpdate({ _id: d._id, status: d.status }, { $set }, { returnDocument: 'after' });
    if (!after) throw new InvariantViolation(BLOG_TRANSITION, `the post left ${d.status} concurrently`);
    return blogPostFromDoc(after);
  };
  return {
    async create(input) {
      const v = validateNewBlogPost(input);
      const authorId = toObjectId(v.authorId);
      if (!authorId || !(await users.findOne({ _id: authorId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.authorId);
      const now = new Date(clock.now());
      const doc: BlogPostDoc = { _id: newObjectId(v.id), slug: v.slug, title: v.title, body: v.body, authorId, tags: v.tags, status: 'draft', createdAt: now, updatedAt: now };
      await posts.insertOne(doc).catch((e) => mapMongoError(e, BLOG_SLUG_KEY));
      return blogPostFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await posts.findOne({ _id }));
      return d ? blogPostFromDoc(d) : null;
    },
    async getBySlug(slug) {
      const d = isSlug(slug) ? await posts.findOne({ slug }) : null;
      return d ? blogPostFromDoc(d) : null;
    },
    async update(id, patch) {
      const p = validateBlogPostPatch(patch);
      const _id = toObjectId(id);
      const d = _id && (await posts.findOneAndUpdate({ _id }, { $set: { ...p, updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' }).catch((e) => mapMongoError(e, BLOG_SLUG_KEY)));
      if (!d) throw new NotFoundError('blogPost', id);
      return blogPostFromDoc(d);
    },
    publish: (id) => move(id, 'publish', 'published'),
    unpublish: (id) => move(id, 'unpublish', 'draft'),
    archive: (id) => move(id, 'archive', 'archived'),
    async listPublished(page) {
      const { limit, offset } = validateBlogPage(page);
      const docs = await posts.find({ status: 'published' }).sort({ publishedAt: -1, slug: 1 }).skip(offset).limit(limit).toArray();
      return docs.map(blogPostFromDoc);
    },
  };
}
