/**
 * Chat contract: conversations between users (optionally about a purchase request) and their
 * messages, normalized in Postgres (`chats`, `chat_participants`, `chat_messages`) where the
 * source system kept JSONB blobs.
 *
 * Rules:
 * - participants are canonical on every write: duplicates removed, first appearance kept, order
 *   stable (new participants go last), and at least two distinct users;
 * - a user message has a sender, a system message has none; the sender of a user message must be
 *   a participant (`InvariantViolation('chat.sender_is_participant')`; Postgres also holds it with a
 *   composite foreign key to `chat_participants`);
 * - messages are numbered per chat (`seq` 1, 2, 3 …: the same in every store, so it orders and
 *   pages them); posting stamps the chat's `lastMessageAt` and `updatedAt`;
 * - `listMessages` is newest first (`seq` descending); `listChatsForUser` is most recent message
 *   first, chats without messages last, then newest created first, then creation order.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const CHAT_MESSAGE_KINDS = ['user', 'system'] as const;
export type ChatMessageKind = (typeof CHAT_MESSAGE_KINDS)[number];

export const CHAT_LIMITS = { participants: 20, body: 4000, purchaseRequestRef: 64, page: 100 } as const;

/** Invariant name of a message whose sender is not a participant. */
export const CHAT_SENDER_IS_PARTICIPANT = 'chat.sender_is_participant';

/** A stored chat. `participants` are user ids in canonical order. Times are UTC ms. */
export interface Chat {
  id: string;
  participants: string[];
  purchaseRequestRef?: string;
  lastMessageAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** A stored message. `senderId` is present exactly for `kind: 'user'`. */
export interface ChatMessage {
  id: string;
  chatId: string;
  seq: number;
  kind: ChatMessageKind;
  senderId?: string;
  body: string;
  createdAt: number;
}

/** Input of `createChat`: participants in any order, duplicates allowed (they are removed). */
export interface NewChat {
  id?: string;
  participants: string[];
  /** A purchase request's id as plain text (no foreign key yet). */
  purchaseRequestRef?: string;
}

export interface NewChatMessage {
  id?: string;
  chatId: string;
  senderId: string;
  body: string;
}

export interface NewSystemMessage {
  id?: string;
  chatId: string;
  body: string;
}

/** A page of `listMessages`: at most `limit` (1..100) messages with `seq` below `before` (when given). */
export interface MessagePage {
  limit: number;
  before?: number;
}

/** The chat repository every implementation provides. */
export interface ChatRepository {
  /** Creates a chat with canonical participants. Throws `ValidationError` (fewer than two distinct participants …), `UnsafeInputError`, `NotFoundError('user')` (first unknown participant). */
  createChat(input: NewChat): Promise<Chat>;
  /** Adds a participant at the end; a no-op (chat unchanged) when already one. Throws `NotFoundError('chat')`, then `NotFoundError('user')`. */
  addParticipant(chatId: string, userId: string): Promise<Chat>;
  /** The chat (participants in canonical order), or null. */
  getChat(id: string): Promise<Chat | null>;
  /** Posts a user message. Throws `ValidationError`, `UnsafeInputError`, `NotFoundError('chat')`, `InvariantViolation('chat.sender_is_participant')`. */
  postMessage(input: NewChatMessage): Promise<ChatMessage>;
  /** Posts a system message (no sender). Throws `ValidationError`, `UnsafeInputError`, `NotFoundError('chat')`. */
  postSystemMessage(input: NewSystemMessage): Promise<ChatMessage>;
  /** The chat's messages newest first (empty for an unknown chat). Throws `ValidationError` (page). */
  listMessages(chatId: string, page: MessagePage): Promise<ChatMessage[]>;
  /** The chats the user takes part in, in the order described above (empty for an unknown user). */
  listChatsForUser(userId: string): Promise<Chat[]>;
}

export const chatMethods: MethodMap<ChatRepository> = {
  createChat: { create: 'chat' },
  addParticipant: 'write',
  getChat: 'read',
  postMessage: { create: 'chatMessage' },
  postSystemMessage: { create: 'chatMessage' },
  listMessages: 'read',
  listChatsForUser: 'read',
};

/**
 * Canonical participant list: duplicates removed, first appearance kept. `key` maps an id to
 * what identifies the user (a store may know one user under two id forms).
 */
export function canonicalParticipants<T>(ids: readonly T[], key: (id: T) => unknown = (id) => id): T[] {
  const seen = new Set<unknown>();
  const out: T[] = [];
  for (const id of ids) {
    const k = key(id);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(id);
  }
  return out;
}

/** The rule every participant list must meet after canonicalization. */
export function assertEnoughParticipants(field: string, distinct: number): void {
  if (distinct < 2) throw new ValidationError(field, 'must name at least two distinct users');
}

function optionalId(input: { id?: unknown }): void {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
}

/** Validates `createChat` input; `participants` comes back canonical. */
export function validateNewChat(input: NewChat): NewChat {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (!Array.isArray(input.participants) || !input.participants.every((p) => typeof p === 'string')) throw new ValidationError('participants', 'must be an array of id strings');
  const participants = canonicalParticipants(input.participants);
  assertEnoughParticipants('participants', participants.length);
  if (participants.length > CHAT_LIMITS.participants) throw new ValidationError('participants', `must name at most ${CHAT_LIMITS.participants} users`);
  const out: NewChat = { participants };
  if (input.id !== undefined) out.id = input.id;
  const ref = optionalText('purchaseRequestRef', input.purchaseRequestRef, CHAT_LIMITS.purchaseRequestRef);
  if (typeof ref === 'string') out.purchaseRequestRef = ref;
  return out;
}

/** Validates the arguments of `addParticipant`. */
export function validateParticipantArgs(chatId: unknown, userId: unknown): void {
  if (typeof chatId !== 'string') throw new ValidationError('chatId', 'must be an id string');
  if (typeof userId !== 'string') throw new ValidationError('userId', 'must be an id string');
}

/** Validates `postMessage` input. */
export function validateNewChatMessage(input: NewChatMessage): NewChatMessage {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.chatId !== 'string') throw new ValidationError('chatId', 'must be an id string');
  if (typeof input.senderId !== 'string') throw new ValidationError('senderId', 'must be an id string');
  const out: NewChatMessage = { chatId: input.chatId, senderId: input.senderId, body: requireText('body', input.body, CHAT_LIMITS.body) };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/** Validates `postSystemMessage` input. */
export function validateNewSystemMessage(input: NewSystemMessage): NewSystemMessage {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.chatId !== 'string') throw new ValidationError('chatId', 'must be an id string');
  const out: NewSystemMessage = { chatId: input.chatId, body: requireText('body', input.body, CHAT_LIMITS.body) };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/** Validates a message page. */
export function validateMessagePage(page: MessagePage): MessagePage {
  if (page === null || typeof page !== 'object') throw new ValidationError('page', 'must be an object');
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > CHAT_LIMITS.page) throw new ValidationError('page.limit', `must be an integer from 1 to ${CHAT_LIMITS.page}`);
  if (page.before !== undefined && (!Number.isSafeInteger(page.before) || page.before < 1)) throw new ValidationError('page.before', 'must be a positive integer (a message seq)');
  return page.before === undefined ? { limit: page.limit } : { limit: page.limit, before: page.before };
}
