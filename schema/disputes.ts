/**
 * Disputes over payments. "At most one unresolved dispute per payment" is a partial unique
 * index; "resolvedAt exactly when resolved" and the text limits are CHECKs. That the opener owns
 * the payment is a repository rule (`payments` has no unique key on (id, user_id) to point a
 * composite foreign key at).
 */
import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DISPUTE_REASONS, DISPUTE_STATUSES, DISPUTE_TEXT_LIMITS, RESOLVED_DISPUTE_STATUSES, UNRESOLVED_DISPUTE_STATUSES } from '../contracts/dispute.ts';
import { jsonPayload } from './json-column.ts';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';
import { payments } from './payments.ts';
import { users } from './users.ts';

export const disputeReasonEnum = pgEnum('dispute_reason', DISPUTE_REASONS);
export const disputeStatusEnum = pgEnum('dispute_status', DISPUTE_STATUSES);

const list = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '));

export const disputes = pgTable(
  'disputes',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: disputeReasonEnum('reason').notNull(),
    description: text('description').notNull(),
    status: disputeStatusEnum('status').notNull().default('open'),
    resolutionNote: text('resolution_note'),
    evidence: jsonPayload('evidence'),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
    resolvedAt: msTimestamp('resolved_at'),
  },
  (t) => [
    legacyObjectIdCheck('disputes', t.legacyObjectId),
    check('disputes_description_text', sql`btrim(${t.description}) <> '' AND char_length(${t.description}) <= ${sql.raw(String(DISPUTE_TEXT_LIMITS.description))}`),
    check('disputes_resolution_note_length', sql`char_length(${t.resolutionNote}) <= ${sql.raw(String(DISPUTE_TEXT_LIMITS.resolutionNote))}`),
    check('disputes_resolved_at_iff_resolved', sql`(${t.status} IN (${list(RESOLVED_DISPUTE_STATUSES)})) = (${t.resolvedAt} IS NOT NULL)`),
    check('disputes_evidence_not_null', sql`jsonb_typeof(${t.evidence}) <> 'null'`),
    index('disputes_payment_idx').on(t.paymentId),
    uniqueIndex('disputes_unresolved_per_payment')
      .on(t.paymentId)
      .where(sql`${t.status} IN (${list(UNRESOLVED_DISPUTE_STATUSES)})`),
  ],
);
