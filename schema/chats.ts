/**
 * Chats, normalized: the source system kept participants and messages as JSONB blobs on the chat
 * row (its cutover blocker); here they are child tables with the rules as constraints.
 *
 * - `chat_participants`: one row per (chat, user), with a unique position (canonical order);
 * - `chat_messages`: numbered per chat (`seq`); a system message has no sender, a user message
 *   has one, and that sender is a participant of the chat (composite foreign key).
 *
 * `chats.created_seq` is the creation order, the last tie-breaker of "chats for a user".
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { CHAT_LIMITS, CHAT_MESSAGE_KINDS } from '../contracts/chat.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { users } from './users.ts';

export const chatMessageKindEnum = pgEnum('chat_message_kind', CHAT_MESSAGE_KINDS);

const n = (x: number) => sql.raw(String(x));

export const chats = pgTable(
  'chats',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    purchaseRequestRef: text('purchase_request_ref'),
    lastMessageAt: msTimestamp('last_message_at'),
    createdSeq: bigint('created_seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('chats', t.legacyObjectId),
    check('chats_purchase_request_ref_length', sql`char_length(${t.purchaseRequestRef}) <= ${n(CHAT_LIMITS.purchaseRequestRef)}`),
    index('chats_recent_idx').on(t.lastMessageAt.desc().nullsLast(), t.createdAt.desc(), t.createdSeq.desc()),
  ],
);

export const chatParticipants = pgTable(
  'chat_participants',
  {
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ name: 'chat_participants_pk', columns: [t.chatId, t.userId] }),
    unique('chat_participants_position_uq').on(t.chatId, t.position),
    check('chat_participants_position_range', sql`${t.position} >= 0`),
    index('chat_participants_user_idx').on(t.userId),
  ],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: chatMessageKindEnum('kind').notNull(),
    senderId: uuid('sender_id').references(() => users.id, { onDelete: 'restrict' }),
    body: text('body').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('chat_messages', t.legacyObjectId),
    unique('chat_messages_chat_seq_uq').on(t.chatId, t.seq),
    check('chat_messages_seq_positive', sql`${t.seq} >= 1`),
    check('chat_messages_sender_matches_kind', sql`(${t.kind} = 'system') = (${t.senderId} IS NULL)`),
    check('chat_messages_body_text', sql`btrim(${t.body}) <> '' AND char_length(${t.body}) <= ${n(CHAT_LIMITS.body)}`),
    foreignKey({
      name: 'chat_messages_sender_participant_fk',
      columns: [t.chatId, t.senderId],
      foreignColumns: [chatParticipants.chatId, chatParticipants.userId],
    }),
    index('chat_messages_sender_idx').on(t.senderId),
  ],
);
