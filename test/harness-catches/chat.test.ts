/** Seeded fault in the chat domain is caught by the model-based check. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoChatAddParticipantDuplicates } from './chat.mutants.ts';

describe('chat faults', () => {
  it('catches a Mongo addParticipant that appends a participant twice', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'chat', { mongo: mongoChatAddParticipantDuplicates }), domain: 'chat', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/chat\.addParticipant/);
  });
});
