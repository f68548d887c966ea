/**
 * Drizzle implementation of the derived-destination contract (tables `derived_destinations`,
 * `derived_destination_sweeps`).
 *
 * A sweep that is (or becomes) confirmed marks its destination swept in the same transaction,
 * with the destination row locked, so a swept destination always has its confirmed sweep. Unique
 * conflicts are looked up before the insert so that an input clashing on both address and path
 * names the address, as the model does; the unique indexes remain the backstop under races.
 */
import { asc, eq, or } from 'drizzle-orm';
import { DuplicateKeyError, InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext, PgDatabase } from '../../contracts/domain.ts';
import {
  DESTINATION_ADDRESS_KEY,
  DESTINATION_PATH_KEY,
  statusAfterConfirmedSweep,
  SWEEP_STATUS_TRANSITION,
  SWEEP_TRANSITIONS,
  SWEEP_TX_HASH_KEY,
  validateNewDerivedDestination,
  validateNewSweep,
  validateSweepAmount,
  validateSweepStatus,
  type DerivedDestination,
  type DerivedDestinationRepository,
  type DerivedDestinationSweep,
} from '../../contracts/derived-destination.ts';
import { derivedDestinations, derivedDestinationSweeps } from '../../schema/derived-destinations.ts';
import { payments } from '../../schema/payments.ts';
import { users } from '../../schema/users.ts';
import { mapPgError, type ConstraintErrors } from './errors.ts';
import { inTransaction } from './transaction.ts';
import { assignPresent, byId, money, ms } from './support.ts';

type DestinationRow = typeof derivedDestinations.$inferSelect;
type SweepRow = typeof derivedDestinationSweeps.$inferSelect;

const UNIQUE: ConstraintErrors = {
  derived_destinations_address_uq: () => new DuplicateKeyError(DESTINATION_ADDRESS_KEY),
  derived_destinations_derivation_path_uq: () => new DuplicateKeyError(DESTINATION_PATH_KEY),
  derived_destination_sweeps_tx_hash_uq: () => new DuplicateKeyError(SWEEP_TX_HASH_KEY),
};

