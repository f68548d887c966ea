/**
 * Reference model of the user contract: the oracle the differential runner compares every
 * implementation against.
 */
import { DuplicateKeyError, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import { validateEmailQuery, validateNewUser, validateUserPatch, type User, type UserRepository } from './user.ts';

/** Model of {@link UserRepository}. */
export function userModel({ clock, state }: ModelContext): UserRepository {
  const users = state.table<User>('user');
  const byCreation = (a: User, b: User) => a.createdAt - b.createdAt;
  return {
    async create(input) {
      const v = validateNewUser(input);
      if ([...users.values()].some((u) => u.email === v.email)) throw new DuplicateKeyError('users.email');
      const now = clock.now();
      const user: User = { id: v.id ?? state.nextId(), email: v.email, role: v.role, createdAt: now, updatedAt: now };
      if (v.displayName !== undefined) user.displayName = v.displayName;
      users.set(user.id, user);
      return structuredClone(user);
    },
    async get(id) {
      const u = users.get(id);
      return u ? structuredClone(u) : null;
    },
    async getByEmail(email) {
      const key = validateEmailQuery(email);
      const u = [...users.values()].find((x) => x.email === key);
      return u ? structuredClone(u) : null;
    },
    async list(filter) {
      return [...users.values()]
        .filter((u) => filter?.role === undefined || u.role === filter.role)
        .sort(byCreation)
        .map((u) => structuredClone(u));
    },
    async update(id, patch) {
      const p = validateUserPatch(patch);
      const u = users.get(id);
      if (!u) throw new NotFoundError('user', id);
      if (p.displayName === null) delete u.displayName;
      else if (p.displayName !== undefined) u.displayName = p.displayName;
      if (p.role !== undefined) u.role = p.role;
      u.updatedAt = clock.now();
      return structuredClone(u);
    },
  };
}
