/**
 * Notification contract (the source system's notification inbox; flags `REPO_NOTIFICATION`,
 * `NOTIFICATION_STORE`): per-user notifications, listed newest first and marked read.
 *
 * Order: newest first by `createdAt`, ties broken by creation order (the later created first).
 * Ids cannot break ties (each store mints its own), so Postgres keeps an identity column and
 * Mongo a counter (`repos/mongo/sequence.ts`); the model uses its insertion order.
 *
 * Paging: `list(userId, { limit, before })` returns at most `limit` notifications of the user
 * that come after the notification `before` in that order (pass the last id of the previous
 * page). The cursor must name an existing notification.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** Page size bounds of `list`. */
export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 20;

/** A stored notification. `readAt` is absent while unread. Times are UTC ms. */
export interface Notification {
  id: string;
  userId: string;
  /** What happened (`offer.received`, `payment.released`, …): lower-case words, dots and underscores. */
  type: string;
  title: string;
  body: string;
  /** Extra payload for the client (any JSON value but null; read back exactly as given). */
  data?: JsonValue;
  readAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** Input of `create`. */
export interface NewNotification {
  id?: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  data?: JsonValue;
}

/** Options of `list`. */
export interface ListOptions {
  /** 1..100; default 20. */
  limit?: number;
  /** Id of the notification after which the page starts (exclusive). */
  before?: string;
}

/** The notification repository every implementation provides. */
export interface NotificationRepository {
  /** Throws `NotFoundError('user')`, `ValidationError`, `UnsafeInputError`. */
  create(input: NewNotification): Promise<Notification>;
  get(id: string): Promise<Notification | null>;
  /**
   * The user's notifications, newest first (see the module comment), at most `limit`, after
   * `before` when given. Throws `ValidationError('limit')`, `ValidationError('before')` (not an
   * id string), `NotFoundError('notification')` (no notification `before`). Empty for an unknown user.
   */
  list(userId: string, options?: ListOptions): Promise<Notification[]>;
  /** Marks read and returns it; an already read notification keeps its first `readAt`. Throws `NotFoundError('notification')`. */
  markRead(id: string): Promise<Notification>;
  /** Marks every unread notification of the user read (now); returns how many changed (0 for an unknown user). */
  markAllRead(userId: string): Promise<number>;
  /** Throws `NotFoundError('notification')`. */
  delete(id: string): Promise<void>;
  /** How many of the user's notifications are unread (0 for an unknown user). */
  unreadCount(userId: string): Promise<number>;
}

export const notificationMethods: MethodMap<NotificationRepository> = {
  create: { create: 'notification' },
  get: 'read',
  list: 'read',
  markRead: 'write',
  markAllRead: 'write',
  delete: 'write',
  unreadCount: 'read',
};

/** Validated `create` input. */
export type ValidNotification = NewNotification;

/** Validates `create` input; errors name the field. */
export function validateNewNotification(input: NewNotification): ValidNotification {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  const type = requireText('type', input.type, 50);
  if (!/^[a-z][a-z0-9_.]*$/.test(type)) throw new ValidationError('type', 'must be lower-case letters, digits, "." and "_", starting with a letter');
  const out: ValidNotification = { userId: input.userId, type, title: requireText('title', input.title, 200), body: requireText('body', input.body, 2000) };
  if (input.id !== undefined) out.id = input.id;
  if (input.data !== undefined) out.data = validateJsonPayload('data', input.data);
  return out;
}

/** Validated `list` options. */
export interface ValidListOptions {
  limit: number;
  before?: string;
}

/** Validates `list` options; errors name `limit` or `before`. */
export function validateListOptions(options: ListOptions | undefined): ValidListOptions {
  if (options === undefined) return { limit: LIST_LIMIT_DEFAULT };
  if (options === null || typeof options !== 'object') throw new ValidationError('options', 'must be an object');
  const limit = options.limit ?? LIST_LIMIT_DEFAULT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) throw new ValidationError('limit', `must be an integer from 1 to ${LIST_LIMIT_MAX}`);
  if (options.before === undefined) return { limit };
  if (typeof options.before !== 'string') throw new ValidationError('before', 'must be a notification id');
  return { limit, before: options.before };
}