/** Contract view of a `derived_destinations` row. */
export function derivedDestinationFromRow(r: DestinationRow): DerivedDestination {
  const d: DerivedDestination = {
    id: r.id,
    userId: r.userId,
    currency: r.currency,
    network: r.network,
    address: r.address,
    derivationPath: r.derivationPath,
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
  return assignPresent(d, r, ['paymentId']);
}

/** Contract view of a `derived_destination_sweeps` row. */
export function sweepFromRow(r: SweepRow): DerivedDestinationSweep {
  return {
    id: r.id,
    destinationId: r.destinationId,
    currency: r.currency,
    amount: money(r.amount),
    txHash: r.txHash,
    status: r.status,
    createdAt: ms(r.createdAt),
    updatedAt: ms(r.updatedAt),
  };
}

/** Marks the (locked) destination swept when a sweep of it is confirmed, per `statusAfterConfirmedSweep`. */
export async function markSwept(tx: PgDatabase, destinationId: string, now: Date): Promise<void> {
  const [d] = await tx.select({ status: derivedDestinations.status }).from(derivedDestinations).where(eq(derivedDestinations.id, destinationId)).for('update');
  if (!d) return;
  const next = statusAfterConfirmedSweep(d.status);
  if (next !== d.status) await tx.update(derivedDestinations).set({ status: next, updatedAt: now }).where(eq(derivedDestinations.id, destinationId));
}

/** {@link DerivedDestinationRepository} over Postgres with Drizzle. */
export function drizzleDerivedDestinationRepository({ db, clock }: DrizzleContext): DerivedDestinationRepository {
  return {
    async create(input) {
      const v = validateNewDerivedDestination(input);
      const [u] = await db.select({ id: users.id }).from(users).where(byId(users, v.userId));
      if (!u) throw new NotFoundError('user', v.userId);
      let paymentId: string | null = null;
      if (v.paymentId !== undefined) {
        const [p] = await db.select({ id: payments.id }).from(payments).where(byId(payments, v.paymentId));
        if (!p) throw new NotFoundError('payment', v.paymentId);
        paymentId = p.id;
      }
      const clashes = await db
        .select({ address: derivedDestinations.address })
        .from(derivedDestinations)
        .where(or(eq(derivedDestinations.address, v.address), eq(derivedDestinations.derivationPath, v.derivationPath)));
      if (clashes.some((c) => c.address === v.address)) throw new DuplicateKeyError(DESTINATION_ADDRESS_KEY);
      if (clashes.length > 0) throw new DuplicateKeyError(DESTINATION_PATH_KEY);
      const now = new Date(clock.now());
      const { id, paymentId: _, ...rest } = v;
      const [row] = await db
        .insert(derivedDestinations)
        .values({ ...rest, legacyObjectId: id, userId: u.id, paymentId, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e, UNIQUE));
      return derivedDestinationFromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(derivedDestinations).where(byId(derivedDestinations, id));
      return row ? derivedDestinationFromRow(row) : null;
    },
    async getByAddress(address) {
      if (typeof address !== 'string') return null;
      const [row] = await db.select().from(derivedDestinations).where(eq(derivedDestinations.address, address));
      return row ? derivedDestinationFromRow(row) : null;
    },
    async listByUser(userId) {
      const rows = await db
        .select({ d: derivedDestinations })
        .from(derivedDestinations)
        .innerJoin(users, eq(users.id, derivedDestinations.userId))
        .where(byId(users, userId))
        .orderBy(asc(derivedDestinations.createdAt), asc(derivedDestinations.seq));
      return rows.map((r) => derivedDestinationFromRow(r.d));
    },
    async retire(id) {
      return inTransaction(db, async (tx) => {
        const [d] = await tx.select().from(derivedDestinations).where(byId(derivedDestinations, id)).for('update');
        if (!d) throw new NotFoundError('derivedDestination', id);
        if (d.status === 'retired') return derivedDestinationFromRow(d);
        const [row] = await tx
          .update(derivedDestinations)
          .set({ status: 'retired', updatedAt: new Date(clock.now()) })
          .where(eq(derivedDestinations.id, d.id))
          .returning();
        return derivedDestinationFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async recordSweep(input) {
      const v = validateNewSweep(input);
      return inTransaction(db, async (tx) => {
        const [d] = await tx.select().from(derivedDestinations).where(byId(derivedDestinations, v.destinationId)).for('update');
        if (!d) throw new NotFoundError('derivedDestination', v.destinationId);
        const amount = validateSweepAmount(v.amount, d.currency);
        const [clash] = await tx.select({ id: derivedDestinationSweeps.id }).from(derivedDestinationSweeps).where(eq(derivedDestinationSweeps.txHash, v.txHash));
        if (clash) throw new DuplicateKeyError(SWEEP_TX_HASH_KEY);
        const now = new Date(clock.now());
        const [row] = await tx
          .insert(derivedDestinationSweeps)
          .values({ legacyObjectId: v.id, destinationId: d.id, currency: d.currency, amount, txHash: v.txHash, status: v.status, createdAt: now, updatedAt: now })
          .returning();
        if (v.status === 'confirmed') await markSwept(tx, d.id, now);
        return sweepFromRow(row!);
      }).catch((e) => mapPgError(e, UNIQUE));
    },
    async setSweepStatus(id, status) {
      const next = validateSweepStatus('status', status);
      return inTransaction(db, async (tx) => {
        const [s] = await tx.select().from(derivedDestinationSweeps).where(byId(derivedDestinationSweeps, id)).for('update');
        if (!s) throw new NotFoundError('derivedDestinationSweep', id);
        if (!SWEEP_TRANSITIONS[s.status].includes(next)) throw new InvariantViolation(SWEEP_STATUS_TRANSITION, `${s.status} -> ${next} is not allowed`);
        const now = new Date(clock.now());
        const [row] = await tx.update(derivedDestinationSweeps).set({ status: next, updatedAt: now }).where(eq(derivedDestinationSweeps.id, s.id)).returning();
        if (next === 'confirmed') await markSwept(tx, s.destinationId, now);
        return sweepFromRow(row!);
      }).catch((e) => mapPgError(e));
    },
    async listSweeps(destinationId) {
      const rows = await db
        .select({ s: derivedDestinationSweeps })
        .from(derivedDestinationSweeps)
        .innerJoin(derivedDestinations, eq(derivedDestinations.id, derivedDestinationSweeps.destinationId))
        .where(byId(derivedDestinations, destinationId))
        .orderBy(asc(derivedDestinationSweeps.createdAt), asc(derivedDestinationSweeps.seq));
      return rows.map((r) => sweepFromRow(r.s));
    },
  };
}
