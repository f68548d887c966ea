/** Which invariants a write re-checks: the written domain's and its dependents', nothing else. */
import { describe, expect, it } from 'vitest';
import { domains, findDomain } from '../contracts/index.ts';
import { closure } from '../contracts/domain.ts';
import { affectedBy } from '../properties/targets.ts';

const names = (ds: readonly { name: string }[]) => ds.map((d) => d.name);

describe('invariant scope after a write', () => {
  const holds = closure(findDomain('release-hold')!, domains);

  it('re-checks the written domain and every domain depending on it', () => {
    expect(names(holds)).toEqual(['user', 'category', 'marketplace', 'payment', 'release-hold']);
    expect(names(affectedBy('user', holds))).toEqual(['user', 'marketplace', 'payment', 'release-hold']);
    expect(names(affectedBy('payment', holds))).toEqual(['payment', 'release-hold']);
    // A payment names its purchase request, which names its category.
    expect(names(affectedBy('category', holds))).toEqual(['category', 'marketplace', 'payment', 'release-hold']);
    expect(names(affectedBy('release-hold', holds))).toEqual(['release-hold']);
  });

  it('never leaves out the domain under test, whatever its closure wrote', () => {
    for (const d of domains) {
      const c = closure(d, domains);
      for (const written of c) expect(names(affectedBy(written.name, c))).toContain(d.name);
    }
  });
});
