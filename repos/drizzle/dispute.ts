/**
 * Drizzle implementation of the dispute contract (table `disputes`).
 *
 * `open` locks the payment row (`FOR UPDATE`) before checking for an unresolved dispute, so
 * concurrent openers of one payment serialize; the partial unique index
 * `disputes_unresolved_per_payment` is the database's own backstop.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import {
  DISPUTE_OPENED_BY_OWNER,
  DISPUTE_TRANSITION,
  DISPUTE_TRANSITIONS,
  DISPUTE_UNRESOLVED_KEY,
  UNRESOLVED_DISPUTE_STATUSES,
  isResolution,
  validateDisputeTransition,
  validateNewDispute,
  type Dispute,
  type DisputeRepository,
} from '../../contracts/dispute.ts';
import { disputes } from '../../schema/disputes.ts';
import { payments } from '../../schema/payments.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, ms } from './support.ts';

type Row = typeof disputes.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids). */
export function disputeFromRow(r: Row): Dispute {
  const d: Dispute = {
    id: r.id,
    paymentId: r.paymentId,
    openedBy: r.openedBy,
    reason: r.reason,
    description: r.description,
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  assignPresent(d, r, ['resolutionNote', 'evidence']);
  if (r.resolvedAt) d.resolvedAt = ms(r.resolvedAt);
  return d;
}

/** What the dispute constraints mean when a write trips them. */
export const DISPUTE_CONSTRAINTS: ConstraintErrors = {
  disputes_unresolved_per_payment: () => new DuplicateKeyError(DISPUTE_UNRESOLVED_KEY),
};

const unresolvedOf = (paymentId: string) => and(eq(disputes.paymentId, paymentId), inArray(disputes.status, [...UNRESOLVED_DISPUTE_STATUSES]));

/** {@link DisputeRepository} over Postgres with Drizzle. */
export function drizzleDisputeRepository({ db, clock }: DrizzleContext): DisputeRepository {
  return {
    async open(input) {
      const v = validateNewDispute(input);
      return inTransaction(db, async (tx) => {
        const [payment] = await tx.select({ id: payments.id, userId: payments.userId }).from(payments).where(byId(payments, v.paymentId)).for('update');
        if (!payment) throw new NotFoundError('payment', v.paymentId);
        const [user] = await tx.select({ id: users.id }).from(users).where(byId(users, v.openedBy));
        if (!user) throw new NotFoundError('user', v.openedBy);
        if (payment.userId !== user.id) throw new InvariantViolation(DISPUTE_OPENED_BY_OWNER, 'only the payment owner may open a dispute');
        const [open] = await tx.select({ id: disputes.id }).from(disputes).where(unresolvedOf(payment.id)).limit(1);
        if (open) throw new DuplicateKeyError(DISPUTE_UNRESOLVED_KEY);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(disputes)
          .values({
            legacyObjectId: v.id,
            paymentId: payment.id,
            openedBy: user.id,
            reason: v.reason,
            description: v.description,
            status: 'open',
            ...(v.evidence !== undefined && { evidence: v.evidence }),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return disputeFromRow(row!);
      }).catch((e) => mapPgError(e, DISPUTE_CONSTRAINTS));
    },
    async get(id) {
      const [row] = await db.select().from(disputes).where(byId(disputes, id));
      return row ? disputeFromRow(row) : null;
    },
    async getUnresolvedByPayment(paymentId) {
      const rows = await db
        .select({ d: disputes })
        .from(disputes)
        .innerJoin(payments, eq(payments.id, disputes.paymentId))
        .where(and(byId(payments, paymentId), inArray(disputes.status, [...UNRESOLVED_DISPUTE_STATUSES])))
        .orderBy(asc(disputes.createdAt))
        .limit(1);
      return rows[0] ? disputeFromRow(rows[0].d) : null;
    },
    async transition(id, change) {
      const c = validateDisputeTransition(change);
      return inTransaction(db, async (tx) => {
        const [d] = await tx.select().from(disputes).where(byId(disputes, id)).for('update');
        if (!d) throw new NotFoundError('dispute', id);
        if (!DISPUTE_TRANSITIONS[d.status].includes(c.status)) throw new InvariantViolation(DISPUTE_TRANSITION, `${d.status} -> ${c.status} is not allowed`);
        const now = new Date(clock.now());
        const [row] = await tx
          .update(disputes)
          .set({
            status: c.status,
            updatedAt: now,
            ...(c.resolutionNote !== undefined && { resolutionNote: c.resolutionNote }),
            ...(isResolution(c.status) && { resolvedAt: now }),
          })
          .where(eq(disputes.id, d.id))
          .returning();
        return disputeFromRow(row!);
      }).catch((e) => mapPgError(e, DISPUTE_CONSTRAINTS));
    },
  };
}
