/**
 * Loyalty levels (the source system's level-config facade). Each row's rules are CHECKs; the
 * set-wide rule (thresholds strictly increase with the level) spans rows, so the repository checks
 * it inside a transaction that locks the table, and the harness's invariant re-checks it.
 */
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { MAX_LEVEL, MAX_THRESHOLD } from '../contracts/level-config.ts';
import { jsonPayload } from './json-column.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';

export const levelConfigs = pgTable(
  'level_configs',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    level: integer('level').notNull().unique('level_configs_level_unique'),
    name: text('name').notNull(),
    threshold: integer('threshold').notNull().unique('level_configs_threshold_unique'),
    perks: jsonPayload('perks'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('level_configs', t.legacyObjectId),
    check('level_configs_level_range', sql`${t.level} BETWEEN 1 AND ${sql.raw(String(MAX_LEVEL))}`),
    check('level_configs_threshold_range', sql`${t.threshold} BETWEEN 0 AND ${sql.raw(String(MAX_THRESHOLD))}`),
    // Level 1 starts at 0 points; every other level needs some points.
    check('level_configs_level_one_at_zero', sql`(${t.level} = 1) = (${t.threshold} = 0)`),
    check('level_configs_name_length', sql`char_length(${t.name}) <= 100 AND btrim(${t.name}) <> ''`),
    check('level_configs_perks_not_null', sql`${t.perks} IS NULL OR jsonb_typeof(${t.perks}) <> 'null'`),
  ],
);
