/**
 * Drizzle implementation of the category contract (table `categories`). The active-name rule is
 * the unique index `categories_active_name_norm_uq`; its violations map to `DuplicateKeyError`.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import { CYCLE_RULE, validateCategoryPatch, validateNewCategory, type Category, type CategoryRepository } from '../../contracts/category.ts';
import { categories } from '../../schema/categories.ts';
import { mapPgError } from './errors.ts';
import { assignPresent, byId, ms } from './support.ts';

type Row = typeof categories.$inferSelect;

/** Contract view of a row. */
export function categoryFromRow(r: Row): Category {
  const c: Category = { id: r.id, name: r.name, isActive: r.isActive, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  return assignPresent(c, r, ['parentId']);
}

async function resolve(db: PgDatabase, id: string): Promise<Row | null> {
  const [row] = await db.select().from(categories).where(byId(categories, id));
  return row ?? null;
}

/** True when `candidate` is `id` or one of its descendants (walks `candidate`'s ancestors). */
async function isSelfOrDescendant(db: PgDatabase, candidate: string, id: string): Promise<boolean> {
  const r = await db.execute(sql`
    WITH RECURSIVE ancestors(id, parent_id) AS (
      SELECT id, parent_id FROM ${categories} WHERE id = ${candidate}
      UNION ALL
      SELECT c.id, c.parent_id FROM ${categories} c JOIN ancestors a ON c.id = a.parent_id
    ) SELECT 1 FROM ancestors WHERE id = ${id} LIMIT 1`);
  return r.rows.length > 0;
}

/** {@link CategoryRepository} over Postgres with Drizzle. */
export function drizzleCategoryRepository({ db, clock }: DrizzleContext): CategoryRepository {
  const requireParent = async (parentId: string) => {
    const p = await resolve(db, parentId);
    if (!p) throw new NotFoundError('category', parentId);
    return p;
  };
  return {
    async create(input) {
      const v = validateNewCategory(input);
      const parent = v.parentId === undefined ? undefined : await requireParent(v.parentId);
      const now = new Date(clock.now());
      const [row] = await db
        .insert(categories)
        .values({ legacyObjectId: v.id, name: v.name, parentId: parent?.id, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e));
      return categoryFromRow(row!);
    },
    async get(id) {
      const row = await resolve(db, id);
      return row ? categoryFromRow(row) : null;
    },
    async list(filter) {
      const rows = await db
        .select()
        .from(categories)
        .where(filter?.includeInactive === true ? undefined : eq(categories.isActive, true))
        .orderBy(asc(categories.createdAt), asc(categories.id));
      return rows.map(categoryFromRow);
    },
    async update(id, patch) {
      const p = validateCategoryPatch(patch);
      const c = await resolve(db, id);
      if (!c) throw new NotFoundError('category', id);
      const set: Partial<typeof categories.$inferInsert> = { updatedAt: new Date(clock.now()) };
      if (typeof p.parentId === 'string') {
        const parent = await requireParent(p.parentId);
        if (await isSelfOrDescendant(db, parent.id, c.id)) throw new ValidationError('patch.parentId', CYCLE_RULE);
        set.parentId = parent.id;
      } else if (p.parentId === null) set.parentId = null;
      if (p.name !== undefined) set.name = p.name;
      const [row] = await db.update(categories).set(set).where(eq(categories.id, c.id)).returning().catch((e) => mapPgError(e));
      if (!row) throw new NotFoundError('category', id);
      return categoryFromRow(row);
    },
    async deactivate(id) {
      const [row] = await db
        .update(categories)
        .set({ isActive: false, updatedAt: new Date(clock.now()) })
        .where(and(byId(categories, id), eq(categories.isActive, true)))
        .returning();
      if (row) return categoryFromRow(row);
      const c = await resolve(db, id);
      if (!c) throw new NotFoundError('category', id);
      return categoryFromRow(c);
    },
    async reactivate(id) {
      const [row] = await db
        .update(categories)
        .set({ isActive: true, updatedAt: new Date(clock.now()) })
        .where(and(byId(categories, id), eq(categories.isActive, false)))
        .returning()
        .catch((e) => mapPgError(e));
      if (row) return categoryFromRow(row);
      const c = await resolve(db, id);
      if (!c) throw new NotFoundError('category', id);
      return categoryFromRow(c);
    },
  };
}
