/**
 * Drizzle implementation of the request-template contract (table `request_templates`).
 *
 * `use` is one conditional UPDATE (`... WHERE is_active AND (max_usage IS NULL OR usage_count <
 * max_usage)`), atomic under concurrent callers; the CHECK `request_templates_usage_within_max`
 * is the database's backstop. A miss is diagnosed by reading the row.
 */
import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { InvariantViolation, NotFoundError, ValidationError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
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
import { categories } from '../../schema/categories.ts';
import { requestTemplates } from '../../schema/request-templates.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { byId, ms } from './support.ts';

type Row = typeof requestTemplates.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function requestTemplateFromRow(r: Row): RequestTemplate {
  const t: RequestTemplate = {
    id: r.id,
    ownerId: r.ownerId,
    title: r.title,
    fields: r.fields,
    usageCount: r.usageCount,
    isActive: r.isActive,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  if (r.categoryId !== null) t.categoryId = r.categoryId;
  if (r.maxUsage !== null) t.maxUsage = r.maxUsage;
  return t;
}

/** {@link RequestTemplateRepository} over Postgres with Drizzle. */
export function drizzleRequestTemplateRepository({ db, clock }: DrizzleContext): RequestTemplateRepository {
  const uuidOf = async (table: typeof users | typeof categories, id: string) => {
    const [r] = await db.select({ id: table.id }).from(table).where(byId(table, id));
    return r?.id ?? null;
  };
  const find = async (id: string) => {
    const [row] = await db.select().from(requestTemplates).where(byId(requestTemplates, id));
    if (!row) throw new NotFoundError(REQUEST_TEMPLATE, id);
    return row;
  };
  return {
    async create(input) {
      const v = validateNewRequestTemplate(input);
      const ownerId = await uuidOf(users, v.ownerId);
      if (!ownerId) throw new NotFoundError('user', v.ownerId);
      const categoryId = v.categoryId === undefined ? null : await uuidOf(categories, v.categoryId);
      if (v.categoryId !== undefined && !categoryId) throw new NotFoundError('category', v.categoryId);
      const now = new Date(clock.now());
      const [row] = await db
        .insert(requestTemplates)
        .values({ legacyObjectId: v.id, ownerId, categoryId, title: v.title, fields: v.fields, maxUsage: v.maxUsage ?? null, usageCount: 0, isActive: true, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) =>
          mapPgError(e, {
            request_templates_owner_id_users_id_fk: () => new NotFoundError('user', v.ownerId),
            request_templates_category_id_categories_id_fk: () => new NotFoundError('category', v.categoryId ?? ''),
          }),
        );
      return requestTemplateFromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(requestTemplates).where(byId(requestTemplates, id));
      return row ? requestTemplateFromRow(row) : null;
    },
    async listByOwner(ownerId) {
      const rows = await db
        .select({ t: requestTemplates })
        .from(requestTemplates)
        .innerJoin(users, eq(users.id, requestTemplates.ownerId))
        .where(byId(users, ownerId))
        .orderBy(asc(requestTemplates.createdAt), asc(requestTemplates.id));
      return rows.map((r) => requestTemplateFromRow(r.t));
    },
    async use(id) {
      const [row] = await db
        .update(requestTemplates)
        .set({ usageCount: sql`${requestTemplates.usageCount} + 1`, updatedAt: new Date(clock.now()) })
        .where(and(byId(requestTemplates, id), eq(requestTemplates.isActive, true), or(isNull(requestTemplates.maxUsage), lt(requestTemplates.usageCount, requestTemplates.maxUsage))))
        .returning();
      if (row) return requestTemplateFromRow(row);
      const t = await find(id);
      if (!t.isActive) throw new InvariantViolation(TEMPLATE_INACTIVE, 'the template is deactivated');
      throw new InvariantViolation(TEMPLATE_EXHAUSTED, `the template was used ${t.usageCount} of ${t.maxUsage} times`);
    },
    async update(id, patch) {
      const p = validateRequestTemplatePatch(patch);
      const t = await find(id);
      let categoryId: string | null | undefined = p.categoryId === null ? null : undefined;
      if (typeof p.categoryId === 'string') {
        categoryId = await uuidOf(categories, p.categoryId);
        if (!categoryId) throw new NotFoundError('category', p.categoryId);
      }
      if (typeof p.maxUsage === 'number' && p.maxUsage < t.usageCount) throw new ValidationError('patch.maxUsage', BELOW_USAGE_RULE);
      const set: Partial<typeof requestTemplates.$inferInsert> = { updatedAt: new Date(clock.now()) };
      if (p.title !== undefined) set.title = p.title;
      if (p.fields !== undefined) set.fields = p.fields;
      if (categoryId !== undefined) set.categoryId = categoryId;
      if (p.maxUsage !== undefined) set.maxUsage = p.maxUsage;
      // The new limit is checked again where it is written: a use may come between.
      const cond = typeof p.maxUsage === 'number' ? and(eq(requestTemplates.id, t.id), lte(requestTemplates.usageCount, p.maxUsage)) : eq(requestTemplates.id, t.id);
      const [row] = await db
        .update(requestTemplates)
        .set(set)
        .where(cond)
        .returning()
        .catch((e) => mapPgError(e, { request_templates_usage_within_max: () => new ValidationError('patch.maxUsage', BELOW_USAGE_RULE) }));
      if (!row) throw new ValidationError('patch.maxUsage', BELOW_USAGE_RULE);
      return requestTemplateFromRow(row);
    },
    async deactivate(id) {
      const t = await find(id);
      if (!t.isActive) return requestTemplateFromRow(t);
      const [row] = await db.update(requestTemplates).set({ isActive: false, updatedAt: new Date(clock.now()) }).where(eq(requestTemplates.id, t.id)).returning();
      return requestTemplateFromRow(row ?? t);
    },
  };
}
