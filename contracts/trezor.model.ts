/** Reference model of the Trezor contract. */
import { DuplicateKeyError, InvariantViolation, NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { User } from './user.ts';
import {
  ACCOUNT_INDEX_KEY,
  addressFor,
  INDEX_EXHAUSTED,
  MAX_CHILD_INDEX,
  validateDeriveNext,
  validateNewTrezorAccount,
  validateRegisterAddress,
  XPUB_KEY,
  type TrezorAccount,
  type TrezorDerivedAddress,
  type TrezorRepository,
} from './trezor.ts';

/** Model of {@link TrezorRepository}. */
export function trezorModel({ clock, state }: ModelContext): TrezorRepository {
  const accounts = state.table<TrezorAccount>('trezorAccount');
  const addresses = state.table<TrezorDerivedAddress>('trezorDerivedAddress');
  const users = state.table<User>('user');
  const add = (a: TrezorAccount, index: number, id: string | undefined): TrezorDerivedAddress => {
    const now = clock.now();
    const d: TrezorDerivedAddress = { id: id ?? state.nextId(), accountId: a.id, index, address: addressFor(a.xpub, index), createdAt: now };
    addresses.set(d.id, d);
    if (index + 1 > a.nextIndex) Object.assign(a, { nextIndex: index + 1, updatedAt: now });
    return structuredClone(d);
  };
  return {
    async createAccount(input) {
      const v = validateNewTrezorAccount(input);
      if (!users.has(v.userId)) throw new NotFoundError('user', v.userId);
      if ([...accounts.values()].some((a) => a.xpub === v.xpub)) throw new DuplicateKeyError(XPUB_KEY);
      const now = clock.now();
      const { id, ...rest } = v;
      const a: TrezorAccount = { id: id ?? state.nextId(), ...rest, nextIndex: 0, createdAt: now, updatedAt: now };
      accounts.set(a.id, a);
      return structuredClone(a);
    },
    async getAccount(id) {
      const a = accounts.get(id);
      return a ? structuredClone(a) : null;
    },
    async listAccountsByUser(userId) {
      // Insertion order and a stable sort: equal times keep creation order.
      return [...accounts.values()].filter((a) => a.userId === userId).sort((x, y) => x.createdAt - y.createdAt).map((a) => structuredClone(a));
    },
    async deriveNext(input) {
      const v = validateDeriveNext(input);
      const a = accounts.get(v.accountId);
      if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      if (a.nextIndex > MAX_CHILD_INDEX) throw new InvariantViolation(INDEX_EXHAUSTED, `account ${a.id} has used every non-hardened index`);
      return add(a, a.nextIndex, v.id);
    },
    async registerAddress(input) {
      const v = validateRegisterAddress(input);
      const a = accounts.get(v.accountId);
      if (!a) throw new NotFoundError('trezorAccount', v.accountId);
      if ([...addresses.values()].some((d) => d.accountId === a.id && d.index === v.index)) throw new DuplicateKeyError(ACCOUNT_INDEX_KEY);
      return add(a, v.index, v.id);
    },
    async listAddresses(accountId) {
      return [...addresses.values()].filter((d) => d.accountId === accountId).sort((x, y) => x.index - y.index).map((d) => structuredClone(d));
    },
  };
}
