/**
 * Drizzle implementation of the address contract (table `addresses`).
 *
 * Every write that can change which address is primary runs in one transaction that first locks
 * the owner's `users` row (`FOR UPDATE`), so concurrent writers for one user serialize; the
 * partial unique index `addresses_one_primary_per_user` is the database's own backstop.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import { validateAddressPatch, validateNewAddress, type Address, type AddressRepository } from '../../contracts/address.ts';
import { addresses } from '../../schema/addresses.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, definedOnly, ms } from './support.ts';

type Row = typeof addresses.$inferSelect;
type Tx = PgDatabase;

/** Contract view of a row (ids are the Postgres uuids). */
export function addressFromRow(r: Row): Address {
  const a: Address = {
    id: r.id,
    userId: r.userId,
    type: r.type,
    line1: r.line1,
    city: r.city,
    country: r.country,
    isPrimary: r.isPrimary,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  return assignPresent(a, r, ['label', 'line2', 'postalCode']);
}

/** Locks the owner row of `userId` (either id form) and returns its uuid, or null when missing. */
async function lockUser(tx: Tx, userId: string): Promise<string | null> {
  const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, userId)).for('update');
  return u?.id ?? null;
}

/** Locks the owner of address `id`, then returns the address row (null when missing). */
async function lockAddress(tx: Tx, id: string): Promise<Row | null> {
  const [found] = await tx.select({ userId: addresses.userId }).from(addresses).where(byId(addresses, id));
  if (!found) return null;
  await lockUser(tx, found.userId);
  const [row] = await tx.select().from(addresses).where(byId(addresses, id));
  return row ?? null;
}

async function demote(tx: Tx, userId: string, now: Date, except?: string): Promise<void> {
  const cond = and(eq(addresses.userId, userId), eq(addresses.isPrimary, true), except ? ne(addresses.id, except) : undefined);
  await tx.update(addresses).set({ isPrimary: false, updatedAt: now }).where(cond);
}

/** {@link AddressRepository} over Postgres with Drizzle. */
export function drizzleAddressRepository({ db, clock }: DrizzleContext): AddressRepository {
  return {
    async create(input) {
      const v = validateNewAddress(input);
      return inTransaction(db, async (tx) => {
        const userId = await lockUser(tx, v.userId);
        if (!userId) throw new NotFoundError('user', v.userId);
        const now = new Date(clock.now());
        const [current] = await tx.select({ id: addresses.id }).from(addresses).where(and(eq(addresses.userId, userId), eq(addresses.isPrimary, true)));
        const isPrimary = v.isPrimary || !current;
        if (isPrimary && current) await demote(tx, userId, now);
        const { id, ...rest } = v;
        const [row] = await tx
          .insert(addresses)
          .values({ ...rest, legacyObjectId: id, userId, isPrimary, createdAt: now, updatedAt: now })
          .returning();
        return addressFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async get(id) {
      const [row] = await db.select().from(addresses).where(byId(addresses, id));
      return row ? addressFromRow(row) : null;
    },
    async listByUser(userId) {
      const rows = await db
        .select({ a: addresses })
        .from(addresses)
        .innerJoin(users, eq(users.id, addresses.userId))
        .where(byId(users, userId))
        .orderBy(asc(addresses.createdAt), asc(addresses.id));
      return rows.map((r) => addressFromRow(r.a));
    },
    async update(id, patch) {
      const p = validateAddressPatch(patch);
      const [row] = await db
        .update(addresses)
        .set({ ...definedOnly(p), updatedAt: new Date(clock.now()) })
        .where(byId(addresses, id))
        .returning()
        .catch((e) => mapPgError(e));
      if (!row) throw new NotFoundError('address', id);
      return addressFromRow(row);
    },
    async setPrimary(id) {
      return inTransaction(db, async (tx) => {
        const a = await lockAddress(tx, id);
        if (!a) throw new NotFoundError('address', id);
        if (a.isPrimary) return addressFromRow(a);
        const now = new Date(clock.now());
        await demote(tx, a.userId, now, a.id);
        const [row] = await tx.update(addresses).set({ isPrimary: true, updatedAt: now }).where(eq(addresses.id, a.id)).returning();
        return addressFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async delete(id) {
      await inTransaction(db, async (tx) => {
        const a = await lockAddress(tx, id);
        if (!a) throw new NotFoundError('address', id);
        await tx.delete(addresses).where(eq(addresses.id, a.id));
        if (!a.isPrimary) return;
        const [oldest] = await tx.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, a.userId)).orderBy(asc(addresses.createdAt), asc(addresses.id)).limit(1);
        if (oldest) await tx.update(addresses).set({ isPrimary: true, updatedAt: new Date(clock.now()) }).where(eq(addresses.id, oldest.id));
      }).catch((e) => mapPgError(e));
    },
  };
}
