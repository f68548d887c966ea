/** Seeded fault in the blog domain is caught by the model-based check. */
import { describe, expect, it } from 'vitest';
import { domains } from '../../contracts/index.ts';
import { withImplementation } from '../support.ts';
import { expectCaught } from './catches.ts';
import { drizzleBlogRepublishResets } from './blog.mutants.ts';

describe('blog faults', () => {
  it('catches a Drizzle publish that resets publishedAt on re-publish', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'blog', { drizzle: drizzleBlogRepublishResets }), domain: 'blog', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/blog\.publish/);
    expect(r.failure!.counterexample).toMatch(/blog\.(unpublish|archive)/);
  });
});
