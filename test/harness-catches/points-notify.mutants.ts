/**
 * Seeded faults of the points, level-config and notification domains: each mutant is a real
 * implementation with one deliberate, realistic bug (see `points-notify.test.ts`).
 */
import { asc, desc, eq, lt } from 'drizzle-orm';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import type { LevelConfigRepository } from '../../contracts/level-config.ts';
import { validatePoints } from '../../contracts/level-config.ts';
import type { NotificationRepository } from '../../contracts/notification.ts';
import { validateListOptions } from '../../contracts/notification.ts';
import type { PointsRepository } from '../../contracts/points.ts';
import { validateRedemption } from '../../contracts/points.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import { drizzleLevelConfigRepository, levelConfigFromRow } from '../../repos/drizzle/level-config.ts';
import { drizzleNotificationRepository, notificationFromRow } from '../../repos/drizzle/notification.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { mongoPointsRepository, pointTransactionFromDoc, type PointTransactionDoc } from '../../repos/mongo/points.ts';
import { nextSequence } from '../../repos/mongo/sequence.ts';
import { newObjectId, toObjectId } from '../../repos/mongo/support.ts';
import { levelConfigs } from '../../schema/level-configs.ts';
import { notifications } from '../../schema/notifications.ts';
import { users } from '../../schema/users.ts';

/** Mongo points whose `redeem` forgets the balance check (and the idempotency lookup with it). */
export function mongoPointsRedeemNoBalanceCheck(ctx: MongoContext): PointsRepository {
  const repo = mongoPointsRepository(ctx);
  const txs = ctx.db.collection<PointTransactionDoc>('pointTransactions');
  return {
    ...repo,
    async redeem(input) {
      const v = validateRedemption(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await ctx.db.collection('users').findOne({ _id: userId }))) throw new NotFoundError('user', v.userId);
      const doc: PointTransactionDoc = { _id: newObjectId(v.id), userId, amount: v.amount, kind: 'redeem', seq: await nextSequence(ctx.db, 'pointTransactions'), createdAt: new Date(ctx.clock.now()) };
      if (v.reference !== undefined) doc.reference = v.reference;
      if (v.idempotencyKey !== undefined) doc.idempotencyKey = v.idempotencyKey;
      await txs.insertOne(doc);
      return pointTransactionFromDoc(doc);
    },
  };
}

/** Drizzle levels whose `levelFor` compares with `<`: a user exactly at a threshold gets the lower level. */
export function drizzleLevelForStrictThreshold(ctx: DrizzleContext): LevelConfigRepository {
  const repo = drizzleLevelConfigRepository(ctx);
  return {
    ...repo,
    async levelFor(points) {
      const p = validatePoints(points);
      const [row] = await ctx.db.select().from(levelConfigs).where(lt(levelConfigs.threshold, p)).orderBy(desc(levelConfigs.level)).limit(1);
      return row ? levelConfigFromRow(row) : null;
    },
  };
}

/** Drizzle notifications whose `list` (without a cursor) is ordered oldest first. */
export function drizzleNotificationListOldestFirst(ctx: DrizzleContext): NotificationRepository {
  const repo = drizzleNotificationRepository(ctx);
  return {
    ...repo,
    async list(userId, options) {
      const o = validateListOptions(options);
      if (o.before !== undefined) return repo.list(userId, options);
      const rows = await ctx.db
        .select({ n: notifications })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(byId(users, userId))
        .orderBy(asc(notifications.createdAt), asc(notifications.seq))
        .limit(o.limit);
      return rows.map((r) => notificationFromRow(r.n));
    },
  };
}

/**
 * Drizzle notifications that read `data` the way drizzle-orm's own `jsonb` column does: a string
 * is JSON-parsed again, so the payload "10.5" comes back as the number 10.5.
 */
export function drizzleNotificationJsonReparsed(ctx: DrizzleContext): NotificationRepository {
  const repo = drizzleNotificationRepository(ctx);
  const reparse = <T extends { data?: unknown }>(n: T): T => {
    if (typeof n.data !== 'string') return n;
    try {
      return { ...n, data: JSON.parse(n.data) };
    } catch {
      return n;
    }
  };
  return {
    ...repo,
    async create(input) {
      return reparse(await repo.create(input));
    },
    async get(id) {
      const [row] = await ctx.db.select().from(notifications).where(byId(notifications, id));
      return row ? reparse(notificationFromRow(row)) : null;
    },
    async list(userId, options) {
      return (await repo.list(userId, options)).map(reparse);
    },
  };
}
