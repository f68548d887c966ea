/**
 * Dual-write infrastructure: `id_map` links a Mongo `_id` to its Postgres row per entity,
 * `pg_dualwrite_gaps` records every mirror write that failed so `cutover reconcile` can replay it,
 * and the `pg_shadow_read_*` tables record what shadow reads found (counts per outcome, and the
 * mismatches themselves) for `cutover report`.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { SHADOW_OUTCOMES } from '../contracts/shadow.ts';
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

/** Shadow-read outcomes counted per domain and method (one row each, incremented in place). */
export const pgShadowReadCounts = pgTable(
  'pg_shadow_read_counts',
  {
    domain: text('domain').notNull(),
    method: text('method').notNull(),
    outcome: text('outcome').notNull(),
    /** The ignore rule that applied (empty string for outcomes other than `ignored`). */
    rule: text('rule').notNull().default(''),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    updatedAt: msTimestamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'pg_shadow_read_counts_pk', columns: [t.domain, t.method, t.outcome, t.rule] }),
    check('pg_shadow_read_counts_outcome', sql`${t.outcome} IN (${sql.raw(SHADOW_OUTCOMES.map((o) => `'${o}'`).join(', '))})`),
    check('pg_shadow_read_counts_count', sql`${t.count} >= 0`),
  ],
);

/** One row per shadow-read mismatch: what both stores answered (ids in the primary's form). */
export const pgShadowReadMismatches = pgTable(
  'pg_shadow_read_mismatches',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    domain: text('domain').notNull(),
    method: text('method').notNull(),
    args: jsonb('args').notNull(),
    primaryAnswer: jsonb('primary_answer').notNull(),
    mirrorAnswer: jsonb('mirror_answer').notNull(),
    createdAt: msTimestamp('created_at').notNull().defaultNow(),
  },
  (t) => [index('pg_shadow_read_mismatches_domain_idx').on(t.domain, t.createdAt)],
);
