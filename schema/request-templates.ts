/**
 * Request templates (the source system's marketplace repository): a buyer's reusable request
 * body (jsonb) with an optional usage limit. `max_usage` NULL means unlimited.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { categories } from './categories.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { jsonPayload } from './json-column.ts';
import { users } from './users.ts';

export const requestTemplates = pgTable(
  'request_templates',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Categories are deactivated, not deleted; should one ever go, the template stays, uncategorized.
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    fields: jsonPayload('fields').notNull(),
    maxUsage: integer('max_usage'),
    usageCount: integer('usage_count').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('request_templates', t.legacyObjectId),
    check('request_templates_title_length', sql`char_length(${t.title}) BETWEEN 1 AND 200 AND btrim(${t.title}) <> ''`),
    check('request_templates_fields_not_json_null', sql`jsonb_typeof(${t.fields}) <> 'null'`),
    check('request_templates_max_usage_positive', sql`${t.maxUsage} >= 1`),
    check('request_templates_usage_count_nonnegative', sql`${t.usageCount} >= 0`),
    check('request_templates_usage_within_max', sql`${t.maxUsage} IS NULL OR ${t.usageCount} <= ${t.maxUsage}`),
    index('request_templates_owner_idx').on(t.ownerId, t.createdAt),
    index('request_templates_category_idx').on(t.categoryId),
  ],
);
