/**
 * Drizzle implementation of the Trezor contract (tables `trezor_accounts`,
 * `trezor_derived_addresses`).
 *
 * `deriveNext` and `registerAddress` run in one transaction that locks the account row
 * (`SELECT … FOR UPDATE`) before reading `next_index`, insert the address and raise
 * `next_index` — so concurrent callers serialize per account and never share an index; the
 * unique `(account_id, index)` constraint is the backstop.
 */
import { and, asc, eq } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
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
} from '../../contracts/trezor.ts';
import { trezorAccounts, trezorDerivedAddresses } from '../../schema/trezor.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, ms } from './support.ts';

type AccountRow = typeof trezorAccounts.$inferSelect;

const UNIQUE: ConstraintErrors = {
  trezor_accounts_xpub_uq: () => new DuplicateKeyError(XPUB_KEY),
  trezor_derived_addresses_account_index_uq: () => new DuplicateKeyError(ACCOUNT_INDEX_KEY),
};

/** Contract view of a `trezor_accounts` row. */
export function trezorAccountFromRow(r: AccountRow): TrezorAccount {
  const a: TrezorAccount = {
    id: r.id,
    userId: r.userId,
    xpub: r.xpub,
    network: r.network,
    nextIndex: r.nextIndex,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  return assignPresent(a, r, ['label']);
}

/** Contract view of a `trezor_derived_addresses` row. */
export function trezorAddressFromRow(r: typeof trezorDerivedAddresses.$inferSelect): TrezorDerivedAddress {
  return { id: r.id, accountId: r.accountId, index: r.index, address: r.address, createdAt: ms(r.createdAt) };
}

/** Inserts the address at `index` of the locked account `a` and raises its `next_index` past it. */
export async function insertAddress(tx: PgDatabase, a: AccountRow, index: number, id: string | undefined, now: Date): Promise<TrezorDerivedAddress> {
  const [row] = await tx
    .insert(trezorDerivedAddresses)
    .values({ legacyObjectId: id, accountId: a.id, index, address: addressFor(a.xpub, index), createdAt: now })
    .returning();
  if (index + 1 > a.nextIndex) await tx.update(trezorAccounts).set({ nextIndex: index + 1, updatedAt: now }).where(eq(trezorAccounts.id, a.id));
  return trezorAddressFromRow(row!);
}

/** {@link TrezorRepository} over Postgres with Drizzle. */
export function drizzleTrezorRepository({ db, clock }: DrizzleContext): TrezorRepository {
  const lockAccount = async (tx: PgDatabase, id: string) => (await tx.select().from(trezorAccounts).where(byId(trezorAccounts, id)).for('update'))[0];
  return {
    async createAccount(input) {
      const v = validateNewTrezorAccount(input);
      const [u] = await db.select({ id: users.id }).from(users).where(byId(users, v.userId));
      if (!u) throw new NotFoundError('user', v.userId);
      const now = new Date(clock.now());
      const { id, ...rest } = v;
      const [row] = await db
        .insert(trezorAccounts)
        .values({ ...rest, legacyObjectId: id, userId: u.id, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e, UNIQUE));
      return trezorAccountFromRow(row!);
    },
    async getAccount(id) {
      const [row] = await db.select().from(trezorAccounts).where(byId(trezorAccounts, id));
      return row ? trezorAccountFromRow(row) : null;
    },
    async listAccountsByUser(userId) {
      const rows = await db
        .select({ a: trezorAccounts })
        .from(trezorAccounts)
        .innerJoin(users, eq(users.id, trezorAccounts.userId))
        .where(byId(users, userId))
        .orderBy(asc(trezorAccounts.createdAt), asc(trezorAccounts.seq));
      return rows.map((r) => trezorAccountFromRow(r.a));
    },
    async deriveNext(input) {
      const v = validateDeriveNext(input);
      return inTransaction(db, async (tx) => {
        const a = await lockAccount(tx, v.accountId);
        if (!a) throw new NotFoundError('trezorAccount', v.accountId);
        if (a.nextIndex > MAX_CHILD_INDEX) throw new InvariantViolation(INDEX_EXHAUSTED, `account ${a.id} has used every non-hardened index`);
        return insertAddress(tx, a, a.nextIndex, v.id, new Date(clock.now()));
      }).catch((e) => mapPgError(e, UNIQUE));
    },
    async registerAddress(input) {
      const v = validateRegisterAddress(input);
      return inTransaction(db, async (tx) => {
        const a = await lockAccount(tx, v.accountId);
        if (!a) throw new NotFoundError('trezorAccount', v.accountId);
        const [taken] = await tx
          .select({ id: trezorDerivedAddresses.id })
          .from(trezorDerivedAddresses)
          .where(and(eq(trezorDerivedAddresses.accountId, a.id), eq(trezorDerivedAddresses.index, v.index)));
        if (taken) throw new DuplicateKeyError(ACCOUNT_INDEX_KEY);
        return insertAddress(tx, a, v.index, v.id, new Date(clock.now()));
      }).catch((e) => mapPgError(e, UNIQUE));
    },
    async listAddresses(accountId) {
      const rows = await db
        .select({ d: trezorDerivedAddresses })
        .from(trezorDerivedAddresses)
        .innerJoin(trezorAccounts, eq(trezorAccounts.id, trezorDerivedAddresses.accountId))
        .where(byId(trezorAccounts, accountId))
        .orderBy(asc(trezorDerivedAddresses.index));
      return rows.map((r) => trezorAddressFromRow(r.d));
    },
  };
}
