/**
 * Seeded faults: each mutant is a real implementation with one deliberate, realistic bug. The
 * tests beside this file show that `cutover check` catches each with a shrunk counterexample.
 */
import { and, eq } from 'drizzle-orm';
import type { ObjectId } from 'mongodb';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import type { AddressRepository } from '../../contracts/address.ts';
import type { CategoryRepository } from '../../contracts/category.ts';
import type { PaymentRepository } from '../../contracts/payment.ts';
import type { UserRepository } from '../../contracts/user.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import { drizzleAddressRepository, addressFromRow } from '../../repos/drizzle/address.ts';
import { drizzleUserRepository } from '../../repos/drizzle/user.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { mapPgError } from '../../repos/drizzle/errors.ts';
import { mongoAddressRepository } from '../../repos/mongo/address.ts';
import { mongoCategoryRepository } from '../../repos/mongo/category.ts';
import { mongoPaymentRepository } from '../../repos/mongo/payment.ts';
import { toObjectId } from '../../repos/mongo/support.ts';
import { addresses } from '../../schema/addresses.ts';

/** Drizzle addresses whose `setPrimary` forgets to demote the old primary. */
export function drizzleAddressNoDemote(ctx: DrizzleContext): AddressRepository {
  const repo = drizzleAddressRepository(ctx);
  return {
    ...repo,
    async setPrimary(id) {
      const [row] = await ctx.db
        .update(addresses)
        .set({ isPrimary: true, updatedAt: new Date(ctx.clock.now()) })
        .where(byId(addresses, id))
        .returning()
        .catch((e) => mapPgError(e));
      if (!row) throw new NotFoundError('address', id);
      return addressFromRow(row);
    },
  };
}

/** Mongo addresses whose `setPrimary` forgets to demote the old primary. */
export function mongoAddressNoDemote(ctx: MongoContext): AddressRepository {
  const repo = mongoAddressRepository(ctx);
  const col = ctx.db.collection('addresses');
  return {
    ...repo,
    async setPrimary(id) {
      const _id = toObjectId(id);
      if (!_id || !(await col.findOne({ _id }))) throw new NotFoundError('address', id);
      await col.updateOne({ _id }, { $set: { isPrimary: true, updatedAt: new Date(ctx.clock.now()) } });
      return (await repo.get(id))!;
    },
  };
}

/**
 * Drizzle addresses whose `setPrimary` demotes and promotes in a transaction but without locking
 * the owner first: correct alone, wrong under concurrent writers.
 */
export function drizzleAddressNoLock(ctx: DrizzleContext): AddressRepository {
  const repo = drizzleAddressRepository(ctx);
  return {
    ...repo,
    async setPrimary(id) {
      return ctx.db
        .transaction(async (tx) => {
          const [a] = await tx.select().from(addresses).where(byId(addresses, id));
          if (!a) throw new NotFoundError('address', id);
          const now = new Date(ctx.clock.now());
          await tx.update(addresses).set({ isPrimary: false, updatedAt: now }).where(and(eq(addresses.userId, a.userId), eq(addresses.isPrimary, true)));
          const [row] = await tx.update(addresses).set({ isPrimary: true, updatedAt: now }).where(eq(addresses.id, a.id)).returning();
          return addressFromRow(row!);
        })
        .catch((e) => mapPgError(e));
    },
  };
}

/** Mongo payments that store money as a JS number (and read it back with `String`). */
export function mongoPaymentMoneyAsNumber(ctx: MongoContext): PaymentRepository {
  const repo = mongoPaymentRepository(ctx);
  const payments = ctx.db.collection<{ _id: ObjectId; amount: unknown }>('payments');
  return {
    ...repo,
    async create(input) {
      const p = await repo.create(input);
      await payments.updateOne({ _id: toObjectId(p.id)! }, { $set: { amount: Number(p.amount) } });
      return { ...p, amount: String(Number(p.amount)) };
    },
    async get(id) {
      const p = await repo.get(id);
      return p && { ...p, amount: String(p.amount) };
    },
  };
}

/** Mongo categories whose unique key uses JS `trim()` + `toLowerCase()` instead of the contract's normalizer. */
export function mongoCategoryUnicodeNormalizer(ctx: MongoContext): CategoryRepository {
  const repo = mongoCategoryRepository(ctx);
  const col = ctx.db.collection<{ _id: ObjectId; name: string; isActive: boolean; activeNameKey: string }>('categories');
  const rekey = async (id: string) => {
    const d = await col.findOne({ _id: toObjectId(id)! });
    if (d?.isActive) await col.updateOne({ _id: d._id }, { $set: { activeNameKey: d.name.trim().toLowerCase() } });
  };
  const wrong = (name: string) => name.trim().toLowerCase();
  return {
    ...repo,
    async create(input) {
      if (typeof input.name === 'string' && (await col.findOne({ isActive: true, activeNameKey: wrong(input.name) }))) {
        const { DuplicateKeyError } = await import('../../contracts/errors.ts');
        throw new DuplicateKeyError('categories.active_name');
      }
      const c = await repo.create(input);
      await rekey(c.id);
      return c;
    },
  };
}

/** Drizzle users that ignore the e-mail normalization (store it as given). */
export function drizzleUserRawEmail(ctx: DrizzleContext): UserRepository {
  const repo = drizzleUserRepository(ctx);
  return {
    ...repo,
    async create(input) {
      const u = await repo.create(input);
      if (typeof input.email === 'string' && input.email !== u.email) {
        const { users } = await import('../../schema/users.ts');
        await ctx.db.update(users).set({ email: input.email }).where(eq(users.id, u.id));
        return { ...u, email: input.email };
      }
      return u;
    },
  };
}

/** Drizzle users that drop the primary's id on create: a dual-write mirror that cannot be found again. */
export function drizzleUserDropsLegacyId(ctx: DrizzleContext): UserRepository {
  const repo = drizzleUserRepository(ctx);
  return {
    ...repo,
    create: ({ id: _dropped, ...input }) => repo.create(input),
  };
}
