/**
 * Stored-entity specs of chats: collection `chats` ↔ table `chats` (the chat itself), and
 * collection `chatMessages` ↔ table `chat_messages`.
 *
 * Participants live inside the Mongo chat document (an array of user ObjectIds) and in their own
 * table in Postgres (`chat_participants`). The chat spec covers the `chats` table only; the
 * participant mapping is the three plain functions below ({@link chatParticipantsFromDocument},
 * {@link chatParticipantToRow}, {@link chatParticipantFromRow}), for the stored-entity extension
 * for embedded child tables to use.
 *
 * Canonical records use legacy ids. A message's `seq` must be stored on the document (the Mongo
 * implementation writes it); documents written before numbering existed need one assigned in
 * (createdAt, _id) order per chat before a backfill: not done here.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { CHAT_LIMITS, CHAT_MESSAGE_KINDS, canonicalParticipants, type ChatMessage } from '../../contracts/chat.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { chatMessages, chatParticipants, chats } from '../../schema/chats.ts';
import { describe, LegacyShapeError, readTime, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type LegacyRefs, type Resolve, type RuleViolation, type StoredEntity } from './spec.ts';

/** The canonical record of a chat without its participants (they are {@link ChatParticipantRecord}s). */
export interface ChatRecord {
  id: string;
  purchaseRequestRef?: string;
  lastMessageAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** One participant of a chat: legacy ids and the canonical position (0, 1, 2 …). */
export interface ChatParticipantRecord {
  chatId: string;
  userId: string;
  position: number;
}

export type ChatRow = typeof chats.$inferSelect;
export type ChatInsert = typeof chats.$inferInsert;
export type ChatParticipantRow = typeof chatParticipants.$inferSelect;
export type ChatParticipantInsert = typeof chatParticipants.$inferInsert;
export type ChatMessageRow = typeof chatMessages.$inferSelect;
export type ChatMessageInsert = typeof chatMessages.$inferInsert;

/** Canonical {@link ChatRecord} of a `chats` document (participants are read by {@link chatParticipantsFromDocument}). */
export function chatFromLegacy(doc: Document): LegacyReading<ChatRecord> {
  const r = new ShapeReader(doc);
  const c: ChatRecord = { id: r.id(), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  const lastMessageAt = doc.lastMessageAt === undefined || doc.lastMessageAt === null ? undefined : readTime('lastMessageAt', doc.lastMessageAt, r);
  return { record: present(c, { purchaseRequestRef: r.optionalString('purchaseRequestRef'), lastMessageAt }, ['purchaseRequestRef', 'lastMessageAt']), flags: r.flags };
}

/** Contract rules of a chat record (the participant rules are checked by {@link validateChatParticipants}). */
export function validateChatRecord(c: ChatRecord): RuleViolation[] {
  return collectViolations([() => optionalText('purchaseRequestRef', c.purchaseRequestRef, CHAT_LIMITS.purchaseRequestRef)]);
}

/**
 * The participant records of a `chats` document, canonical: each entry an ObjectId or a 24-hex
 * string (lower-cased), duplicates removed keeping the first appearance, positions 0, 1, 2 … in
 * that order. Throws `LegacyShapeError('participants')` when the field is not such an array.
 */
export function chatParticipantsFromDocument(doc: Document): ChatParticipantRecord[] {
  const chat = new ShapeReader(doc);
  const chatId = chat.id();
  const list: unknown = doc.participants;
  if (!Array.isArray(list)) throw new LegacyShapeError('participants', `must be an array of user ids (found ${describe(list)})`);
  const ids = list.map((p, i) => {
    try {
      return new ShapeReader({ p }).ref('p');
    } catch {
      throw new LegacyShapeError('participants', `entry ${i} must be an ObjectId or a 24-hex string (found ${describe(p)})`);
    }
  });
  return canonicalParticipants(ids).map((userId, position) => ({ chatId, userId, position }));
}

/** The participant rules of one chat: at least two distinct users, at most the contract's limit. */
export function validateChatParticipants(records: readonly ChatParticipantRecord[]): RuleViolation[] {
  return collectViolations([
    () => {
      if (new Set(records.map((r) => r.userId)).size < 2) throw new ValidationError('participants', 'must name at least two distinct users');
    },
    () => {
      if (records.length > CHAT_LIMITS.participants) throw new ValidationError('participants', `must name at most ${CHAT_LIMITS.participants} users`);
    },
  ]);
}

/** Insert values of a `chat_participants` row. @throws UnresolvedReferenceError from `resolve`. */
export function chatParticipantToRow(p: ChatParticipantRecord, resolve: Resolve): ChatParticipantInsert {
  return { chatId: resolve('chats', p.chatId), userId: resolve('users', p.userId), position: p.position };
}

/** Canonical record of a `chat_participants` row; `refs` holds the legacy ids of `chatId` and `userId`. */
export function chatParticipantFromRow(row: ChatParticipantRow, refs: LegacyRefs): ChatParticipantRecord {
  return { chatId: refId(refs, 'chatId', row.chatId), userId: refId(refs, 'userId', row.userId), position: row.position };
}

/** The `chats` spec (the chat table only; see the module comment for participants). */
export const chatEntity: StoredEntity<ChatRecord, ChatRow, ChatInsert> = {
  name: 'chat',
  domain: 'chat',
  collection: 'chats',
  table: 'chats',
  pgTable: chats,
  references: {},
  appendOnly: false,
  fromDocument: chatFromLegacy,
  validate: validateChatRecord,
  fromRow(row) {
    const c: ChatRecord = { id: rowId(row), createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    return present(c, { purchaseRequestRef: row.purchaseRequestRef, lastMessageAt: row.lastMessageAt?.getTime() }, ['purchaseRequestRef', 'lastMessageAt']);
  },
  toRow(c) {
    return {
      legacyObjectId: c.id,
      purchaseRequestRef: c.purchaseRequestRef ?? null,
      lastMessageAt: c.lastMessageAt === undefined ? null : new Date(c.lastMessageAt),
      createdAt: new Date(c.createdAt),
      updatedAt: new Date(c.updatedAt),
    };
  },
};

/** Canonical {@link ChatMessage} of a `chatMessages` document. Throws `LegacyShapeError`. */
export function chatMessageFromLegacy(doc: Document): LegacyReading<ChatMessage> {
  const r = new ShapeReader(doc);
  const seq: unknown = doc.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) throw new LegacyShapeError('seq', `must be an integer message number (found ${describe(seq)})`);
  const m: ChatMessage = { id: r.id(), chatId: r.ref('chatId'), seq, kind: r.oneOf('kind', CHAT_MESSAGE_KINDS), body: r.string('body'), createdAt: r.time('createdAt') };
  return { record: present(m, { senderId: r.ref('senderId', true) }, ['senderId']), flags: r.flags };
}

/** Contract rules of a message record: body text, `seq` ≥ 1, a sender exactly on user messages. */
export function validateChatMessageRecord(m: ChatMessage): RuleViolation[] {
  return collectViolations([
    () => requireText('body', m.body, CHAT_LIMITS.body),
    () => {
      if (m.seq < 1) throw new ValidationError('seq', 'must be at least 1');
    },
    () => {
      if ((m.kind === 'user') !== (m.senderId !== undefined)) throw new ValidationError('senderId', 'must be present exactly on user messages');
    },
  ]);
}

/** The `chat_messages` spec. That a sender is a participant is held by Postgres's composite foreign key. */
export const chatMessageEntity: StoredEntity<ChatMessage, ChatMessageRow, ChatMessageInsert> = {
  name: 'chatMessage',
  domain: 'chat',
  collection: 'chatMessages',
  table: 'chat_messages',
  pgTable: chatMessages,
  references: { chatId: 'chats', senderId: 'users' },
  appendOnly: false,
  fromDocument: chatMessageFromLegacy,
  validate: validateChatMessageRecord,
  fromRow(row, refs) {
    const m: ChatMessage = { id: rowId(row), chatId: refId(refs, 'chatId', row.chatId), seq: row.seq, kind: row.kind, body: row.body, createdAt: row.createdAt.getTime() };
    if (row.senderId !== null) m.senderId = refId(refs, 'senderId', row.senderId);
    return m;
  },
  toRow(m, resolve) {
    return {
      legacyObjectId: m.id,
      chatId: resolve('chats', m.chatId),
      seq: m.seq,
      kind: m.kind,
      senderId: m.senderId === undefined ? null : resolve('users', m.senderId),
      body: m.body,
      createdAt: new Date(m.createdAt),
    };
  },
};
