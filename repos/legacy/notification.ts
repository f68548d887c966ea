/**
 * Stored-entity spec of notifications: `notifications` ↔ `notifications`. The Mongo `seq` and
 * the Postgres identity `seq` are each store's own creation order, not part of the record.
 *
 * Canonical record: {@link Notification} with legacy ids.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import type { Notification } from '../../contracts/notification.ts';
import { requireText } from '../../contracts/text.ts';
import { notifications } from '../../schema/notifications.ts';
import { readJson } from './json-shape.ts';
import { ShapeReader, readTime } from './shape.ts';
import { collectViolations, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `notifications` row as Drizzle reads it. */
export type NotificationRow = typeof notifications.$inferSelect;
/** Insert values of a `notifications` row. */
export type NotificationInsert = typeof notifications.$inferInsert;

/** Canonical {@link Notification} of a `notifications` document. Throws `LegacyShapeError`. */
export function notificationFromLegacy(doc: Document): LegacyReading<Notification> {
  const r = new ShapeReader(doc);
  const n: Notification = { id: r.id(), userId: r.ref('userId'), type: r.string('type'), title: r.string('title'), body: r.string('body'), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  const data = readJson(doc, 'data', true);
  if (data !== undefined) n.data = data;
  if (doc.readAt !== undefined && doc.readAt !== null) n.readAt = readTime('readAt', doc.readAt, r);
  return { record: n, flags: r.flags };
}

/** Contract rules of a notification record (type shape, text, payload). */
export function validateNotificationRecord(n: Notification): RuleViolation[] {
  return collectViolations([
    () => {
      requireText('type', n.type, 50);
      if (!/^[a-z][a-z0-9_.]*$/.test(n.type)) throw new ValidationError('type', 'must be lower-case letters, digits, "." and "_", starting with a letter');
    },
    () => requireText('title', n.title, 200),
    () => requireText('body', n.body, 2000),
    () => n.data !== undefined && validateJsonPayload('data', n.data),
  ]);
}

/** The `notifications` spec. */
export const notificationEntity: StoredEntity<Notification, NotificationRow, NotificationInsert> = {
  name: 'notification',
  domain: 'notification',
  collection: 'notifications',
  table: 'notifications',
  pgTable: notifications,
  references: { userId: 'users' },
  appendOnly: false,
  fromDocument: notificationFromLegacy,
  validate: validateNotificationRecord,
  fromRow(row, refs) {
    const n: Notification = { id: rowId(row), userId: refId(refs, 'userId', row.userId), type: row.type, title: row.title, body: row.body, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    if (row.data !== null) n.data = row.data;
    if (row.readAt !== null) n.readAt = row.readAt.getTime();
    return n;
  },
  toRow(n, resolve) {
    return {
      legacyObjectId: n.id,
      userId: resolve('users', n.userId),
      type: n.type,
      title: n.title,
      body: n.body,
      data: n.data ?? null,
      readAt: n.readAt === undefined ? null : new Date(n.readAt),
      createdAt: new Date(n.createdAt),
      updatedAt: new Date(n.updatedAt),
    };
  },
};
