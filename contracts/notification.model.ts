/** Reference model of the notification contract. */
import { NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import { validateListOptions, validateNewNotification, type Notification, type NotificationRepository } from './notification.ts';

/** Model of {@link NotificationRepository}. A side map numbers notifications in creation order. */
export function notificationModel({ clock, state }: ModelContext): NotificationRepository {
  const notifications = state.table<Notification>('notification');
  const seqs = state.table<number>('notification.seq');
  const users = state.table<User>('user');
  const newestFirst = (a: Notification, b: Notification) => b.createdAt - a.createdAt || seqs.get(b.id)! - seqs.get(a.id)!;
  const ofUser = (userId: string) => [...notifications.values()].filter((n) => n.userId === userId).sort(newestFirst);
  return {
    async create(input) {
      const v = validateNewNotification(input);
      if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
      const now = clock.now();
      const { id, ...rest } = structuredClone(v);
      const n: Notification = { id: id ?? state.nextId(), ...rest, createdAt: now, updatedAt: now };
      notifications.set(n.id, n);
      seqs.set(n.id, seqs.size + 1);
      return structuredClone(n);
    },
    async get(id) {
      const n = notifications.get(id);
      return n ? structuredClone(n) : null;
    },
    async list(userId, options) {
      const o = validateListOptions(options);
      let list = ofUser(userId);
      if (o.before !== undefined) {
        const cursor = notifications.get(o.before);
        if (!cursor) throw new NotFoundError('notification', o.before);
        list = list.filter((n) => newestFirst(cursor, n) < 0);
      }
      return list.slice(0, o.limit).map((n) => structuredClone(n));
    },
    async markRead(id) {
      const n = notifications.get(id);
      if (!n) throw new NotFoundError('notification', id);
      if (n.readAt === undefined) {
        const now = clock.now();
        Object.assign(n, { readAt: now, updatedAt: now });
      }
      return structuredClone(n);
    },
    async markAllRead(userId) {
      const now = clock.now();
      const unread = ofUser(userId).filter((n) => n.readAt === undefined);
      for (const n of unread) Object.assign(n, { readAt: now, updatedAt: now });
      return unread.length;
    },
    async delete(id) {
      if (!notifications.delete(id)) throw new NotFoundError('notification', id);
    },
    async unreadCount(userId) {
      return ofUser(userId).filter((n) => n.readAt === undefined).length;
    },
  };
}
