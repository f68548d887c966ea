/** Example spec of the Trezor contract: unique xpub, atomic index allocation, explicit registration. */
import { assert, rejectsWith } from './examples.ts';
import { DuplicateKeyError, InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import { addressFor, type TrezorRepository } from './trezor.ts';
import type { Example, Repos } from './domain.ts';
import type { UserRepository } from './user.ts';

const trezor = (r: Repos) => r.trezor as TrezorRepository;
const owner = async (r: Repos) => (r.user as UserRepository).create({ email: `trezor${Math.random().toString(36).slice(2)}@example.com` });
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** A well-formed xpub no other example uses. */
const xpub = () => 'xpub' + Array.from({ length: 107 }, () => B58[Math.floor(Math.random() * B58.length)]).join('');

export const trezorExamples: readonly Example[] = [
  {
    name: 'refuses a second account with the same xpub',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await trezor(repos).createAccount({ userId: u.id, xpub: xpub(), network: 'bitcoin', label: 'Cold' });
      assert.deepEqual([a.nextIndex, a.label], [0, 'Cold']);
      await rejectsWith(trezor(repos).createAccount({ userId: u.id, xpub: a.xpub, network: 'bitcoin' }), DuplicateKeyError, { key: 'trezor_accounts.xpub' });
      await rejectsWith(trezor(repos).createAccount({ userId: u.id, xpub: 'xprv' + a.xpub.slice(4), network: 'bitcoin' }), ValidationError, { field: 'xpub' });
      assert.equal((await trezor(repos).listAccountsByUser(u.id)).length, 1);
    },
  },
  {
    name: 'deriveNext hands out 0, 1, 2 … and advances nextIndex; addresses are the deterministic stand-ins',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await trezor(repos).createAccount({ userId: u.id, xpub: xpub(), network: 'ethereum' });
      const got = [];
      for (let i = 0; i < 3; i++) got.push(await trezor(repos).deriveNext({ accountId: a.id }));
      assert.deepEqual(got.map((d) => d.index), [0, 1, 2]);
      assert.equal(got[1]!.address, addressFor(a.xpub, 1));
      assert.equal((await trezor(repos).getAccount(a.id))?.nextIndex, 3);
      await rejectsWith(trezor(repos).deriveNext({ accountId: MISSING_ID }), NotFoundError, { entity: 'trezorAccount' });
    },
  },
  {
    name: 'concurrent deriveNext calls never share an index',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await trezor(repos).createAccount({ userId: u.id, xpub: xpub(), network: 'ethereum' });
      const got = await Promise.all(Array.from({ length: 4 }, () => trezor(repos).deriveNext({ accountId: a.id })));
      assert.deepEqual(got.map((d) => d.index).sort(), [0, 1, 2, 3]);
      assert.equal((await trezor(repos).getAccount(a.id))?.nextIndex, 4);
    },
  },
  {
    name: 'registering an index the account has is a conflict; a higher one raises nextIndex; addresses list in index order',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await trezor(repos).createAccount({ userId: u.id, xpub: xpub(), network: 'bitcoin' });
      await trezor(repos).deriveNext({ accountId: a.id });
      await rejectsWith(trezor(repos).registerAddress({ accountId: a.id, index: 0 }), DuplicateKeyError, { key: 'trezor_derived_addresses.account_index' });
      await trezor(repos).registerAddress({ accountId: a.id, index: 7 });
      await trezor(repos).registerAddress({ accountId: a.id, index: 3 });
      assert.equal((await trezor(repos).getAccount(a.id))?.nextIndex, 8);
      assert.equal((await trezor(repos).deriveNext({ accountId: a.id })).index, 8);
      assert.deepEqual((await trezor(repos).listAddresses(a.id)).map((d) => d.index), [0, 3, 7, 8]);
      await rejectsWith(trezor(repos).registerAddress({ accountId: a.id, index: -1 }), ValidationError, { field: 'index' });
    },
  },
  {
    name: 'refuses deriveNext once the last non-hardened index is taken',
    async run({ repos }) {
      const u = await owner(repos);
      const a = await trezor(repos).createAccount({ userId: u.id, xpub: xpub(), network: 'bitcoin' });
      await trezor(repos).registerAddress({ accountId: a.id, index: 2147483647 });
      assert.equal((await trezor(repos).getAccount(a.id))?.nextIndex, 2147483648);
      await rejectsWith(trezor(repos).deriveNext({ accountId: a.id }), InvariantViolation, { invariant: 'trezor.index_exhausted' });
    },
  },
];
