/**
 * Stored-entity spec of request templates: collection `requestTemplates` ↔ table
 * `request_templates`. A `maxUsage` of null or missing reads as unlimited (absent); a missing
 * `usageCount` as 0 and a missing `isActive` as true (the contract defaults, flagged).
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import { MAX_USAGE_LIMIT, type RequestTemplate } from '../../contracts/request-template.ts';
import { requireText } from '../../contracts/text.ts';
import { requestTemplates } from '../../schema/request-templates.ts';
import { readInteger, readJson } from './json-shape.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type StoredEntity } from './spec.ts';

export type RequestTemplateRow = typeof requestTemplates.$inferSelect;
export type RequestTemplateInsert = typeof requestTemplates.$inferInsert;

/** Canonical {@link RequestTemplate} of a `requestTemplates` document. Throws `LegacyShapeError`. */
export function requestTemplateFromLegacy(doc: Document): LegacyReading<RequestTemplate> {
  const r = new ShapeReader(doc);
  if (doc.usageCount === undefined || doc.usageCount === null) r.flag('usageCount', 'defaulted', 'missing; read as 0');
  const t: RequestTemplate = {
    id: r.id(),
    ownerId: r.ref('ownerId'),
    title: r.string('title'),
    fields: readJson(doc, 'fields'),
    usageCount: readInteger(doc, 'usageCount', 0),
    isActive: r.boolean('isActive', true),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const maxUsage = doc.maxUsage === undefined || doc.maxUsage === null ? undefined : readInteger(doc, 'maxUsage');
  return { record: present(t, { categoryId: r.ref('categoryId', true), maxUsage }, ['categoryId', 'maxUsage']), flags: r.flags };
}

/** Contract rules of a template record (title, body, limit, usage within the limit). */
export function validateRequestTemplateRecord(t: RequestTemplate): ReturnType<StoredEntity['validate']> {
  return collectViolations([
    () => requireText('title', t.title, 200),
    () => validateJsonPayload('fields', t.fields),
    () => {
      if (t.maxUsage !== undefined && (!Number.isSafeInteger(t.maxUsage) || t.maxUsage < 1 || t.maxUsage > MAX_USAGE_LIMIT)) throw new ValidationError('maxUsage', `must be an integer from 1 to ${MAX_USAGE_LIMIT}`);
    },
    () => {
      if (t.usageCount < 0 || t.usageCount > MAX_USAGE_LIMIT) throw new ValidationError('usageCount', `must be an integer from 0 to ${MAX_USAGE_LIMIT}`);
      if (t.maxUsage !== undefined && t.usageCount > t.maxUsage) throw new ValidationError('usageCount', 'must not exceed maxUsage');
    },
  ]);
}

/** The `request_templates` spec. */
export const requestTemplateEntity: StoredEntity<RequestTemplate, RequestTemplateRow, RequestTemplateInsert> = {
  name: 'requestTemplate',
  domain: 'request-template',
  collection: 'requestTemplates',
  table: 'request_templates',
  pgTable: requestTemplates,
  references: { ownerId: 'users', categoryId: 'categories' },
  appendOnly: false,
  fromDocument: requestTemplateFromLegacy,
  validate: validateRequestTemplateRecord,
  fromRow(row, refs) {
    const t: RequestTemplate = {
      id: rowId(row),
      ownerId: refId(refs, 'ownerId', row.ownerId),
      title: row.title,
      fields: row.fields,
      usageCount: row.usageCount,
      isActive: row.isActive,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(t, { categoryId: row.categoryId === null ? null : refId(refs, 'categoryId', row.categoryId), maxUsage: row.maxUsage }, ['categoryId', 'maxUsage']);
  },
  toRow(t, resolve) {
    return {
      legacyObjectId: t.id,
      ownerId: resolve('users', t.ownerId),
      categoryId: t.categoryId === undefined ? null : resolve('categories', t.categoryId),
      title: t.title,
      fields: t.fields,
      maxUsage: t.maxUsage ?? null,
      usageCount: t.usageCount,
      isActive: t.isActive,
      createdAt: new Date(t.createdAt),
      updatedAt: new Date(t.updatedAt),
    };
  },
};
