/**
 * Drizzle implementation of the chat contract over the normalized tables `chats`,
 * `chat_participants` and `chat_messages`.
 *
 * Every write to a chat locks its row first (`FOR UPDATE`), so participant positions and message
 * numbers (`seq`) are assigned one writer at a time; the unique constraints on (chat, position)
 * and (chat, seq) and the composite foreign key "sender is a participant" are the database's
 * backstops.
 */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import {
  CHAT_SENDER_IS_PARTICIPANT,
  assertEnoughParticipants,
  canonicalParticipants,
  validateMessagePage,
  validateNewChat,
  validateNewChatMessage,
  validateNewSystemMessage,
  validateParticipantArgs,
  type Chat,
  type ChatMessage,
  type ChatRepository,
} from '../../contracts/chat.ts';
import { chatMessages, chatParticipants, chats } from '../../schema/chats.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { byId, ms } from './support.ts';

type ChatRow = typeof chats.$inferSelect;
type MessageRow = typeof chatMessages.$inferSelect;
type Tx = PgDatabase;

/** Contract view of a chat row and its participants' user ids in position order. */
export function chatFromRow(r: ChatRow, participants: readonly string[]): Chat {
  const c: Chat = { id: r.id, participants: [...participants], createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
  if (r.purchaseRequestRef !== null) c.purchaseRequestRef = r.purchaseRequestRef;
  if (r.lastMessageAt) c.lastMessageAt = ms(r.lastMessageAt);
  return c;
}

/** Contract view of a message row. */
export function chatMessageFromRow(r: MessageRow): ChatMessage {
  const m: ChatMessage = { id: r.id, chatId: r.chatId, seq: r.seq, kind: r.kind, body: r.body, createdAt: ms(r.createdAt) };
  if (r.senderId !== null) m.senderId = r.senderId;
  return m;
}

/** What the chat constraints mean when a write trips them. */
export const CHAT_CONSTRAINTS: ConstraintErrors = {
  chat_messages_sender_participant_fk: () => new InvariantViolation(CHAT_SENDER_IS_PARTICIPANT, 'the sender is not a participant of the chat'),
};

/** Participants (user uuids) of each chat in `chatIds`, in position order. */
async function participantsOf(tx: Tx, chatIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(chatIds.map((id) => [id, []]));
  if (chatIds.length === 0) return out;
  const rows = await tx
    .select({ chatId: chatParticipants.chatId, userId: chatParticipants.userId })
    .from(chatParticipants)
    .where(inArray(chatParticipants.chatId, [...chatIds]))
    .orderBy(asc(chatParticipants.chatId), asc(chatParticipants.position));
  for (const r of rows) out.get(r.chatId)!.push(r.userId);
  return out;
}

async function loadChat(tx: Tx, row: ChatRow): Promise<Chat> {
  return chatFromRow(row, (await participantsOf(tx, [row.id])).get(row.id)!);
}

/** Locks the chat named by `id` (either id form) and returns its row, or null. */
async function lockChat(tx: Tx, id: string): Promise<ChatRow | null> {
  const [row] = await tx.select().from(chats).where(byId(chats, id)).for('update');
  return row ?? null;
}

async function userUuid(tx: Tx, id: string): Promise<string | null> {
  const [u] = await tx.select({ id: users.id }).from(users).where(byId(users, id));
  return u?.id ?? null;
}

/** {@link ChatRepository} over Postgres with Drizzle. */
export function drizzleChatRepository({ db, clock }: DrizzleContext): ChatRepository {
  /** Numbers and stores a message of the locked chat `chat`, stamping the chat. */
  const post = async (tx: Tx, chat: ChatRow, m: { kind: 'user' | 'system'; senderId: string | null; body: string }, id: string | undefined) => {
    const now = new Date(clock.now());
    const [last] = await tx.select({ seq: sql<number>`coalesce(max(${chatMessages.seq}), 0)::int` }).from(chatMessages).where(eq(chatMessages.chatId, chat.id));
    const [row] = await tx
      .insert(chatMessages)
      .values({ legacyObjectId: id, chatId: chat.id, seq: (last?.seq ?? 0) + 1, kind: m.kind, senderId: m.senderId, body: m.body, createdAt: now })
      .returning();
    await tx.update(chats).set({ lastMessageAt: now, updatedAt: now }).where(eq(chats.id, chat.id));
    return chatMessageFromRow(row!);
  };
  return {
    async createChat(input) {
      const v = validateNewChat(input);
      return inTransaction(db, async (tx) => {
        const resolved: string[] = [];
        for (const p of v.participants) {
          const uid = await userUuid(tx, p);
          if (!uid) throw new NotFoundError('user', p);
          resolved.push(uid);
        }
        // One user may be named by both id forms: canonicalize again by uuid.
        const participants = canonicalParticipants(resolved);
        assertEnoughParticipants('participants', participants.length);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(chats)
          .values({ legacyObjectId: v.id, purchaseRequestRef: v.purchaseRequestRef ?? null, createdAt: now, updatedAt: now })
          .returning();
        await tx.insert(chatParticipants).values(participants.map((userId, position) => ({ chatId: row!.id, userId, position })));
        return chatFromRow(row!, participants);
      }).catch((e) => mapPgError(e, CHAT_CONSTRAINTS));
    },
    async addParticipant(chatId, userId) {
      validateParticipantArgs(chatId, userId);
      return inTransaction(db, async (tx) => {
        const chat = await lockChat(tx, chatId);
        if (!chat) throw new NotFoundError('chat', chatId);
        const uid = await userUuid(tx, userId);
        if (!uid) throw new NotFoundError('user', userId);
        const [already] = await tx
          .select({ userId: chatParticipants.userId })
          .from(chatParticipants)
          .where(and(eq(chatParticipants.chatId, chat.id), eq(chatParticipants.userId, uid)));
        if (already) return loadChat(tx, chat);
        const [last] = await tx.select({ position: sql<number>`coalesce(max(${chatParticipants.position}), -1)::int` }).from(chatParticipants).where(eq(chatParticipants.chatId, chat.id));
        await tx.insert(chatParticipants).values({ chatId: chat.id, userId: uid, position: (last?.position ?? -1) + 1 });
        const [row] = await tx.update(chats).set({ updatedAt: new Date(clock.now()) }).where(eq(chats.id, chat.id)).returning();
        return loadChat(tx, row!);
      }).catch((e) => mapPgError(e, CHAT_CONSTRAINTS));
    },
    async getChat(id) {
      const [row] = await db.select().from(chats).where(byId(chats, id));
      return row ? loadChat(db, row) : null;
    },
    async postMessage(input) {
      const v = validateNewChatMessage(input);
      return inTransaction(db, async (tx) => {
        const chat = await lockChat(tx, v.chatId);
        if (!chat) throw new NotFoundError('chat', v.chatId);
        const uid = await userUuid(tx, v.senderId);
        const [member] = uid
          ? await tx.select({ userId: chatParticipants.userId }).from(chatParticipants).where(and(eq(chatParticipants.chatId, chat.id), eq(chatParticipants.userId, uid)))
          : [];
        if (!member) throw new InvariantViolation(CHAT_SENDER_IS_PARTICIPANT, 'the sender is not a participant of the chat');
        return post(tx, chat, { kind: 'user', senderId: member.userId, body: v.body }, v.id);
      }).catch((e) => mapPgError(e, CHAT_CONSTRAINTS));
    },
    async postSystemMessage(input) {
      const v = validateNewSystemMessage(input);
      return inTransaction(db, async (tx) => {
        const chat = await lockChat(tx, v.chatId);
        if (!chat) throw new NotFoundError('chat', v.chatId);
        return post(tx, chat, { kind: 'system', senderId: null, body: v.body }, v.id);
      }).catch((e) => mapPgError(e, CHAT_CONSTRAINTS));
    },
    async listMessages(chatId, page) {
      const p = validateMessagePage(page);
      const rows = await db
        .select({ m: chatMessages })
        .from(chatMessages)
        .innerJoin(chats, eq(chats.id, chatMessages.chatId))
        .where(and(byId(chats, chatId), p.before === undefined ? undefined : lt(chatMessages.seq, p.before)))
        .orderBy(desc(chatMessages.seq))
        .limit(p.limit);
      return rows.map((r) => chatMessageFromRow(r.m));
    },
    async listChatsForUser(userId) {
      const rows = await db
        .select({ c: chats })
        .from(chats)
        .innerJoin(chatParticipants, eq(chatParticipants.chatId, chats.id))
        .innerJoin(users, eq(users.id, chatParticipants.userId))
        .where(byId(users, userId))
        .orderBy(sql`${chats.lastMessageAt} DESC NULLS LAST`, desc(chats.createdAt), desc(chats.createdSeq));
      const participants = await participantsOf(db, rows.map((r) => r.c.id));
      return rows.map((r) => chatFromRow(r.c, participants.get(r.c.id)!));
    },
  };
}
