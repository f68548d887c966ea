/** Reference model of the chat contract. */
import { InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import {
  CHAT_SENDER_IS_PARTICIPANT,
  validateMessagePage,
  validateNewChat,
  validateNewChatMessage,
  validateNewSystemMessage,
  validateParticipantArgs,
  type Chat,
  type ChatMessage,
  type ChatRepository,
} from './chat.ts';

/**
 * Order of `listChatsForUser`: latest message first, chats without messages last, then newest
 * created first, then latest created first (`created` is the creation order).
 */
export function compareChats(a: Pick<Chat, 'lastMessageAt' | 'createdAt'> & { created: number }, b: Pick<Chat, 'lastMessageAt' | 'createdAt'> & { created: number }): number {
  const la = a.lastMessageAt ?? -Infinity;
  const lb = b.lastMessageAt ?? -Infinity;
  if (la !== lb) return lb > la ? 1 : -1;
  return b.createdAt - a.createdAt || b.created - a.created;
}

/** Model of {@link ChatRepository}. */
export function chatModel({ clock, state }: ModelContext): ChatRepository {
  const chats = state.table<Chat>('chat');
  const messages = state.table<ChatMessage>('chatMessage');
  const users = state.table<User>('user');
  const post = (chat: Chat, m: Omit<ChatMessage, 'seq' | 'createdAt' | 'id'>, id: string | undefined): ChatMessage => {
    const now = clock.now();
    const seq = [...messages.values()].filter((x) => x.chatId === chat.id).length + 1;
    const msg: ChatMessage = { id: id ?? state.nextId(), chatId: m.chatId, seq, kind: m.kind, ...(m.senderId !== undefined && { senderId: m.senderId }), body: m.body, createdAt: now };
    messages.set(msg.id, msg);
    Object.assign(chat, { lastMessageAt: now, updatedAt: now });
    return structuredClone(msg);
  };
  return {
    async createChat(input) {
      const v = validateNewChat(input);
      for (const u of v.participants) if (!users.has(u)) throw new NotFoundError('user', u);
      const now = clock.now();
      const { id, ...rest } = v;
      const c: Chat = { id: id ?? state.nextId(), ...rest, createdAt: now, updatedAt: now };
      chats.set(c.id, c);
      return structuredClone(c);
    },
    async addParticipant(chatId, userId) {
      validateParticipantArgs(chatId, userId);
      const c = chats.get(chatId);
      if (!c) throw new NotFoundError('chat', chatId);
      if (!users.has(userId)) throw new NotFoundError('user', userId);
      if (!c.participants.includes(userId)) {
        c.participants.push(userId);
        c.updatedAt = clock.now();
      }
      return structuredClone(c);
    },
    async getChat(id) {
      const c = chats.get(id);
      return c ? structuredClone(c) : null;
    },
    async postMessage(input) {
      const v = validateNewChatMessage(input);
      const c = chats.get(v.chatId);
      if (!c) throw new NotFoundError('chat', v.chatId);
      if (!c.participants.includes(v.senderId)) throw new InvariantViolation(CHAT_SENDER_IS_PARTICIPANT, 'the sender is not a participant of the chat');
      return post(c, { chatId: c.id, kind: 'user', senderId: v.senderId, body: v.body }, v.id);
    },
    async postSystemMessage(input) {
      const v = validateNewSystemMessage(input);
      const c = chats.get(v.chatId);
      if (!c) throw new NotFoundError('chat', v.chatId);
      return post(c, { chatId: c.id, kind: 'system', body: v.body }, v.id);
    },
    async listMessages(chatId, page) {
      const p = validateMessagePage(page);
      return [...messages.values()]
        .filter((m) => m.chatId === chatId && (p.before === undefined || m.seq < p.before))
        .sort((a, b) => b.seq - a.seq)
        .slice(0, p.limit)
        .map((m) => structuredClone(m));
    },
    async listChatsForUser(userId) {
      return [...chats.values()]
        .map((c, created) => ({ c, created }))
        .filter(({ c }) => c.participants.includes(userId))
        .sort((a, b) => compareChats({ ...a.c, created: a.created }, { ...b.c, created: b.created }))
        .map(({ c }) => structuredClone(c));
    },
  };
}
