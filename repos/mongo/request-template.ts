/**
 * Mongo implementation of the request-template contract (collection `requestTemplates`).
 *
 * `use` is one conditional `findOneAndUpdate`: the filter pins `isActive` and the limit read
 * just before (`maxUsage` equal, `usageCount` below it), so concurrent callers can never push
 * the count past the limit; a miss is diagnosed by reading the template again. No `$expr`:
 * FerretDB 1.24 does not support it.
 */
import type { Db, Filter, ObjectId } from 'mongodb';
import { InvariantViolation, NotFoundError, ValidationError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import {
  BELOW_USAGE_RULE,
  REQUEST_TEMPLATE,
  TEMPLATE_EXHAUSTED,
  TEMPLATE_INACTIVE,
  validateNewRequestTemplate,
  validateRequestTemplatePatch,
  type RequestTemplate,
  type RequestTemplateRepository,
} from '../../contracts/request-template.ts';
import { mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `requestTemplates` document (`maxUsage` absent when unlimited). */
export interface RequestTemplateDoc {
  _id: ObjectId;
  ownerId: ObjectId;
  categoryId?: ObjectId;
  title: string;
  fields: JsonValue;
  maxUsage?: number;
  usageCount: number;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes. */
export async function ensureRequestTemplateIndexes(db: Db): Promise<void> {
  await db.collection('requestTemplates').createIndex({ ownerId: 1, createdAt: 1 }, { name: 'request_templates.owner' });
}

/** Contract view of a stored document. */
export function requestTemplateFromDoc(d: RequestTemplateDoc): RequestTemplate {
  const t: RequestTemplate = {
    id: d._id.toHexString(),
    ownerId: d.ownerId.toHexString(),
    title: d.title,
    fields: d.fields,
    usageCount: d.usageCount,
    isActive: d.isActive,
    createdAt: d.createdAt.getTime(),
    updatedAt: d.updatedAt.getTime(),
  };
  if (d.categoryId) t.categoryId = d.categoryId.toHexString();
  if (typeof d.maxUsage === 'number') t.maxUsage = d.maxUsage;
  return t;
}

/** How often `use` and `update` re-read after a concurrent change moved the template under them. */
const MAX_ATTEMPTS = 5;

/** {@link RequestTemplateRepository} over MongoDB. */
export function mongoRequestTemplateRepository({ db, clock }: MongoContext): RequestTemplateRepository {
  const col = db.collection<RequestTemplateDoc>('requestTemplates');
  const exists = async (collection: string, id: string) => {
    const _id = toObjectId(id);
    return !!_id && !!(await db.collection(collection).findOne({ _id }, { projection: { _id: 1 } }));
  };
  const find = async (id: string) => {
    const _id = toObjectId(id);
    const d = _id && (await col.findOne({ _id }));
    if (!d) throw new NotFoundError(REQUEST_TEMPLATE, id);
    return d;
  };
  return {
    async create(input) {
      const v = validateNewRequestTemplate(input);
      if (!(await exists('users', v.ownerId))) throw new NotFoundError('user', v.ownerId);
      if (v.categoryId !== undefined && !(await exists('categories', v.categoryId))) throw new NotFoundError('category', v.categoryId);
      const now = new Date(clock.now());
      const doc: RequestTemplateDoc = { _id: newObjectId(v.id), ownerId: toObjectId(v.ownerId)!, title: v.title, fields: v.fields, usageCount: 0, isActive: true, createdAt: now, updatedAt: now };
      if (v.categoryId !== undefined) doc.categoryId = toObjectId(v.categoryId)!;
      if (v.maxUsage !== undefined) doc.maxUsage = v.maxUsage;
      await col.insertOne(doc).catch((e) => mapMongoError(e, 'request_templates'));
      return requestTemplateFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await col.findOne({ _id }));
      return d ? requestTemplateFromDoc(d) : null;
    },
    async listByOwner(ownerId) {
      const oid = toObjectId(ownerId);
      if (!oid) return [];
      return (await col.find({ ownerId: oid }).sort({ createdAt: 1, _id: 1 }).toArray()).map(requestTemplateFromDoc);
    },
    async use(id) {
      for (let attempt = 1; ; attempt++) {
        const t = await find(id);
        if (!t.isActive) throw new InvariantViolation(TEMPLATE_INACTIVE, 'the template is deactivated');
        const limited = typeof t.maxUsage === 'number';
        if (limited && t.usageCount >= t.maxUsage!) throw new InvariantViolation(TEMPLATE_EXHAUSTED, `the template was used ${t.usageCount} of ${t.maxUsage} times`);
        const filter: Filter<RequestTemplateDoc> = limited
          ? { _id: t._id, isActive: true, maxUsage: t.maxUsage!, usageCount: { $lt: t.maxUsage! } }
          : { _id: t._id, isActive: true, maxUsage: { $exists: false } };
        const d = await col.findOneAndUpdate(filter, { $inc: { usageCount: 1 }, $set: { updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' });
        if (d) return requestTemplateFromDoc(d);
        if (attempt >= MAX_ATTEMPTS) throw new Error(`request template ${id}: use lost ${attempt} races in a row`);
      }
    },
    async update(id, patch) {
      const p = validateRequestTemplatePatch(patch);
      for (let attempt = 1; ; attempt++) {
        const t = await find(id);
        if (typeof p.categoryId === 'string' && !(await exists('categories', p.categoryId))) throw new NotFoundError('category', p.categoryId);
        if (typeof p.maxUsage === 'number' && p.maxUsage < t.usageCount) throw new ValidationError('patch.maxUsage', BELOW_USAGE_RULE);
        const $set: Record<string, unknown> = { updatedAt: new Date(clock.now()) };
        const $unset: Record<string, ''> = {};
        if (p.title !== undefined) $set.title = p.title;
        if (p.fields !== undefined) $set.fields = p.fields;
        if (p.categoryId === null) $unset.categoryId = '';
        else if (p.categoryId !== undefined) $set.categoryId = toObjectId(p.categoryId);
        if (p.maxUsage === null) $unset.maxUsage = '';
        else if (p.maxUsage !== undefined) $set.maxUsage = p.maxUsage;
        // A new limit must still be at or above the count when it is written (a use may come between).
        const filter: Filter<RequestTemplateDoc> = typeof p.maxUsage === 'number' ? { _id: t._id, usageCount: { $lte: p.maxUsage } } : { _id: t._id };
        const update = Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
        const d = await col.findOneAndUpdate(filter, update, { returnDocument: 'after' });
        if (d) return requestTemplateFromDoc(d);
        if (attempt >= MAX_ATTEMPTS) throw new Error(`request template ${id}: update lost ${attempt} races in a row`);
      }
    },
    async deactivate(id) {
      const t = await find(id);
      if (!t.isActive) return requestTemplateFromDoc(t);
      const d = await col.findOneAndUpdate({ _id: t._id }, { $set: { isActive: false, updatedAt: new Date(clock.now()) } }, { returnDocument: 'after' });
      return requestTemplateFromDoc(d ?? t);
    },
  };
}
