/**
 * Stored-entity spec of disputes: collection `disputes` ↔ table `disputes`.
 *
 * Canonical record: {@link Dispute} with legacy ids (`paymentId`, `openedBy` as ObjectId hex).
 * `evidence` is read as stored (an embedded document, array or scalar; `json-shape.ts`): a BSON
 * value JSON has no equivalent is a shape error, JSON that no store can keep exactly a rule
 * violation (see `contracts/json-payload.ts`).
 *
 * Not checked per record: "at most one unresolved dispute per payment" and "the opener owns the
 * payment" span documents; Postgres refuses a second unresolved dispute (partial unique index), and
 * backfill reports that row as refused.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { DISPUTE_REASONS, DISPUTE_STATUSES, DISPUTE_TEXT_LIMITS, isResolution, type Dispute } from '../../contracts/dispute.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { disputes } from '../../schema/disputes.ts';
import { readJson } from './json-shape.ts';
import { readTime, ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `disputes` row as Drizzle reads it. */
export type DisputeRow = typeof disputes.$inferSelect;
/** Insert values of a `disputes` row. */
export type DisputeInsert = typeof disputes.$inferInsert;

/** Canonical {@link Dispute} of a `disputes` document; a missing status reads as `open` (flagged). Throws `LegacyShapeError`. */
export function disputeFromLegacy(doc: Document): LegacyReading<Dispute> {
  const r = new ShapeReader(doc);
  const d: Dispute = {
    id: r.id(),
    paymentId: r.ref('paymentId'),
    openedBy: r.ref('openedBy'),
    reason: r.oneOf('reason', DISPUTE_REASONS),
    description: r.string('description'),
    status: r.oneOf('status', DISPUTE_STATUSES, 'open'),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const resolvedAt = doc.resolvedAt === undefined || doc.resolvedAt === null ? undefined : readTime('resolvedAt', doc.resolvedAt, r);
  const evidence = readJson(doc, 'evidence', true);
  return { record: present(d, { resolutionNote: r.optionalString('resolutionNote'), evidence, resolvedAt }, ['resolutionNote', 'evidence', 'resolvedAt']), flags: r.flags };
}

/** Contract rules of a dispute record: text limits, a JSON payload that round-trips, `resolvedAt` exactly when resolved. */
export function validateDisputeRecord(d: Dispute): RuleViolation[] {
  return collectViolations([
    () => requireText('description', d.description, DISPUTE_TEXT_LIMITS.description),
    () => optionalText('resolutionNote', d.resolutionNote, DISPUTE_TEXT_LIMITS.resolutionNote),
    () => d.evidence !== undefined && validateJsonPayload('evidence', d.evidence),
    () => {
      if (isResolution(d.status) !== (d.resolvedAt !== undefined)) throw new ValidationError('resolvedAt', 'must be present exactly when the status is resolved_buyer or resolved_seller');
    },
  ]);
}

/** The `disputes` spec. */
export const disputeEntity: StoredEntity<Dispute, DisputeRow, DisputeInsert> = {
  name: 'dispute',
  domain: 'dispute',
  collection: 'disputes',
  table: 'disputes',
  pgTable: disputes,
  references: { paymentId: 'payments', openedBy: 'users' },
  appendOnly: false,
  fromDocument: disputeFromLegacy,
  validate: validateDisputeRecord,
  fromRow(row, refs) {
    const d: Dispute = {
      id: rowId(row),
      paymentId: refId(refs, 'paymentId', row.paymentId),
      openedBy: refId(refs, 'openedBy', row.openedBy),
      reason: row.reason,
      description: row.description,
      status: row.status,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(d, { resolutionNote: row.resolutionNote, evidence: row.evidence, resolvedAt: row.resolvedAt?.getTime() }, ['resolutionNote', 'evidence', 'resolvedAt']);
  },
  toRow(d, resolve) {
    return {
      legacyObjectId: d.id,
      paymentId: resolve('payments', d.paymentId),
      openedBy: resolve('users', d.openedBy),
      reason: d.reason,
      description: d.description,
      status: d.status,
      resolutionNote: d.resolutionNote ?? null,
      evidence: d.evidence ?? null,
      createdAt: new Date(d.createdAt),
      updatedAt: new Date(d.updatedAt),
      resolvedAt: d.resolvedAt === undefined ? null : new Date(d.resolvedAt),
    };
  },
};
