/**
 * Stored-entity specs of chats: collection `chats` ↔ table `chats` with its child table
 * `chat_participants`, and collection `chatMessages` ↔ table `chat_messages`.
 *
 * Participants live inside the Mongo chat document (an array of user ObjectIds) and in their own
 * table in Postgres (`chat_participants`, one row per user with its position). They are part of
 * the chat's canonical record (`participants`, user ids in canonical order, as the contract's
 * {@link Chat} has them), so backfill writes them with their chat, verify compares them as part
 * of it and resync deletes them with it: the chat spec's child table
 * {@link chatParticipantTable} (see `ChildTable` in `spec.ts`). A participant that is not a
 * backfilled user refuses the whole chat (`participant.userId`), and with it the chat's messages.
 *
 * Canonical records use legacy ids. A message's `seq` must be stored on the document (the Mongo
 * implementation writes it); documents written before numbering existed need one assigned in
 * (createdAt, _id) order per chat before a backfill: not done here.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { CHAT_LIMITS, CHAT_MESSAGE_KINDS, canonicalParticipants, type Chat, type ChatMessage } from '../../contracts/chat.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { chatMessages, chatParticipants, chats } from '../../schema/chats.ts';
import { describe, LegacyShapeError, readTime, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type ChildTable, type LegacyReading, type LegacyRefs, type Resolve, type RuleViolation, type StoredEntity } from './spec.ts';

/** The canonical record of a chat: the contract's {@link Chat}, participants included (legacy ids, canonical order). */
export type ChatRecord = Chat;

/** One participant as the child table maps it: the user's legacy id and its canonical position (0, 1, 2 …). */
export interface ChatParticipantRecord {
  userId: string;
  position: number;
}

export type ChatRow = typeof chats.$inferSelect;
export type ChatInsert = typeof chats.$inferInsert;
export type ChatParticipantRow = typeof chatParticipants.$inferSelect;
/** Insert values of a `chat_participants` row without `chatId` (the harness adds the parent's uuid). */
export type ChatParticipantInsert = Omit<typeof chatParticipants.$inferInsert, 'chatId'>;
export type ChatMessageRow = typeof chatMessages.$inferSelect;
export type ChatMessageInsert = typeof chatMessages.$inferInsert;

/** Canonical {@link ChatRecord} of a `chats` document, participants included. Throws `LegacyShapeError`. */
export function chatFromLegacy(doc: Document): LegacyReading<ChatRecord> {
  const r = new ShapeReader(doc);
  const c: ChatRecord = { id: r.id(), participants: chatParticipantsFromDocument(doc, r), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  const lastMessageAt = doc.lastMessageAt === undefined || doc.lastMessageAt === null ? undefined : readTime('lastMessageAt', doc.lastMessageAt, r);
  return { record: present(c, { purchaseRequestRef: r.optionalString('purchaseRequestRef'), lastMessageAt }, ['purchaseRequestRef', 'lastMessageAt']), flags: r.flags };
}

/** Contract rules of a chat record, its participants included. */
export function validateChatRecord(c: ChatRecord): RuleViolation[] {
  return [...collectViolations([() => optionalText('purchaseRequestRef', c.purchaseRequestRef, CHAT_LIMITS.purchaseRequestRef)]), ...validateChatParticipants(c.participants)];
}

/**
 * The participants of a `chats` document, canonical: each entry an ObjectId or a 24-hex string
 * (lower-cased, flagged on `reader` when upper-case), duplicates removed keeping the first
 * appearance (flagged), in that order. Throws `LegacyShapeError('participants')` when the field
 * is not such an array.
 */
export function chatParticipantsFromDocument(doc: Document, reader?: ShapeReader): string[] {
  const list: unknown = doc.participants;
  if (!Array.isArray(list)) throw new LegacyShapeError('participants', `must be an array of user ids (found ${describe(list)})`);
  const ids = list.map((p, i) => {
    const one = new ShapeReader({ [String(i)]: p });
    let id: string;
    try {
      id = one.ref(String(i));
    } catch {
      throw new LegacyShapeError('participants', `entry ${i} must be an ObjectId or a 24-hex string (found ${describe(p)})`);
    }
    for (const f of one.flags) reader?.flag(`participants.${f.field}`, f.note, f.detail);
    return id;
  });
  const out = canonicalParticipants(ids);
  if (out.length !== ids.length) reader?.flag('participants', 'duplicate-removed', `${ids.length - out.length} duplicate entries removed (first appearance kept)`);
  return out;
}

/** The participant rules of one chat: at least two distinct users, at most the contract's limit. */
export function validateChatParticipants(participants: readonly string[]): RuleViolation[] {
  return collectViolations([
    () => {
      if (new Set(participants).size < 2) throw new ValidationError('participants', 'must name at least two distinct users');
    },
    () => {
      if (participants.length > CHAT_LIMITS.participants) throw new ValidationError('participants', `must name at most ${CHAT_LIMITS.participants} users`);
    },
  ]);
}

/** Insert values of a `chat_participants` row (without `chatId`). @throws UnresolvedReferenceError from `resolve`. */
export function chatParticipantToRow(p: ChatParticipantRecord, position: number, resolve: Resolve): ChatParticipantInsert {
  return { userId: resolve('users', p.userId), position };
}

/** Participant record of a `chat_participants` row; `refs.userId` is the user's legacy id. */
export function chatParticipantFromRow(row: ChatParticipantRow, refs: LegacyRefs): ChatParticipantRecord {
  return { userId: refId(refs, 'userId', row.userId), position: row.position };
}

/**
 * `chats.participants` ↔ `chat_participants`: row `i` of a chat is its `i`-th participant
 * (`position` = i); rows read back in position order. The record keeps the order only (what the
 * contract reads), so positions with gaps but in the same order read as the same participants.
 */
export const chatParticipantTable: ChildTable<ChatRecord, ChatParticipantRecord, ChatParticipantRow, ChatParticipantInsert> = {
  name: 'participant',
  table: 'chat_participants',
  pgTable: chatParticipants,
  parentKey: 'chatId',
  orderBy: ['position'],
  references: { userId: 'users' },
  read: (c) => c.participants.map((userId, position) => ({ userId, position })),
  toRow: chatParticipantToRow,
  fromRow: chatParticipantFromRow,
  attach: (c, ps) => ({ ...c, participants: ps.map((p) => p.userId) }),
};

/** The `chats` spec, participants as its child table {@link chatParticipantTable}. */
export const chatEntity: StoredEntity<ChatRecord, ChatRow, ChatInsert> = {
  name: 'chat',
  domain: 'chat',
  collection: 'chats',
  table: 'chats',
  pgTable: chats,
  references: {},
  children: [chatParticipantTable],
  appendOnly: false,
  fromDocument: chatFromLegacy,
  validate: validateChatRecord,
  fromRow(row) {
    // Participants are attached from `chat_participants` by the harness (`ChildTable.attach`).
    const c: ChatRecord = { id: rowId(row), participants: [], createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
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
