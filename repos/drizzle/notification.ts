/**
 * Drizzle implementation of the notification contract (table `notifications`).
 *
 * Lists sort by `created_at` then the identity column `seq` (creation order), both descending;
 * a page cursor is a notification id whose (`created_at`, `seq`) the page starts below.
 */
import { and, count, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { validateListOptions, validateNewNotification, type Notification, type NotificationRepository } from '../../contracts/notification.ts';
import { notifications } from '../../schema/notifications.ts';
import { users } from '../../schema/users.ts';
import { mapPgError } from './errors.ts';
import { byId, ms } from './support.ts';

type Row = typeof notifications.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function notificationFromRow(r: Row): Notification {
  const n: Notification = { id: r.id, userId: r.userId, type: r.type, title: r.title, body: r.body, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.data !== null) n.data = r.data;
  if (r.readAt !== null) n.readAt = ms(r.readAt);
  return n;
}

/** {@link NotificationRepository} over Postgres with Drizzle. */
export function drizzleNotificationRepository({ db, clock }: DrizzleContext): NotificationRepository {
  return {
    async create(input) {
      const v = validateNewNotification(input);
      const [u] = await db.select({ id: users.id }).from(users).where(byId(users, v.userId));
      if (!u) throw new NotFoundError('user', v.userId);
      const now = new Date(clock.now());
      const { id, data, ...rest } = v;
      const [row] = await db
        .insert(notifications)
        .values({ ...rest, data: data ?? null, legacyObjectId: id, userId: u.id, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e, { notifications_user_id_users_id_fk: () => new NotFoundError('user', v.userId) }));
      return notificationFromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(notifications).where(byId(notifications, id));
      return row ? notificationFromRow(row) : null;
    },
    async list(userId, options) {
      const o = validateListOptions(options);
      let after;
      if (o.before !== undefined) {
        const [c] = await db.select({ createdAt: notifications.createdAt, seq: notifications.seq }).from(notifications).where(byId(notifications, o.before));
        if (!c) throw new NotFoundError('notification', o.before);
        after = or(lt(notifications.createdAt, c.createdAt), and(eq(notifications.createdAt, c.createdAt), lt(notifications.seq, c.seq)));
      }
      const rows = await db
        .select({ n: notifications })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(byId(users, userId), after))
        .orderBy(desc(notifications.createdAt), desc(notifications.seq))
        .limit(o.limit);
      return rows.map((r) => notificationFromRow(r.n));
    },
    async markRead(id) {
      const now = new Date(clock.now());
      const [updated] = await db
        .update(notifications)
        .set({ readAt: now, updatedAt: now })
        .where(and(byId(notifications, id), isNull(notifications.readAt)))
        .returning();
      if (updated) return notificationFromRow(updated);
      const [row] = await db.select().from(notifications).where(byId(notifications, id));
      if (!row) throw new NotFoundError('notification', id);
      return notificationFromRow(row);
    },
    async markAllRead(userId) {
      const [u] = await db.select({ id: users.id }).from(users).where(byId(users, userId));
      if (!u) return 0;
      const now = new Date(clock.now());
      const rows = await db
        .update(notifications)
        .set({ readAt: now, updatedAt: now })
        .where(and(eq(notifications.userId, u.id), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return rows.length;
    },
    async delete(id) {
      const rows = await db.delete(notifications).where(byId(notifications, id)).returning({ id: notifications.id });
      if (rows.length === 0) throw new NotFoundError('notification', id);
    },
    async unreadCount(userId) {
      const [r] = await db
        .select({ n: count() })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(byId(users, userId), isNull(notifications.readAt)));
      return r?.n ?? 0;
    },
  };
}
