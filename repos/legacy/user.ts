/**
 * Stored-entity spec of users: collection `users` ↔ table `users`.
 *
 * Canonical record: {@link User} with the legacy id. The e-mail is copied as stored (the contract
 * normalizes on create, and a backfill copies state; an e-mail stored before normalization existed
 * keeps its case on both sides, so lookups behave the same on both).
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { USER_ROLES, type User } from '../../contracts/user.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { users } from '../../schema/users.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, rowId, type LegacyReading, type StoredEntity } from './spec.ts';

/** A `users` row as Drizzle reads it. */
export type UserRow = typeof users.$inferSelect;
/** Insert values of a `users` row. */
export type UserInsert = typeof users.$inferInsert;

/**
 * Canonical {@link User} of a `users` document in any legacy shape (`role` missing → `buyer`,
 * the contract default, flagged). Throws `LegacyShapeError`.
 */
export function userFromLegacy(doc: Document): LegacyReading<User> {
  const r = new ShapeReader(doc);
  const u: User = {
    id: r.id(),
    email: r.string('email'),
    role: r.oneOf('role', USER_ROLES, 'buyer'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(u, { displayName: r.optionalString('displayName') }, ['displayName']), flags: r.flags };
}

/** Contract rules of a user record (e-mail shape and length, display name length, safe text). */
export function validateUserRecord(u: User): ReturnType<StoredEntity['validate']> {
  return collectViolations([
    () => {
      requireText('email', u.email, 254);
      if (!/^[^@\s]+@[^@\s]+$/.test(u.email)) throw new ValidationError('email', 'must look like name@domain');
    },
    () => optionalText('displayName', u.displayName, 100),
  ]);
}

/** The `users` spec. */
export const userEntity: StoredEntity<User, UserRow, UserInsert> = {
  name: 'user',
  domain: 'user',
  collection: 'users',
  table: 'users',
  pgTable: users,
  references: {},
  appendOnly: false,
  fromDocument: userFromLegacy,
  validate: validateUserRecord,
  fromRow(row) {
    const u: User = { id: rowId(row), email: row.email, role: row.role, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    return present(u, row, ['displayName']);
  },
  toRow(u) {
    return {
      legacyObjectId: u.id,
      email: u.email,
      displayName: u.displayName ?? null,
      role: u.role,
      createdAt: new Date(u.createdAt),
      updatedAt: new Date(u.updatedAt),
    };
  },
};
