/**
 * Stored-entity specs of the derived-destination domain: `derivedDestinations` ↔
 * `derived_destinations` and `derivedDestinationSweeps` ↔ `derived_destination_sweeps` (a
 * sweep's currency must be its destination's: a composite foreign key in Postgres).
 *
 * Canonical records: {@link DerivedDestination} and {@link DerivedDestinationSweep} with legacy
 * ids and canonical money strings.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { CURRENCIES, validateAmount, canonicalDecimal } from '../../contracts/money.ts';
import {
  ADDRESS_PATTERN,
  DESTINATION_STATUSES,
  NETWORKS,
  SWEEP_STATUSES,
  TX_HASH_PATTERN,
  validateDerivationPath,
  type DerivedDestination,
  type DerivedDestinationSweep,
} from '../../contracts/derived-destination.ts';
import { derivedDestinations, derivedDestinationSweeps } from '../../schema/derived-destinations.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `derived_destinations` row as Drizzle reads it. */
export type DerivedDestinationRow = typeof derivedDestinations.$inferSelect;
/** Insert values of a `derived_destinations` row. */
export type DerivedDestinationInsert = typeof derivedDestinations.$inferInsert;
/** A `derived_destination_sweeps` row as Drizzle reads it. */
export type SweepRow = typeof derivedDestinationSweeps.$inferSelect;
/** Insert values of a `derived_destination_sweeps` row. */
export type SweepInsert = typeof derivedDestinationSweeps.$inferInsert;

function matches(field: string, value: string, pattern: string, rule: string): void {
  if (!new RegExp(pattern).test(value)) throw new ValidationError(field, rule);
}

/** Canonical {@link DerivedDestination} of a `derivedDestinations` document (`status` missing → `active`, flagged). Throws `LegacyShapeError`. */
export function derivedDestinationFromLegacy(doc: Document): LegacyReading<DerivedDestination> {
  const r = new ShapeReader(doc);
  const d: DerivedDestination = {
    id: r.id(),
    userId: r.ref('userId'),
    currency: r.oneOf('currency', CURRENCIES),
    network: r.oneOf('network', NETWORKS),
    address: r.string('address'),
    derivationPath: r.string('derivationPath'),
    status: r.oneOf('status', DESTINATION_STATUSES, 'active'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: present(d, { paymentId: r.ref('paymentId', true) }, ['paymentId']), flags: r.flags };
}

/** Contract rules of a destination record: address shape, BIP-32 path. */
export function validateDerivedDestinationRecord(d: DerivedDestination): RuleViolation[] {
  return collectViolations([
    () => matches('address', d.address, ADDRESS_PATTERN, 'must be 8-128 ASCII letters and digits'),
    () => validateDerivationPath('derivationPath', d.derivationPath),
  ]);
}

/** Canonical {@link DerivedDestinationSweep} of a `derivedDestinationSweeps` document. Throws `LegacyShapeError`. */
export function sweepFromLegacy(doc: Document): LegacyReading<DerivedDestinationSweep> {
  const r = new ShapeReader(doc);
  const s: DerivedDestinationSweep = {
    id: r.id(),
    destinationId: r.ref('destinationId'),
    currency: r.oneOf('currency', CURRENCIES),
    amount: r.money('amount'),
    txHash: r.string('txHash'),
    status: r.oneOf('status', SWEEP_STATUSES),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  return { record: s, flags: r.flags };
}

/** Contract rules of a sweep record: amount in its currency, tx hash shape. (Its currency match is `agreesWith`.) */
export function validateSweepRecord(s: DerivedDestinationSweep): RuleViolation[] {
  return collectViolations([
    () => validateAmount('amount', s.amount, s.currency),
    () => matches('txHash', s.txHash, TX_HASH_PATTERN, 'must be 64 lower-case hex digits, optionally 0x-prefixed'),
  ]);
}

/** The `derived_destinations` spec. */
export const derivedDestinationEntity: StoredEntity<DerivedDestination, DerivedDestinationRow, DerivedDestinationInsert> = {
  name: 'derivedDestination',
  domain: 'derived-destination',
  collection: 'derivedDestinations',
  table: 'derived_destinations',
  pgTable: derivedDestinations,
  references: { userId: 'users', paymentId: 'payments' },
  appendOnly: false,
  fromDocument: derivedDestinationFromLegacy,
  validate: validateDerivedDestinationRecord,
  fromRow(row, refs) {
    const d: DerivedDestination = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      currency: row.currency,
      network: row.network,
      address: row.address,
      derivationPath: row.derivationPath,
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(d, { paymentId: row.paymentId === null ? undefined : refId(refs, 'paymentId', row.paymentId) }, ['paymentId']);
  },
  toRow(d, resolve) {
    return {
      legacyObjectId: d.id,
      userId: resolve('users', d.userId),
      paymentId: d.paymentId === undefined ? null : resolve('payments', d.paymentId),
      currency: d.currency,
      network: d.network,
      address: d.address,
      derivationPath: d.derivationPath,
      status: d.status,
      createdAt: new Date(d.createdAt),
      updatedAt: new Date(d.updatedAt),
    };
  },
};

/** The `derived_destination_sweeps` spec: `currency` must be its destination's. */
export const derivedDestinationSweepEntity: StoredEntity<DerivedDestinationSweep, SweepRow, SweepInsert> = {
  name: 'derivedDestinationSweep',
  domain: 'derived-destination',
  collection: 'derivedDestinationSweeps',
  table: 'derived_destination_sweeps',
  pgTable: derivedDestinationSweeps,
  references: { destinationId: 'derived_destinations' },
  agreesWith: { via: 'destinationId', fields: ['currency'] },
  appendOnly: false,
  fromDocument: sweepFromLegacy,
  validate: validateSweepRecord,
  fromRow(row, refs) {
    return {
      id: rowId(row),
      destinationId: refId(refs, 'destinationId', row.destinationId),
      currency: row.currency,
      amount: canonicalDecimal(row.amount),
      txHash: row.txHash,
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
  },
  toRow(s, resolve) {
    return {
      legacyObjectId: s.id,
      destinationId: resolve('derived_destinations', s.destinationId),
      currency: s.currency,
      amount: s.amount,
      txHash: s.txHash,
      status: s.status,
      createdAt: new Date(s.createdAt),
      updatedAt: new Date(s.updatedAt),
    };
  },
};
