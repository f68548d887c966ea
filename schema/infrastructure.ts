/**
 * Dual-write infrastructure: `id_map` links a Mongo `_id` to its Postgres row per entity, and
 * `pg_dualwrite_gaps` records every mirror write that failed so `cutover reconcile` can replay it.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { msTimestamp } from './columns.ts';

export const idMap = pgTable(
  'id_map',
  {
    entity: text('entity').notNull(),
    legacyObjectId: varchar('legacy_object_id', { length: 24 }).notNull(),
    pgId: uuid('pg_id').notNull(),
    createdAt: msTimestamp('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'id_map_pk', columns: [t.entity, t.legacyObjectId] }),
    unique('id_map_entity_pg_id_uq').on(t.entity, t.pgId),
    check('id_map_legacy_object_id_hex', sql`${t.legacyObjectId} ~ '^[0-9a-f]{24}$'`),
  ],
);

export const pgDualwriteGaps = pgTable(
  'pg_dualwrite_gaps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    domain: text('domain').notNull(),
    method: text('method').notNull(),
    entityId: text('entity_id'),
    args: jsonb('args').notNull(),
    errorCode: text('error_code').notNull(),
    errorMessage: text('error_message').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: msTimestamp('created_at').notNull().defaultNow(),
    resolvedAt: msTimestamp('resolved_at'),
  },
  (t) => [index('pg_dualwrite_gaps_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} IS NULL`)],
);
