/**
 * Mongo implementation of the notification contract (collection `notifications`).
 *
 * Lists sort by `createdAt` then `seq` (a creation counter, see `sequence.ts`), both descending;
 * a page cursor is a notification id whose (`createdAt`, `seq`) the page starts below.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import { validateListOptions, validateNewNotification, type Notification, type NotificationRepository } from '../../contracts/notification.ts';
import { mapMongoError } from './errors.ts';
import { nextSequence } from './sequence.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `notifications` document. */
export interface NotificationDoc {
  _id: ObjectId;
  userId: ObjectId;
  type: string;
  title: string;
  body: string;
  data?: JsonValue;
  readAt?: Date;
  seq: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes. */
export async function ensureNotificationIndexes(db: Db): Promise<void> {
  await db.collection('notifications').createIndex({ userId: 1, createdAt: -1, seq: -1 }, { name: 'notifications.user_newest' });
}

/** Contract view of a stored document. */
export function notificationFromDoc(d: NotificationDoc): Notification {
  const n: Notification = { id: d._id.toHexString(), userId: d.userId.toHexString(), type: d.type, title: d.title, body: d.body, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  if (d.data !== undefined && d.data !== null) n.data = d.data;
  if (d.readAt instanceof Date) n.readAt = d.readAt.getTime();
  return n;
}

/** {@link NotificationRepository} over MongoDB. */
export function mongoNotificationRepository({ db, clock }: MongoContext): NotificationRepository {
  const notifications = db.collection<NotificationDoc>('notifications');
  const users = db.collection('users');
  const unread = { readAt: { $exists: false } };
  return {
    async create(input) {
      const v = validateNewNotification(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await users.findOne({ _id: userId }, { projection: { _id: 1 } }))) throw new NotFoundError('user', v.userId);
      const now = new Date(clock.now());
      const doc: NotificationDoc = { _id: newObjectId(v.id), userId, type: v.type, title: v.title, body: v.body, seq: await nextSequence(db, 'notifications'), createdAt: now, updatedAt: now };
      if (v.data !== undefined) doc.data = v.data;
      await notifications.insertOne(doc).catch((e) => mapMongoError(e, 'notifications'));
      return notificationFromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await notifications.findOne({ _id }));
      return d ? notificationFromDoc(d) : null;
    },
    async list(userId, options) {
      const o = validateListOptions(options);
      const filter: Record<string, unknown> = {};
      if (o.before !== undefined) {
        const _id = toObjectId(o.before);
        const c = _id && (await notifications.findOne({ _id }, { projection: { createdAt: 1, seq: 1 } }));
        if (!c) throw new NotFoundError('notification', o.before);
        filter.$or = [{ createdAt: { $lt: c.createdAt } }, { createdAt: c.createdAt, seq: { $lt: c.seq } }];
      }
      const uid = toObjectId(userId);
      if (!uid) return [];
      const docs = await notifications.find({ userId: uid, ...filter }).sort({ createdAt: -1, seq: -1 }).limit(o.limit).toArray();
      return docs.map(notificationFromDoc);
    },
    async markRead(id) {
      const _id = toObjectId(id);
      if (!_id) throw new NotFoundError('notification', id);
      const now = new Date(clock.now());
      const d =
        (await notifications.findOneAndUpdate({ _id, ...unread }, { $set: { readAt: now, updatedAt: now } }, { returnDocument: 'after' })) ??
        (await notifications.findOne({ _id }));
      if (!d) throw new NotFoundError('notification', id);
      return notificationFromDoc(d);
    },
    async markAllRead(userId) {
      const uid = toObjectId(userId);
      if (!uid) return 0;
      const now = new Date(clock.now());
      const r = await notifications.updateMany({ userId: uid, ...unread }, { $set: { readAt: now, updatedAt: now } });
      return r.modifiedCount;
    },
    async delete(id) {
      const _id = toObjectId(id);
      const d = _id && (await notifications.findOneAndDelete({ _id }));
      if (!d) throw new NotFoundError('notification', id);
    },
    async unreadCount(userId) {
      const uid = toObjectId(userId);
      return uid ? notifications.countDocuments({ userId: uid, ...unread }) : 0;
    },
  };
}
