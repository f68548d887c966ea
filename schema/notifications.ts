/** Notifications (the source system's notification inbox): deleted with their user. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { jsonPayload } from './json-column.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // Creation order: the tie-breaker of "newest first" when two rows share created_at.
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonPayload('data'),
    readAt: msTimestamp('read_at'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('notifications', t.legacyObjectId),
    check('notifications_type_shape', sql`${t.type} ~ '^[a-z][a-z0-9_.]*$' AND char_length(${t.type}) <= 50`),
    check('notifications_title_length', sql`char_length(${t.title}) <= 200 AND btrim(${t.title}) <> ''`),
    check('notifications_body_length', sql`char_length(${t.body}) <= 2000 AND btrim(${t.body}) <> ''`),
    check('notifications_data_not_null', sql`${t.data} IS NULL OR jsonb_typeof(${t.data}) <> 'null'`),
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.seq),
    index('notifications_user_unread_idx').on(t.userId).where(sql`${t.readAt} IS NULL`),
  ],
);
