/**
 * Column builders every table shares, so each rule is written once: uuid ids, the Mongo
 * `legacy_object_id` (24 lower-case hex, unique per table), and UTC millisecond timestamps.
 */
import { sql } from 'drizzle-orm';
import { check, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `id uuid primary key default gen_random_uuid()`. */
export const idColumn = () => uuid('id').primaryKey().defaultRandom();

/** `legacy_object_id varchar(24) unique`: the Mongo `_id` this row mirrors, when it has one. */
export const legacyObjectIdColumn = () => varchar('legacy_object_id', { length: 24 }).unique();

/** CHECK that a legacy id is 24 lower-case hex digits (the canonical ObjectId text form). */
export const legacyObjectIdCheck = (table: string, column: AnyPgColumn) =>
  check(`${table}_legacy_object_id_hex`, sql`${column} ~ '^[0-9a-f]{24}$'`);

/** `timestamp(3) with time zone`: UTC, millisecond precision (DESIGN.md section 4). */
export const msTimestamp = (name: string) => timestamp(name, { precision: 3, withTimezone: true, mode: 'date' });
