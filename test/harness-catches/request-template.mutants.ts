/** Seeded faults of the request-template domain (see `mutants.ts` for the idea). */
import type { MongoContext } from '../../contracts/domain.ts';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import { REQUEST_TEMPLATE, TEMPLATE_INACTIVE, type RequestTemplateRepository } from '../../contracts/request-template.ts';
import { mongoRequestTemplateRepository, requestTemplateFromDoc, type RequestTemplateDoc } from '../../repos/mongo/request-template.ts';
import { toObjectId } from '../../repos/mongo/support.ts';

/** Mongo templates whose `use` increments without the limit in its filter: usage runs past `maxUsage`. */
export function mongoTemplateUseWithoutLimit(ctx: MongoContext): RequestTemplateRepository {
  const repo = mongoRequestTemplateRepository(ctx);
  const col = ctx.db.collection<RequestTemplateDoc>('requestTemplates');
  return {
    ...repo,
    async use(id) {
      const _id = toObjectId(id);
      const t = _id && (await col.findOne({ _id }));
      if (!t) throw new NotFoundError(REQUEST_TEMPLATE, id);
      if (!t.isActive) throw new InvariantViolation(TEMPLATE_INACTIVE, 'the template is deactivated');
      const d = await col.findOneAndUpdate({ _id: t._id }, { $inc: { usageCount: 1 }, $set: { updatedAt: new Date(ctx.clock.now()) } }, { returnDocument: 'after' });
      return requestTemplateFromDoc(d!);
    },
  };
}
