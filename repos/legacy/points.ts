/**
 * Stored-entity spec of the points ledger: `pointTransactions` ↔ `point_transactions`
 * (append-only in Postgres: a backfill never updates an existing row). The Mongo `seq` and the
 * Postgres identity `seq` are each store's own creation order, not part of the record.
 *
 * Canonical record: {@link PointTransaction} with legacy ids.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { MAX_POINTS, POINT_KINDS, type PointTransaction } from '../../contracts/points.ts';
import { optionalText } from '../../contracts/text.ts';
import { pointTransactions } from '../../schema/points.ts';
import { LegacyShapeError, ShapeReader, describe } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `point_transactions` row as Drizzle reads it. */
export type PointTransactionRow = typeof pointTransactions.$inferSelect;
/** Insert values of a `point_transactions` row. */
export type PointTransactionInsert = typeof pointTransactions.$inferInsert;

const OPTIONAL = ['reference', 'idempotencyKey'] as const;

/** Canonical {@link PointTransaction} of a `pointTransactions` document. Throws `LegacyShapeError`. */
export function pointTransactionFromLegacy(doc: Document): LegacyReading<PointTransaction> {
  const r = new ShapeReader(doc);
  const amount: unknown = doc.amount;
  if (typeof amount !== 'number') throw new LegacyShapeError('amount', `must be a number (found ${describe(amount)})`);
  const t: PointTransaction = { id: r.id(), userId: r.ref('userId'), amount, kind: r.oneOf('kind', POINT_KINDS), createdAt: r.time('createdAt') };
  const optional = Object.fromEntries(OPTIONAL.map((k) => [k, r.optionalString(k)]));
  return { record: present(t, optional, OPTIONAL), flags: r.flags };
}

/** Contract rules of a transaction record: a non-zero integer amount whose sign matches its kind, text lengths. */
export function validatePointTransactionRecord(t: PointTransaction): RuleViolation[] {
  return collectViolations([
    () => {
      if (!Number.isInteger(t.amount) || t.amount === 0 || Math.abs(t.amount) > MAX_POINTS) throw new ValidationError('amount', `must be a non-zero integer within ±${MAX_POINTS}`);
      if ((t.kind === 'redeem') !== t.amount < 0) throw new ValidationError('amount', 'must be negative exactly for a redemption');
    },
    () => optionalText('reference', t.reference, 200),
    () => {
      optionalText('idempotencyKey', t.idempotencyKey, 100);
      if (t.idempotencyKey === '') throw new ValidationError('idempotencyKey', 'must not be empty');
    },
  ]);
}

/** The `pointTransactions` spec. */
export const pointTransactionEntity: StoredEntity<PointTransaction, PointTransactionRow, PointTransactionInsert> = {
  name: 'pointTransaction',
  domain: 'points',
  collection: 'pointTransactions',
  table: 'point_transactions',
  pgTable: pointTransactions,
  references: { userId: 'users' },
  appendOnly: true,
  fromDocument: pointTransactionFromLegacy,
  validate: validatePointTransactionRecord,
  fromRow(row, refs) {
    const t: PointTransaction = { id: rowId(row), userId: refId(refs, 'userId', row.userId), amount: row.amount, kind: row.kind, createdAt: row.createdAt.getTime() };
    return present(t, row, OPTIONAL);
  },
  toRow(t, resolve) {
    return {
      legacyObjectId: t.id,
      userId: resolve('users', t.userId),
      amount: t.amount,
      kind: t.kind,
      reference: t.reference ?? null,
      idempotencyKey: t.idempotencyKey ?? null,
      createdAt: new Date(t.createdAt),
    };
  },
};
