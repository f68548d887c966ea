/**
 * The repository factory: mode flags (values, aliases, conflicts, isolation between domains) and
 * the repositories it builds in each mode on the real servers.
 */
import fc from 'fast-check';
import { describe, expect, it, inject } from 'vitest';
import { domains } from '../contracts/index.ts';
import type { UserRepository } from '../contracts/user.ts';
import { buildRepositories, buildRepository, flagsOf, ModeFlagError, resolveMode, resolveModes, routedDomains, STORE_MODES } from '../harness/factory.ts';
import { ManualClock } from '../contracts/clock.ts';
import { runCutover, useScratchStores } from './support.ts';

const user = domains.find((d) => d.name === 'user')!;
const payment = domains.find((d) => d.name === 'payment')!;

describe('mode flags', () => {
  it('defaults to mongo and reads REPO_<DOMAIN>, <DOMAIN>_STORE and declared aliases, postgres meaning pg', () => {
    expect(resolveMode(payment, {})).toEqual({ domain: 'payment', mode: 'mongo', flags: ['REPO_PAYMENT', 'PAYMENT_STORE'] });
    expect(resolveMode(payment, { REPO_PAYMENT: 'dual' }).mode).toBe('dual');
    expect(resolveMode(payment, { PAYMENT_STORE: ' Postgres ' })).toMatchObject({ mode: 'pg', flag: 'PAYMENT_STORE' });
    expect(resolveMode(payment, { REPO_PAYMENT: 'pg', PAYMENT_STORE: 'postgres' })).toMatchObject({ mode: 'pg', flag: 'REPO_PAYMENT' });
    expect(resolveMode(payment, { REPO_PAYMENT: '' }).mode).toBe('mongo');
    expect(resolveMode(user, { AUTH_STORE: 'pg' })).toMatchObject({ mode: 'pg', flag: 'AUTH_STORE' });
    expect(flagsOf({ name: 'derived-destination' }).names).toEqual(['REPO_DERIVED_DESTINATION', 'DERIVED_DESTINATION_STORE']);
  });

  it('rejects an unknown value naming the flag, and two flags of one domain that disagree naming both', () => {
    expect(() => resolveMode(payment, { PAYMENT_STORE: 'postgresql' })).toThrow(ModeFlagError);
    expect(() => resolveMode(payment, { PAYMENT_STORE: 'postgresql' })).toThrow(/PAYMENT_STORE="postgresql" is not a store mode \(domain payment\)/);
    expect(() => resolveMode(payment, { REPO_PAYMENT: 'dual', PAYMENT_STORE: 'pg' })).toThrow(/REPO_PAYMENT \(dual\) and PAYMENT_STORE \(pg\) disagree/);
  });

  it("property: a domain's mode depends only on its own flags", () => {
    const allFlags = [...new Set(domains.flatMap((d) => flagsOf(d).names))];
    const value = fc.constantFrom(undefined, '', 'mongo', 'dual', 'pg', 'postgres', 'PG', ' dual ');
    const env = fc.record(Object.fromEntries(allFlags.map((f) => [f, value])), { requiredKeys: [] });
    fc.assert(
      fc.property(env, fc.constantFrom(...domains), fc.constantFrom(...allFlags), value, (e, d, other, v) => {
        const own = flagsOf(d).names;
        const resolve = (x: NodeJS.ProcessEnv) => {
          try {
            return resolveMode(d, x);
          } catch (err) {
            return (err as Error).message;
          }
        };
        const mine = resolve(e as NodeJS.ProcessEnv);
        // Only the domain's own flags are read ...
        expect(resolve(Object.fromEntries(own.map((f) => [f, (e as NodeJS.ProcessEnv)[f]])))).toEqual(mine);
        // ... so changing any other flag changes nothing.
        if (!own.includes(other)) expect(resolve({ ...(e as NodeJS.ProcessEnv), [other]: v })).toEqual(mine);
      }),
      { numRuns: 300 },
    );
  });

  it('resolves every registered domain; flags shared between domains are the ones the source system shares', () => {
    expect(resolveModes(domains, {}).map((m) => m.domain)).toEqual(routedDomains(domains).map((d) => d.name));
    expect(resolveModes(domains, {}).every((m) => m.mode === 'mongo')).toBe(true);
    expect(routedDomains(domains).map((d) => d.name)).not.toContain('journey');
    const owners = new Map<string, string[]>();
    for (const d of routedDomains(domains)) for (const f of flagsOf(d).names) owners.set(f, [...(owners.get(f) ?? []), d.name]);
    const shared = Object.fromEntries([...owners].filter(([, names]) => names.length > 1).map(([f, names]) => [f, [...names].sort().join(',')]));
    // The auth store routes users and credentials; the marketplace repository owns request templates.
    const allowed: Record<string, string> = { AUTH_STORE: 'auth,user', REPO_MARKETPLACE: 'marketplace,request-template', MARKETPLACE_STORE: 'marketplace,request-template' };
    for (const [flag, names] of Object.entries(shared)) expect(names, `${flag} is read by ${names}`).toBe(allowed[flag]);
  });

  it('cutover env fails before starting any server when a flag is bad, naming it', async () => {
    const r = await runCutover(['env'], { REPO_ADDRESS: 'sqlite' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/REPO_ADDRESS="sqlite" is not a store mode \(domain address\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('cutover env prints every domain with its mode and the flag that set it', async () => {
    const r = await runCutover(['env'], { PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl'), REPO_PAYMENT: 'postgres', ADDRESS_STORE: 'dual' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/payment\s+pg\s+from REPO_PAYMENT=postgres/);
    expect(r.stdout).toMatch(/address\s+dual\s+from ADDRESS_STORE=dual/);
    for (const d of routedDomains(domains)) expect(r.stdout).toMatch(new RegExp(`^  ${d.name}\\s+(mongo|dual|pg)\\s`, 'm'));
  });
});

describe('repositories the factory builds', () => {
  const scratch = useScratchStores();
  const stores = () => ({ mongo: scratch.mongo.db, pg: scratch.pg.db, clock: new ManualClock(Date.UTC(2026, 0, 1)) });

  for (const mode of STORE_MODES) {
    it(`${mode}: writes the stores the mode names, under one id`, async () => {
      await Promise.all([scratch.pg.reset(), scratch.mongo.reset()]);
      const repo = buildRepository(user, mode, stores()) as UserRepository;
      const u = await repo.create({ email: `factory-${mode}@example.com` });
      const docs = await scratch.mongo.db.collection('users').find().toArray();
      const rows = (await scratch.pg.db.execute<{ id: string; legacy_object_id: string | null }>('SELECT id::text, legacy_object_id FROM users')).rows;
      if (mode === 'mongo') {
        expect(docs.map((d) => d._id.toHexString())).toEqual([u.id]);
        expect(rows).toEqual([]);
      } else {
        expect(docs).toHaveLength(1);
        expect(rows).toHaveLength(1);
        // One entity, one legacy id on both sides; the caller sees the primary's id form.
        expect(rows[0]!.legacy_object_id).toBe(docs[0]!._id.toHexString());
        expect(u.id).toBe(mode === 'dual' ? docs[0]!._id.toHexString() : rows[0]!.id);
        // Later writes reach the mirror with the id it knows (pg mode: the uuid is translated).
        await repo.update(u.id, { displayName: 'Ada' });
        expect((await scratch.mongo.db.collection('users').findOne())?.displayName).toBe('Ada');
        expect((await scratch.pg.db.execute<{ display_name: string }>('SELECT display_name FROM users')).rows[0]!.display_name).toBe('Ada');
        const gaps = (await scratch.pg.db.execute('SELECT 1 FROM pg_dualwrite_gaps')).rows;
        expect(gaps).toEqual([]);
      }
    });
  }

  it('builds every domain in the mode its own flags select', () => {
    const repos = buildRepositories(domains, stores(), { REPO_PAYMENT: 'pg', ADDRESS_STORE: 'dual' });
    expect(Object.keys(repos)).toEqual(routedDomains(domains).map((d) => d.name));
    expect(() => buildRepositories(domains, stores(), { REPO_USER: 'oracle' })).toThrow(/REPO_USER="oracle"/);
  });
});
