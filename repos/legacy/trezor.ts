/**
 * Stored-entity specs of the Trezor domain: `trezorAccounts` ↔ `trezor_accounts` and
 * `trezorDerivedAddresses` ↔ `trezor_derived_addresses`.
 *
 * Canonical records: {@link TrezorAccount} and {@link TrezorDerivedAddress} with legacy ids.
 * Legacy integers (`nextIndex`, `index`) may be doubles, Int32 or Long; `nextIndex` missing reads
 * as 0 (the contract's start, flagged). That `nextIndex` is above every derived index is a
 * cross-document rule the specs cannot see; the model-based invariant checks it.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { NETWORKS } from '../../contracts/derived-destination.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { MAX_CHILD_INDEX, XPUB_PATTERN, type TrezorAccount, type TrezorDerivedAddress } from '../../contracts/trezor.ts';
import { trezorAccounts, trezorDerivedAddresses } from '../../schema/trezor.ts';
import { describe, LegacyShapeError, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `trezor_accounts` row as Drizzle reads it. */
export type TrezorAccountRow = typeof trezorAccounts.$inferSelect;
/** Insert values of a `trezor_accounts` row. */
export type TrezorAccountInsert = typeof trezorAccounts.$inferInsert;
/** A `trezor_derived_addresses` row as Drizzle reads it. */
export type TrezorAddressRow = typeof trezorDerivedAddresses.$inferSelect;
/** Insert values of a `trezor_derived_addresses` row. */
export type TrezorAddressInsert = typeof trezorDerivedAddresses.$inferInsert;

/** A legacy integer (a JS number, BSON Int32/Long/Double) as a safe JS integer. Throws `LegacyShapeError`. */
export function readInteger(field: string, value: unknown, r?: ShapeReader, fallback?: number): number {
  if ((value === undefined || value === null) && fallback !== undefined) {
    r?.flag(field, 'defaulted', `missing; read as the contract default ${fallback}`);
    return fallback;
  }
  const bson = (value as { _bsontype?: unknown } | null)?._bsontype;
  const n = typeof value === 'number' ? value : bson === 'Long' || bson === 'Int32' || bson === 'Double' ? Number(String(value)) : Number.NaN;
  if (Number.isSafeInteger(n)) return n;
  throw new LegacyShapeError(field, `must be an integer (found ${describe(value)})`);
}

function inRange(field: string, n: number, max: number): void {
  if (n < 0 || n > max) throw new ValidationError(field, `must be an integer from 0 to ${max}`);
}

/** Canonical {@link TrezorAccount} of a `trezorAccounts` document. Throws `LegacyShapeError`. */
export function trezorAccountFromLegacy(doc: Document): LegacyReading<TrezorAccount> {
  const r = new ShapeReader(doc);
  const a: TrezorAccount = {
    id: r.id(),
    userId: r.ref('userId'),
    xpub: r.string('xpub'),
    network: r.oneOf('network', NETWORKS),
    nextIndex: readInteger('nextIndex', doc.nextIndex, r, 0),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(a, { label: r.optionalString('label') }, ['label']), flags: r.flags };
}

/** Contract rules of an account record: xpub shape, label, nextIndex range. */
export function validateTrezorAccountRecord(a: TrezorAccount): RuleViolation[] {
  return collectViolations([
    () => {
      if (!new RegExp(XPUB_PATTERN).test(a.xpub)) throw new ValidationError('xpub', 'must be an extended public key');
    },
    () => optionalText('label', a.label, 50),
    () => inRange('nextIndex', a.nextIndex, MAX_CHILD_INDEX + 1),
  ]);
}

/** Canonical {@link TrezorDerivedAddress} of a `trezorDerivedAddresses` document. Throws `LegacyShapeError`. */
export function trezorAddressFromLegacy(doc: Document): LegacyReading<TrezorDerivedAddress> {
  const r = new ShapeReader(doc);
  const d: TrezorDerivedAddress = {
    id: r.id(),
    accountId: r.ref('accountId'),
    index: readInteger('index', doc.index, r),
    address: r.string('address'),
    createdAt: r.time('createdAt'),
  };
  return { record: d, flags: r.flags };
}

/** Contract rules of an address record: index range, non-empty safe address. */
export function validateTrezorAddressRecord(d: TrezorDerivedAddress): RuleViolation[] {
  return collectViolations([() => inRange('index', d.index, MAX_CHILD_INDEX), () => requireText('address', d.address, 200)]);
}

/** The `trezor_accounts` spec. */
export const trezorAccountEntity: StoredEntity<TrezorAccount, TrezorAccountRow, TrezorAccountInsert> = {
  name: 'trezorAccount',
  domain: 'trezor',
  collection: 'trezorAccounts',
  table: 'trezor_accounts',
  pgTable: trezorAccounts,
  references: { userId: 'users' },
  appendOnly: false,
  fromDocument: trezorAccountFromLegacy,
  validate: validateTrezorAccountRecord,
  fromRow(row, refs) {
    const a: TrezorAccount = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      xpub: row.xpub,
      network: row.network,
      // Backfill and verify read rows with plain node-postgres, which returns bigint as text.
      nextIndex: Number(row.nextIndex),
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(a, row, ['label']);
  },
  toRow(a, resolve) {
    return {
      legacyObjectId: a.id,
      userId: resolve('users', a.userId),
      xpub: a.xpub,
      label: a.label ?? null,
      network: a.network,
      nextIndex: a.nextIndex,
      createdAt: new Date(a.createdAt),
      updatedAt: new Date(a.updatedAt),
    };
  },
};

/** The `trezor_derived_addresses` spec. */
export const trezorAddressEntity: StoredEntity<TrezorDerivedAddress, TrezorAddressRow, TrezorAddressInsert> = {
  name: 'trezorDerivedAddress',
  domain: 'trezor',
  collection: 'trezorDerivedAddresses',
  table: 'trezor_derived_addresses',
  pgTable: trezorDerivedAddresses,
  references: { accountId: 'trezor_accounts' },
  appendOnly: false,
  fromDocument: trezorAddressFromLegacy,
  validate: validateTrezorAddressRecord,
  fromRow(row, refs) {
    return { id: rowId(row), accountId: refId(refs, 'accountId', row.accountId), index: row.index, address: row.address, createdAt: row.createdAt.getTime() };
  },
  toRow(d, resolve) {
    return { legacyObjectId: d.id, accountId: resolve('trezor_accounts', d.accountId), index: d.index, address: d.address, createdAt: new Date(d.createdAt) };
  },
};
