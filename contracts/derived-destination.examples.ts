/** Example spec of the derived-destination contract: unique address and path, BIP-32 paths, sweeps. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { DerivedDestinationRepository, NewDerivedDestination } from './derived-destination.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const dests = (r: Repos) => r['derived-destination'] as DerivedDestinationRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `dest${Math.random().toString(36).slice(2)}@example.com` });
let n = 0;
/** A destination with an address and path no other example uses. */
const fresh = (userId: string, extra: Partial<NewDerivedDestination> = {}): NewDerivedDestination => {
  const i = ++n + Math.floor(Math.random() * 1e6) * 100;
  return { userId, currency: 'USDT', network: 'tron', address: `T${String(i).padStart(33, '9')}`, derivationPath: `m/44'/195'/0'/0/${i}`, ...extra };
};
const hash = (c: string) => `0x${c.repeat(64)}`;

export const derivedDestinationExamples: readonly Example[] = [
  {
    name: 'refuses a second destination with the same address, or the same derivation path, naming the field',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await dests(repos).create(fresh(u.id));
      await rejectsWith(dests(repos).create(fresh(u.id, { address: a.address })), DuplicateKeyError, { key: 'derived_destinations.address' });
      await rejectsWith(dests(repos).create(fresh(u.id, { derivationPath: a.derivationPath })), DuplicateKeyError, { key: 'derived_destinations.derivation_path' });
      // Both clash: the address is named.
      await rejectsWith(dests(repos).create(fresh(u.id, { address: a.address, derivationPath: a.derivationPath })), DuplicateKeyError, { key: 'derived_destinations.address' });
      assert.equal((await dests(repos).getByAddress(a.address))?.id, a.id);
      assert.equal((await dests(repos).listByUser(u.id)).length, 1);
    },
  },
  {
    name: "accepts BIP-32 paths such as m/44'/60'/0'/0/5 and refuses malformed ones",
    async run({ repos }) {
      const u = await owner(repos);
      const ok = await dests(repos).create(fresh(u.id, { derivationPath: `m/44'/60'/0'/0/${Date.now() % 100000}${n++}` }));
      assert.equal(ok.status, 'active');
      for (const path of ['m', "m/44'/60'/0'/0/05", 'm/2147483648', "m/44''/0", 'M/0', 'm/0/', "m/1/2/3/4/5/6/7/8/9/10/11"]) {
        await rejectsWith(dests(repos).create(fresh(u.id, { derivationPath: path })), ValidationError, { field: 'derivationPath' });
      }
      await rejectsWith(dests(repos).create(fresh(u.id, { paymentId: MISSING_ID })), NotFoundError, { entity: 'payment' });
    },
  },
  {
    name: "records a sweep only for an existing destination, in the destination's currency, with a unique tx hash",
    async run({ repos }) {
      const u = await owner(repos);
      const d = await dests(repos).create(fresh(u.id, { currency: 'TRY' }));
      await rejectsWith(dests(repos).recordSweep({ destinationId: MISSING_ID, amount: '1', txHash: hash('e') }), NotFoundError, { entity: 'derivedDestination' });
      await rejectsWith(dests(repos).recordSweep({ destinationId: d.id, amount: '1.001', txHash: hash('e') }), ValidationError, { field: 'amount' });
      const s = await dests(repos).recordSweep({ destinationId: d.id, amount: '12.50', txHash: hash(`${n % 10}`) });
      assert.deepEqual([s.currency, s.amount, s.status], ['TRY', '12.5', 'pending']);
      await rejectsWith(dests(repos).recordSweep({ destinationId: d.id, amount: '1', txHash: s.txHash }), DuplicateKeyError, { key: 'derived_destination_sweeps.tx_hash' });
    },
  },
  {
    name: 'marks the destination swept when a sweep is confirmed, never when it fails; a retired destination stays retired',
    async run({ repos }) {
      const u = await owner(repos);
      const d = await dests(repos).create(fresh(u.id));
      const tag = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
      const failed = await dests(repos).recordSweep({ destinationId: d.id, amount: '1', txHash: `0x${tag.repeat(8)}` });
      await dests(repos).setSweepStatus(failed.id, 'failed');
      assert.equal((await dests(repos).get(d.id))?.status, 'active');
      await rejectsWith(dests(repos).setSweepStatus(failed.id, 'confirmed'), InvariantViolation, { invariant: 'derived_destination_sweep.status_transition' });
      const ok = await dests(repos).recordSweep({ destinationId: d.id, amount: '2', txHash: `${tag.repeat(8)}` });
      assert.equal((await dests(repos).setSweepStatus(ok.id, 'confirmed')).status, 'confirmed');
      assert.equal((await dests(repos).get(d.id))?.status, 'swept');
      assert.deepEqual((await dests(repos).listSweeps(d.id)).map((s) => s.id), [failed.id, ok.id]);
      const r = await dests(repos).create(fresh(u.id));
      assert.equal((await dests(repos).retire(r.id)).status, 'retired');
      await dests(repos).recordSweep({ destinationId: r.id, amount: '3', txHash: `0x${tag.split('').reverse().join('').repeat(8)}`, status: 'confirmed' });
      assert.equal((await dests(repos).get(r.id))?.status, 'retired');
    },
  },
];
