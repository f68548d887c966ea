/** Drizzle implementation of the user contract (table `users`). */
import { asc, eq } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { validateEmailQuery, validateNewUser, validateUserPatch, type User, type UserRepository } from '../../contracts/user.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { assignPresent, byId, definedOnly, ms } from './support.ts';

/** Contract view of a `users` row. */
export function userFromRow(r: typeof users.$inferSelect): User {
  const u: User = { id: r.id, email: r.email, role: r.role, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  return assignPresent(u, r, ['displayName']);
}

/** {@link UserRepository} over Postgres with Drizzle. */
export function drizzleUserRepository({ db, clock }: DrizzleContext): UserRepository {
  return {
    async create(input) {
      const v = validateNewUser(input);
      const now = new Date(clock.now());
      const [row] = await db
        .insert(users)
        .values({ legacyObjectId: v.id, email: v.email, displayName: v.displayName, role: v.role, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e));
      return userFromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(users).where(byId(users, id));
      return row ? userFromRow(row) : null;
    },
    async getByEmail(email) {
      const [row] = await db.select().from(users).where(eq(users.email, validateEmailQuery(email)));
      return row ? userFromRow(row) : null;
    },
    async list(filter) {
      const rows = await db
        .select()
        .from(users)
        .where(filter?.role === undefined ? undefined : eq(users.role, filter.role))
        .orderBy(asc(users.createdAt), asc(users.id));
      return rows.map(userFromRow);
    },
    async update(id, patch) {
      const p = validateUserPatch(patch);
      const [row] = await db
        .update(users)
        .set({ ...definedOnly(p), updatedAt: new Date(clock.now()) })
        .where(byId(users, id))
        .returning()
        .catch((e) => mapPgError(e));
      if (!row) throw new NotFoundError('user', id);
      return userFromRow(row);
    },
  };
}
