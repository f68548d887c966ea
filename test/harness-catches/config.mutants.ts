/** Seeded faults of the config domain (see `mutants.ts` for the idea). */
import type { MongoContext } from '../../contracts/domain.ts';
import { validateConfigSet, type ConfigRepository } from '../../contracts/config.ts';
import { configSettingFromDoc, mongoConfigRepository, type ConfigSettingDoc } from '../../repos/mongo/config.ts';

/** Mongo config whose `set` of an existing key bumps the version but appends no history entry. */
export function mongoConfigSetWithoutHistory(ctx: MongoContext): ConfigRepository {
  const repo = mongoConfigRepository(ctx);
  const settings = ctx.db.collection<ConfigSettingDoc>('configSettings');
  return {
    ...repo,
    async set(input) {
      const v = validateConfigSet(input);
      const current = await settings.findOne({ key: v.key });
      if (!current || v.changedBy !== undefined || v.description !== undefined) return repo.set(input);
      const d = await settings.findOneAndUpdate(
        { _id: current._id },
        { $set: { value: v.value, updatedAt: new Date(ctx.clock.now()) }, $inc: { version: 1 }, $unset: { updatedBy: '' } },
        { returnDocument: 'after' },
      );
      return configSettingFromDoc(d!);
    },
  };
}
