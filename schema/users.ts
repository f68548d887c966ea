/** Users (auth-owned in the source system). The `guard` role arrived in the source's migration 0017. */
import { sql } from 'drizzle-orm';
import { check, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { USER_ROLES } from '../contracts/user.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';

export const userRoleEnum = pgEnum('user_role', USER_ROLES);

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    email: text('email').notNull().unique('users_email_unique'),
    displayName: text('display_name'),
    role: userRoleEnum('role').notNull().default('buyer'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('users', t.legacyObjectId),
    check('users_email_shape', sql`${t.email} LIKE '%_@_%' AND char_length(${t.email}) <= 254`),
    check('users_display_name_length', sql`char_length(${t.displayName}) <= 100`),
  ],
);
