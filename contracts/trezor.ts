/**
 * Trezor contract: a user's hardware-wallet accounts (one extended public key each) and the
 * receive addresses derived from them.
 *
 * Rules: an `xpub` belongs to one account (`DuplicateKeyError('trezor_accounts.xpub')`);
 * `deriveNext` takes the account's `nextIndex` and advances it atomically, so two callers never
 * get the same index; `registerAddress` records an explicit index (an index the account already
 * has is `DuplicateKeyError('trezor_derived_addresses.account_index')`) and raises `nextIndex`
 * past it. Hence `nextIndex` > every derived index of the account, always.
 *
 * This harness does no real BIP-32 derivation: an address is a deterministic stand-in computed
 * from the xpub and the index ({@link addressFor}: a SHA-256 digest), identical in every
 * implementation, which is all the contract's rules need.
 *
 * @public
 */
import { createHash } from 'node:crypto';
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText } from './text.ts';
import { NETWORKS, type Network } from './derived-destination.ts';
import type { MethodMap } from './domain.ts';

/** Contract keys of the unique rules (Postgres constraint names map to them, Mongo index names are them). */
export const XPUB_KEY = 'trezor_accounts.xpub';
export const ACCOUNT_INDEX_KEY = 'trezor_derived_addresses.account_index';
/** The invariant of a `deriveNext` on an account whose non-hardened index space is used up. */
export const INDEX_EXHAUSTED = 'trezor.index_exhausted';

/** Largest non-hardened BIP-32 child index; `nextIndex` may reach one past it. */
export const MAX_CHILD_INDEX = 2 ** 31 - 1;
/** An extended public key: a SLIP-132 prefix and 107 base58 characters (111 in all). */
export const XPUB_PATTERN = '^(xpub|ypub|zpub|tpub|upub|vpub)[1-9A-HJ-NP-Za-km-z]{107}$';

/** A stored account. `nextIndex` is the index `deriveNext` will take. Times are UTC ms. */
export interface TrezorAccount {
  id: string;
  userId: string;
  xpub: string;
  label?: string;
  network: Network;
  nextIndex: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewTrezorAccount {
  id?: string;
  userId: string;
  xpub: string;
  label?: string;
  network: Network;
}

/** A derived receive address (immutable). */
export interface TrezorDerivedAddress {
  id: string;
  accountId: string;
  index: number;
  address: string;
  createdAt: number;
}

/** Input of `deriveNext`: the account, and the id the primary store minted (DualWrite). */
export interface DeriveNextInput {
  id?: string;
  accountId: string;
}

/** Input of `registerAddress`: an explicit child index. */
export interface RegisterAddressInput {
  id?: string;
  accountId: string;
  index: number;
}

/** The Trezor repository every implementation provides. */
export interface TrezorRepository {
  /** Creates an account with `nextIndex` 0. Throws `ValidationError`/`UnsafeInputError` (first), `NotFoundError('user')`, `DuplicateKeyError('trezor_accounts.xpub')`. */
  createAccount(input: NewTrezorAccount): Promise<TrezorAccount>;
  getAccount(id: string): Promise<TrezorAccount | null>;
  /** The user's accounts, oldest first (creation order among equal times). */
  listAccountsByUser(userId: string): Promise<TrezorAccount[]>;
  /**
   * Derives the address at the account's `nextIndex` and advances it by one, atomically (two
   * concurrent calls never share an index). Throws `ValidationError`, `NotFoundError('trezorAccount')`,
   * `InvariantViolation('trezor.index_exhausted')` when `nextIndex` is past {@link MAX_CHILD_INDEX}.
   */
  deriveNext(input: DeriveNextInput): Promise<TrezorDerivedAddress>;
  /**
   * Records the address at an explicit index (0 … {@link MAX_CHILD_INDEX}) and raises the
   * account's `nextIndex` to index + 1 when it is not already higher. Throws `ValidationError('index')`,
   * `NotFoundError('trezorAccount')`, `DuplicateKeyError('trezor_derived_addresses.account_index')`.
   */
  registerAddress(input: RegisterAddressInput): Promise<TrezorDerivedAddress>;
  /** The account's addresses in index order; empty for an unknown account. */
  listAddresses(accountId: string): Promise<TrezorDerivedAddress[]>;
}

export const trezorMethods: MethodMap<TrezorRepository> = {
  createAccount: { create: 'trezorAccount' },
  getAccount: 'read',
  listAccountsByUser: 'read',
  deriveNext: { create: 'trezorDerivedAddress' },
  registerAddress: { create: 'trezorDerivedAddress' },
  listAddresses: 'read',
};

/**
 * The stand-in address of child `index` of `xpub`: `trz1` and the first 40 hex digits of
 * SHA-256(`xpub/index`). Not a real BIP-32 derivation (see the module comment).
 */
export function addressFor(xpub: string, index: number): string {
  return 'trz1' + createHash('sha256').update(`${xpub}/${index}`).digest('hex').slice(0, 40);
}

function optionalId(input: { id?: unknown }): void {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
}

/** Validates `createAccount` input; errors name the field. */
export function validateNewTrezorAccount(input: NewTrezorAccount): NewTrezorAccount {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  if (typeof input.xpub !== 'string' || !new RegExp(XPUB_PATTERN).test(input.xpub)) throw new ValidationError('xpub', 'must be an extended public key (xpub/ypub/zpub/tpub/upub/vpub and 107 base58 characters)');
  if (!(NETWORKS as readonly unknown[]).includes(input.network)) throw new ValidationError('network', `must be one of ${NETWORKS.join(', ')}`);
  const out: NewTrezorAccount = { userId: input.userId, xpub: input.xpub, network: input.network };
  if (input.id !== undefined) out.id = input.id;
  const label = optionalText('label', input.label, 50);
  if (typeof label === 'string') out.label = label;
  return out;
}

/** Validates `deriveNext` input. */
export function validateDeriveNext(input: DeriveNextInput): DeriveNextInput {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.accountId !== 'string') throw new ValidationError('accountId', 'must be an id string');
  return input.id === undefined ? { accountId: input.accountId } : { id: input.id, accountId: input.accountId };
}

/** Validates `registerAddress` input: `index` an integer 0 … {@link MAX_CHILD_INDEX}. */
export function validateRegisterAddress(input: RegisterAddressInput): RegisterAddressInput {
  const base = validateDeriveNext(input);
  if (!Number.isSafeInteger(input.index) || input.index < 0 || input.index > MAX_CHILD_INDEX) {
    throw new ValidationError('index', `must be an integer from 0 to ${MAX_CHILD_INDEX} (a non-hardened child index)`);
  }
  return { ...base, index: input.index };
}
