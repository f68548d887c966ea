/**
 * Mongo implementation of the category contract (collection `categories`).
 *
 * Active-name uniqueness without a partial index (FerretDB 1.24 has none): every document carries
 * `activeNameKey`, the normalized name while active and `~inactive:<_id>` (unique by construction)
 * while inactive, under one plain unique index.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError, ValidationError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import { normalizeKey } from '../../contracts/text.ts';
import { ACTIVE_NAME_KEY, CYCLE_RULE, validateCategoryPatch, validateNewCategory, type Category, type CategoryRepository } from '../../contracts/category.ts';
import { mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `categories` document. */
export interface CategoryDoc {
  _id: ObjectId;
  name: string;
  parentId?: ObjectId;
  isActive: boolean;
  activeNameKey: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The unique-index key of a category in the given state. */
export function activeNameKey(id: ObjectId, name: string, isActive: boolean): string {
  return isActive ? normalizeKey(name) : `~inactive:${id.toHexString()}`;
}

/** Creates the collection's indexes. */
export async function ensureCategoryIndexes(db: Db): Promise<void> {
  await db.collection('categories').createIndex({ activeNameKey: 1 }, { unique: true, name: ACTIVE_NAME_KEY });
}

/** Contract view of a stored document. */
export function categoryFromDoc(d: CategoryDoc): Category {
  const c: Category = { id: d._id.toHexString(), name: d.name, isActive: d.isActive, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  if (d.parentId) c.parentId = d.parentId.toHexString();
  return c;
}

/** {@link CategoryRepository} over MongoDB. */
export function mongoCategoryRepository({ db, clock }: MongoContext): CategoryRepository {
  const categories = db.collection<CategoryDoc>('categories');
  const find = async (id: string) => {
    const _id = toObjectId(id);
    return _id && (await categories.findOne({ _id }));
  };
  const requireParent = async (parentId: string) => {
    const p = await find(parentId);
    if (!p) throw new NotFoundError('category', parentId);
    return p;
  };
  return {
    async create(input) {
      const v = validateNewCategory(input);
      const parent = v.parentId === undefined ? undefined : await requireParent(v.parentId);
      const now = new Date(clock.now());
      const _id = newObjectId(v.id);
      const doc: CategoryDoc = { _id, name: v.name, isActive: true, activeNameKey: activeNameKey(_id, v.name, true), createdAt: now, updatedAt: now };
      if (parent) doc.parentId = parent._id;
      await categories.insertOne(doc).catch((e) => mapMongoError(e, ACTIVE_NAME_KEY));
      return categoryFromDoc(doc);
    },
    async get(id) {
      const d = await find(id);
      return d ? categoryFromDoc(d) : null;
    },
    async list(filter) {
      const q = filter?.includeInactive === true ? {} : { isActive: true };
      return (await categories.find(q).sort({ createdAt: 1, _id: 1 }).toArray()).map(categoryFromDoc);
    },
    async update(id, patch) {
      const p = validateCategoryPatch(patch);
      const c = await find(id);
      if (!c) throw new NotFoundError('category', id);
      const $set: Partial<CategoryDoc> = { updatedAt: new Date(clock.now()) };
      const $unset: Record<string, ''> = {};
      if (typeof p.parentId === 'string') {
        const parent = await requireParent(p.parentId);
        for (let cur: CategoryDoc | null = parent; cur; cur = cur.parentId ? await categories.findOne({ _id: cur.parentId }) : null) {
          if (cur._id.equals(c._id)) throw new ValidationError('patch.parentId', CYCLE_RULE);
        }
        $set.parentId = parent._id;
      } else if (p.parentId === null) $unset.parentId = '';
      if (p.name !== undefined) Object.assign($set, { name: p.name, activeNameKey: activeNameKey(c._id, p.name, c.isActive) });
      const d = await categories
        .findOneAndUpdate({ _id: c._id }, Object.keys($unset).length ? { $set, $unset } : { $set }, { returnDocument: 'after' })
        .catch((e) => mapMongoError(e, ACTIVE_NAME_KEY));
      if (!d) throw new NotFoundError('category', id);
      return categoryFromDoc(d);
    },
    async deactivate(id) {
      const c = await find(id);
      if (!c) throw new NotFoundError('category', id);
      if (!c.isActive) return categoryFromDoc(c);
      const $set = { isActive: false, activeNameKey: activeNameKey(c._id, c.name, false), updatedAt: new Date(clock.now()) };
      await categories.updateOne({ _id: c._id }, { $set });
      return categoryFromDoc({ ...c, ...$set });
    },
    async reactivate(id) {
      const c = await find(id);
      if (!c) throw new NotFoundError('category', id);
      if (c.isActive) return categoryFromDoc(c);
      const $set = { isActive: true, activeNameKey: activeNameKey(c._id, c.name, true), updatedAt: new Date(clock.now()) };
      await categories.updateOne({ _id: c._id }, { $set }).catch((e) => mapMongoError(e, ACTIVE_NAME_KEY));
      return categoryFromDoc({ ...c, ...$set });
    },
  };
}
