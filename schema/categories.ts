/**
 * Marketplace categories: a self-referencing tree, active names unique under one normalization.
 *
 * The source system (its migration 0009) indexes `lower(btrim(name))`, whose meaning depends on
 * the database's LC_CTYPE; we pin `COLLATE "C"` so the index, `normalizeKey` in
 * `contracts/text.ts` and the Mongo implementation agree on every server.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';

export const categories = pgTable(
  'categories',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('categories', t.legacyObjectId),
    check('categories_name_length', sql`char_length(${t.name}) BETWEEN 1 AND 100 AND btrim(${t.name}) <> ''`),
    check('categories_not_own_parent', sql`${t.parentId} IS DISTINCT FROM ${t.id}`),
    uniqueIndex('categories_active_name_norm_uq')
      .on(sql`lower(btrim(${t.name}) COLLATE "C")`)
      .where(sql`${t.isActive}`),
  ],
);
