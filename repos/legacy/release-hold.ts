/**
 * Stored-entity spec of release holds: collection `releaseHolds` ↔ table `release_holds`. The
 * Mongo `seq` and the Postgres identity `seq` are each store's own creation order, not part of
 * the record.
 *
 * Canonical record: {@link ReleaseHold} with legacy ids (`paymentId`, `purchaseRequestId`,
 * `placedBy` as ObjectId hex). A missing `placedAt` is refused (no default could be right).
 *
 * Not checked per record: "at most one active hold per payment", "the payment was holdable when
 * the hold was placed" and "the payment's user is the request's buyer" span documents; Postgres
 * refuses a second active hold (partial unique index), and backfill reports that row as refused.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { RELEASE_HOLD_NOTE_LIMIT, RELEASE_HOLD_REASONS, RELEASE_HOLD_STATUSES, type ReleaseHold } from '../../contracts/release-hold.ts';
import { optionalText } from '../../contracts/text.ts';
import { releaseHolds } from '../../schema/release-holds.ts';
import { readTime, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `release_holds` row as Drizzle reads it. */
export type ReleaseHoldRow = typeof releaseHolds.$inferSelect;
/** Insert values of a `release_holds` row (the identity `seq` is the database's). */
export type ReleaseHoldInsert = typeof releaseHolds.$inferInsert;

const OPTIONAL = ['releasedAt', 'releaseNote'];

/** Canonical {@link ReleaseHold} of a `releaseHolds` document; a missing status reads as `active` (flagged). Throws `LegacyShapeError`. */
export function releaseHoldFromLegacy(doc: Document): LegacyReading<ReleaseHold> {
  const r = new ShapeReader(doc);
  const h: ReleaseHold = {
    id: r.id(),
    paymentId: r.ref('paymentId'),
    purchaseRequestId: r.ref('purchaseRequestId'),
    placedBy: r.ref('placedBy'),
    reason: r.oneOf('reason', RELEASE_HOLD_REASONS),
    status: r.oneOf('status', RELEASE_HOLD_STATUSES, 'active'),
    placedAt: r.time('placedAt'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const releasedAt = doc.releasedAt === undefined || doc.releasedAt === null ? undefined : readTime('releasedAt', doc.releasedAt, r);
  return { record: present(h, { releasedAt, releaseNote: r.optionalString('releaseNote') }, OPTIONAL), flags: r.flags };
}

/** Contract rules of a hold record: `releasedAt` exactly when ended and not before placement, the note's length. */
export function validateReleaseHoldRecord(h: ReleaseHold): RuleViolation[] {
  return collectViolations([
    () => optionalText('releaseNote', h.releaseNote, RELEASE_HOLD_NOTE_LIMIT),
    () => {
      if ((h.status !== 'active') !== (h.releasedAt !== undefined)) throw new ValidationError('releasedAt', 'must be present exactly when the hold is released or cancelled');
    },
    () => {
      if (h.releasedAt !== undefined && h.releasedAt < h.placedAt) throw new ValidationError('releasedAt', 'must not be before placedAt');
    },
  ]);
}

/** The `release_holds` spec. */
export const releaseHoldEntity: StoredEntity<ReleaseHold, ReleaseHoldRow, ReleaseHoldInsert> = {
  name: 'releaseHold',
  domain: 'release-hold',
  collection: 'releaseHolds',
  table: 'release_holds',
  pgTable: releaseHolds,
  references: { paymentId: 'payments', purchaseRequestId: 'purchase_requests', placedBy: 'users' },
  appendOnly: false,
  fromDocument: releaseHoldFromLegacy,
  validate: validateReleaseHoldRecord,
  fromRow(row, refs) {
    const h: ReleaseHold = {
      id: rowId(row),
      paymentId: refId(refs, 'paymentId', row.paymentId),
      purchaseRequestId: refId(refs, 'purchaseRequestId', row.purchaseRequestId),
      placedBy: refId(refs, 'placedBy', row.placedBy),
      reason: row.reason,
      status: row.status,
      placedAt: row.placedAt.getTime(),
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(h, { releasedAt: row.releasedAt?.getTime(), releaseNote: row.releaseNote }, OPTIONAL);
  },
  toRow(h, resolve) {
    return {
      legacyObjectId: h.id,
      paymentId: resolve('payments', h.paymentId),
      purchaseRequestId: resolve('purchase_requests', h.purchaseRequestId),
      placedBy: resolve('users', h.placedBy),
      reason: h.reason,
      status: h.status,
      placedAt: new Date(h.placedAt),
      releasedAt: h.releasedAt === undefined ? null : new Date(h.releasedAt),
      releaseNote: h.releaseNote ?? null,
      createdAt: new Date(h.createdAt),
      updatedAt: new Date(h.updatedAt),
    };
  },
};
