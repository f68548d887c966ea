/**
 * User contract: accounts with a unique e-mail and a role.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { assertSafeText, normalizeKey, optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** Roles; `guard` was added by the source system's migration 0017. */
export const USER_ROLES = ['buyer', 'seller', 'admin', 'guard'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A stored user. Times are UTC ms. `displayName` is absent (not null) when never set. */
export interface User {
  id: string;
  email: string;
  displayName?: string;
  role: UserRole;
  createdAt: number;
  updatedAt: number;
}

/**
 * Input of `create`. `email` is stored trimmed (spaces) and ASCII-lower-cased; `role` defaults to
 * `buyer`; `id` is given only by the DualWrite wrapper (the primary store's id).
 */
export interface NewUser {
  id?: string;
  email: string;
  displayName?: string;
  role?: UserRole;
}

/** Input of `update`: `displayName: null` clears the field. */
export interface UserPatch {
  displayName?: string | null;
  role?: UserRole;
}

/** The user repository every implementation provides. */
export interface UserRepository {
  /** Creates a user. Throws `ValidationError`, `UnsafeInputError`, `DuplicateKeyError('users.email')`. */
  create(input: NewUser): Promise<User>;
  /** The user with this id (either store's id form), or null. */
  get(id: string): Promise<User | null>;
  /** The user whose normalized e-mail equals the normalized argument, or null. */
  getByEmail(email: string): Promise<User | null>;
  /** All users (optionally of one role), oldest first. */
  list(filter?: { role?: UserRole }): Promise<User[]>;
  /** Applies a patch; stamps `updatedAt`. Throws `NotFoundError('user')`, `ValidationError`, `UnsafeInputError`. */
  update(id: string, patch: UserPatch): Promise<User>;
}

/** The method map the DualWrite wrapper and the runner use. */
export const userMethods: MethodMap<UserRepository> = {
  create: { create: 'user' },
  get: 'read',
  getByEmail: 'read',
  list: 'read',
  update: 'write',
};

/** Validated, normalized `create` input (shared by every implementation). */
export interface ValidUser {
  id?: string;
  email: string;
  displayName?: string;
  role: UserRole;
}

function role(field: string, value: unknown): UserRole {
  if (!(USER_ROLES as readonly unknown[]).includes(value)) {
    throw new ValidationError(field, `must be one of ${USER_ROLES.join(', ')}`);
  }
  return value as UserRole;
}

/** Normalizes an e-mail for storage and lookup (see `normalizeKey`). */
export function normalizeEmail(email: string): string {
  return normalizeKey(email);
}

/** Validates the argument of `getByEmail`: a safe string (`ValidationError`, `UnsafeInputError`). */
export function validateEmailQuery(email: unknown): string {
  if (typeof email !== 'string') throw new ValidationError('email', 'must be a string');
  assertSafeText('email', email);
  return normalizeEmail(email);
}

/** Validates `create` input. Throws `ValidationError` / `UnsafeInputError` naming the field. */
export function validateNewUser(input: NewUser): ValidUser {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  const email = normalizeEmail(requireText('email', input.email, 254));
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new ValidationError('email', 'must look like name@domain');
  const displayName = optionalText('displayName', input.displayName, 100) ?? undefined;
  const out: ValidUser = { email, role: input.role === undefined ? 'buyer' : role('role', input.role) };
  if (input.id !== undefined) out.id = input.id;
  if (displayName !== undefined) out.displayName = displayName;
  return out;
}

/** Validates a patch. Throws `ValidationError` / `UnsafeInputError` naming `patch.<field>`. */
export function validateUserPatch(patch: UserPatch): UserPatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: UserPatch = {};
  const displayName = optionalText('patch.displayName', patch.displayName, 100, true);
  if (displayName !== undefined) out.displayName = displayName;
  if (patch.role !== undefined) out.role = role('patch.role', patch.role);
  return out;
}
