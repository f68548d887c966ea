/**
 * A crash (an error outside the contract) is a failure even when the model crashes the same way:
 * a scaffold's unfilled stub throws one error in the model and the implementation alike, and an
 * early runner counted that as agreement.
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import type { ModelContext, MongoContext } from '../../contracts/domain.ts';
import type { UserRepository } from '../../contracts/user.ts';
import { userModel } from '../../contracts/user.model.ts';
import { mongoUserRepository } from '../../repos/mongo/user.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';

const stub = () => {
  throw new Error('SCAFFOLD: user.update is not written yet');
};

describe('crashes', () => {
  it('fails a run where the model and the implementation crash with the same message', async () => {
    const model = (ctx: ModelContext): UserRepository => ({ ...userModel(ctx), update: async () => stub() });
    const mongo = (ctx: MongoContext): UserRepository => ({ ...mongoUserRepository(ctx), update: async () => stub() });
    const r = await expectCaught({ registry: withImplementation(domains, 'user', { model, mongo }), domain: 'user', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.message).toMatch(/crashed on the model: Error: SCAFFOLD: user.update is not written yet/);
  });
});
