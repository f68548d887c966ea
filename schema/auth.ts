/**
 * Auth-owned credentials (the source system's auth-store facade): passkeys, refresh tokens,
 * Telegram links and sessions. Every row belongs to a user and goes with it (ON DELETE CASCADE):
 * a credential without its account is worthless and must not keep authenticating anyone.
 *
 * Telegram user ids exceed 2^31 (and may exceed 2^53): `bigint` columns read in Drizzle's
 * `bigint` mode, so no id ever passes through a JS number; the contract carries them as
 * decimal-digit strings.
 *
 * `transports` is `text[]` rather than `jsonb`: the value is always a flat list of short strings,
 * so the column type itself rules out numbers, objects and nesting, and a CHECK can hold the
 * per-element rule (jsonb would need a function to look inside; node-postgres reads and writes
 * `text[]` as a JS string array either way).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { MAX_CREDENTIAL_ID, MAX_PUBLIC_KEY, MAX_SIGN_COUNT, MAX_TRANSPORTS } from '../contracts/auth.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

const hashCheck = (name: string, column: AnyPgColumn) => check(name, sql`${column} ~ '^[0-9a-f]{64}$'`);

export const userPasskeys = pgTable(
  'user_passkeys',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull().unique('user_passkeys_credential_id_unique'),
    publicKey: text('public_key').notNull(),
    signCount: bigint('sign_count', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    name: text('name'),
    lastUsedAt: msTimestamp('last_used_at'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('user_passkeys', t.legacyObjectId),
    check('user_passkeys_credential_id_base64url', sql`${t.credentialId} ~ '^[A-Za-z0-9_-]+$' AND char_length(${t.credentialId}) <= ${sql.raw(String(MAX_CREDENTIAL_ID))}`),
    check('user_passkeys_public_key_base64url', sql`${t.publicKey} ~ '^[A-Za-z0-9_-]+$' AND char_length(${t.publicKey}) <= ${sql.raw(String(MAX_PUBLIC_KEY))}`),
    check('user_passkeys_sign_count_range', sql`${t.signCount} >= 0 AND ${t.signCount} <= ${sql.raw(String(MAX_SIGN_COUNT))}`),
    // One dimension, no NULL element, at most 8 entries, each a lower-case name. Elements cannot
    // contain a comma, so the joined text is matched unambiguously.
    check(
      'user_passkeys_transports_shape',
      sql`coalesce(array_ndims(${t.transports}), 1) = 1 AND array_position(${t.transports}, NULL) IS NULL AND cardinality(${t.transports}) <= ${sql.raw(String(MAX_TRANSPORTS))} AND array_to_string(${t.transports}, ',') ~ '^([a-z][a-z-]{0,31}(,|$))*$'`,
    ),
    check('user_passkeys_name_length', sql`char_length(${t.name}) <= 100`),
    index('user_passkeys_user_id_idx').on(t.userId),
  ],
);

export const userRefreshTokens = pgTable(
  'user_refresh_tokens',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique('user_refresh_tokens_token_hash_unique'),
    expiresAt: msTimestamp('expires_at').notNull(),
    revokedAt: msTimestamp('revoked_at'),
    // The token that rotated this one. SET NULL: losing the successor must not delete history.
    replacedBy: uuid('replaced_by').references((): AnyPgColumn => userRefreshTokens.id, { onDelete: 'set null' }),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('user_refresh_tokens', t.legacyObjectId),
    hashCheck('user_refresh_tokens_token_hash_sha256', t.tokenHash),
    // Only a rotation sets `replaced_by`, and a rotation revokes.
    check('user_refresh_tokens_replaced_means_revoked', sql`${t.replacedBy} IS NULL OR ${t.revokedAt} IS NOT NULL`),
    check('user_refresh_tokens_not_own_successor', sql`${t.replacedBy} IS NULL OR ${t.replacedBy} <> ${t.id}`),
    index('user_refresh_tokens_user_id_idx').on(t.userId),
  ],
);

export const telegramLinks = pgTable(
  'telegram_links',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    telegramUserId: bigint('telegram_user_id', { mode: 'bigint' }).notNull(),
    username: text('username'),
    linkedAt: msTimestamp('linked_at').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('telegram_links', t.legacyObjectId),
    uniqueIndex('telegram_links_user_id_unique').on(t.userId),
    uniqueIndex('telegram_links_telegram_user_id_unique').on(t.telegramUserId),
    check('telegram_links_telegram_user_id_positive', sql`${t.telegramUserId} > 0`),
    check('telegram_links_username_shape', sql`${t.username} ~ '^[A-Za-z0-9_]{1,32}$'`),
  ],
);

export const telegramSessions = pgTable(
  'telegram_sessions',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    telegramUserId: bigint('telegram_user_id', { mode: 'bigint' }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    sessionHash: text('session_hash').notNull().unique('telegram_sessions_session_hash_unique'),
    expiresAt: msTimestamp('expires_at').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('telegram_sessions', t.legacyObjectId),
    hashCheck('telegram_sessions_session_hash_sha256', t.sessionHash),
    check('telegram_sessions_telegram_user_id_positive', sql`${t.telegramUserId} > 0`),
    index('telegram_sessions_user_id_idx').on(t.userId),
    index('telegram_sessions_expires_at_idx').on(t.expiresAt),
  ],
);
