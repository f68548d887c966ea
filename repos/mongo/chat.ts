/**
 * Mongo implementation of the chat contract: collection `chats` (participants embedded as an
 * array of user ObjectIds, as the source system's model keeps them) and collection
 * `chatMessages`.
 *
 * A chat document also keeps `messageCount`: posting increments it atomically and the new value
 * is the message's `seq`, so numbering needs no transaction. A new participant is appended only
 * when absent (`$push` filtered by `$ne`), which keeps the array canonical.
 */
import type { Db, ObjectId } from 'mongodb';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import {
  CHAT_SENDER_IS_PARTICIPANT,
  validateMessagePage,
  validateNewChat,
  validateNewChatMessage,
  validateNewSystemMessage,
  validateParticipantArgs,
  type Chat,
  type ChatMessage,
  type ChatMessageKind,
  type ChatRepository,
} from '../../contracts/chat.ts';
import { mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A `chats` document. */
export interface ChatDoc {
  _id: ObjectId;
  participants: ObjectId[];
  purchaseRequestRef?: string;
  lastMessageAt?: Date;
  /** Messages posted so far (the last `seq`); absent before the first. */
  messageCount?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A `chatMessages` document; `senderId` only on user messages. */
export interface ChatMessageDoc {
  _id: ObjectId;
  chatId: ObjectId;
  seq: number;
  kind: ChatMessageKind;
  senderId?: ObjectId;
  body: string;
  createdAt: Date;
}

/** Creates the collections' indexes. */
export async function ensureChatIndexes(db: Db): Promise<void> {
  await db.collection('chats').createIndex({ participants: 1, lastMessageAt: -1 }, { name: 'chats.participants' });
  await db.collection('chatMessages').createIndex({ chatId: 1, seq: -1 }, { name: 'chatMessages.chat_seq', unique: true });
}

/** Contract view of a chat document. */
export function chatFromDoc(d: ChatDoc): Chat {
  const c: Chat = { id: d._id.toHexString(), participants: d.participants.map((p) => p.toHexString()), createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  if (d.purchaseRequestRef !== undefined && d.purchaseRequestRef !== null) c.purchaseRequestRef = d.purchaseRequestRef;
  if (d.lastMessageAt) c.lastMessageAt = d.lastMessageAt.getTime();
  return c;
}

/** Contract view of a message document. */
export function chatMessageFromDoc(d: ChatMessageDoc): ChatMessage {
  const m: ChatMessage = { id: d._id.toHexString(), chatId: d.chatId.toHexString(), seq: d.seq, kind: d.kind, body: d.body, createdAt: d.createdAt.getTime() };
  if (d.senderId) m.senderId = d.senderId.toHexString();
  return m;
}

/** {@link ChatRepository} over MongoDB. */
export function mongoChatRepository({ db, clock }: MongoContext): ChatRepository {
  const chats = db.collection<ChatDoc>('chats');
  const messages = db.collection<ChatMessageDoc>('chatMessages');
  const users = db.collection('users');
  const userExists = async (id: ObjectId | null) => id !== null && (await users.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  const findChat = async (id: string) => {
    const _id = toObjectId(id);
    return _id && (await chats.findOne({ _id }));
  };
  /** Numbers and stores a message of `chat`, stamping the chat. */
  const post = async (chat: ChatDoc, m: Pick<ChatMessageDoc, 'kind' | 'senderId' | 'body'>, id: string | undefined) => {
    const now = new Date(clock.now());
    const after = await chats.findOneAndUpdate({ _id: chat._id }, { $inc: { messageCount: 1 }, $set: { lastMessageAt: now, updatedAt: now } }, { returnDocument: 'after' });
    if (!after) throw new NotFoundError('chat', chat._id.toHexString());
    const doc: ChatMessageDoc = { _id: newObjectId(id), chatId: chat._id, seq: after.messageCount!, kind: m.kind, body: m.body, createdAt: now };
    if (m.senderId) doc.senderId = m.senderId;
    await messages.insertOne(doc).catch((e) => mapMongoError(e, 'chat_messages.chat_seq'));
    return chatMessageFromDoc(doc);
  };
  return {
    async createChat(input) {
      const v = validateNewChat(input);
      const participants: ObjectId[] = [];
      for (const p of v.participants) {
        const uid = toObjectId(p);
        if (!(await userExists(uid))) throw new NotFoundError('user', p);
        participants.push(uid!);
      }
      const now = new Date(clock.now());
      const doc: ChatDoc = { _id: newObjectId(v.id), participants, createdAt: now, updatedAt: now };
      if (v.purchaseRequestRef !== undefined) doc.purchaseRequestRef = v.purchaseRequestRef;
      await chats.insertOne(doc).catch((e) => mapMongoError(e, 'chats._id'));
      return chatFromDoc(doc);
    },
    async addParticipant(chatId, userId) {
      validateParticipantArgs(chatId, userId);
      const chat = await findChat(chatId);
      if (!chat) throw new NotFoundError('chat', chatId);
      const uid = toObjectId(userId);
      if (!(await userExists(uid))) throw new NotFoundError('user', userId);
      await chats.updateOne({ _id: chat._id, participants: { $ne: uid! } }, { $push: { participants: uid! }, $set: { updatedAt: new Date(clock.now()) } });
      return chatFromDoc((await chats.findOne({ _id: chat._id }))!);
    },
    async getChat(id) {
      const d = await findChat(id);
      return d ? chatFromDoc(d) : null;
    },
    async postMessage(input) {
      const v = validateNewChatMessage(input);
      const chat = await findChat(v.chatId);
      if (!chat) throw new NotFoundError('chat', v.chatId);
      const sender = toObjectId(v.senderId);
      if (!sender || !chat.participants.some((p) => p.equals(sender))) throw new InvariantViolation(CHAT_SENDER_IS_PARTICIPANT, 'the sender is not a participant of the chat');
      return post(chat, { kind: 'user', senderId: sender, body: v.body }, v.id);
    },
    async postSystemMessage(input) {
      const v = validateNewSystemMessage(input);
      const chat = await findChat(v.chatId);
      if (!chat) throw new NotFoundError('chat', v.chatId);
      return post(chat, { kind: 'system', body: v.body }, v.id);
    },
    async listMessages(chatId, page) {
      const p = validateMessagePage(page);
      const cid = toObjectId(chatId);
      if (!cid) return [];
      const filter = p.before === undefined ? { chatId: cid } : { chatId: cid, seq: { $lt: p.before } };
      return (await messages.find(filter).sort({ seq: -1 }).limit(p.limit).toArray()).map(chatMessageFromDoc);
    },
    async listChatsForUser(userId) {
      const uid = toObjectId(userId);
      if (!uid) return [];
      // Missing lastMessageAt sorts lowest, so chats without messages come last. An ObjectId this
      // store minted grows with creation order (time, then a per-process counter): the last tie-breaker.
      return (await chats.find({ participants: uid }).sort({ lastMessageAt: -1, createdAt: -1, _id: -1 }).toArray()).map(chatFromDoc);
    },
  };
}
