/** Seeded fault of the chat domain: a real implementation with one deliberate, realistic bug. */
import type { ObjectId } from 'mongodb';
import type { MongoContext } from '../../contracts/domain.ts';
import type { ChatRepository } from '../../contracts/chat.ts';
import { NotFoundError } from '../../contracts/errors.ts';
import { mongoChatRepository } from '../../repos/mongo/chat.ts';
import { toObjectId } from '../../repos/mongo/support.ts';

/** Mongo chats whose `addParticipant` pushes without checking membership (duplicates pile up). */
export function mongoChatAddParticipantDuplicates(ctx: MongoContext): ChatRepository {
  const repo = mongoChatRepository(ctx);
  const chats = ctx.db.collection<{ _id: ObjectId; participants: ObjectId[] }>('chats');
  return {
    ...repo,
    async addParticipant(chatId, userId) {
      const _id = toObjectId(chatId);
      const uid = toObjectId(userId);
      if (!_id || !(await chats.findOne({ _id }))) throw new NotFoundError('chat', chatId);
      if (!uid || !(await ctx.db.collection('users').findOne({ _id: uid }))) throw new NotFoundError('user', userId);
      await chats.updateOne({ _id }, { $push: { participants: uid }, $set: { updatedAt: new Date(ctx.clock.now()) } });
      return (await repo.getChat(chatId))!;
    },
  };
}

