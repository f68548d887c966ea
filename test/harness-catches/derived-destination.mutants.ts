/** Seeded faults of the derived-destination domain (see derived-destination.test.ts). */
import { eq } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import { SWEEP_STATUS_TRANSITION, SWEEP_TRANSITIONS, validateSweepStatus, type DerivedDestinationRepository } from '../../contracts/derived-destination.ts';
import { drizzleDerivedDestinationRepository, sweepFromRow } from '../../repos/drizzle/derived-destination.ts';
import { mapPgError } from '../../repos/drizzle/errors.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { derivedDestinationSweeps } from '../../schema/derived-destinations.ts';

/** Drizzle sweeps whose confirmation updates the sweep but forgets to mark the destination swept. */
export function drizzleConfirmDoesNotMarkSwept(ctx: DrizzleContext): DerivedDestinationRepository {
  const repo = drizzleDerivedDestinationRepository(ctx);
  return {
    ...repo,
    async setSweepStatus(id, status) {
      const next = validateSweepStatus('status', status);
      const [s] = await ctx.db.select().from(derivedDestinationSweeps).where(byId(derivedDestinationSweeps, id));
      if (!s) throw new NotFoundError('derivedDestinationSweep', id);
      if (!SWEEP_TRANSITIONS[s.status].includes(next)) throw new InvariantViolation(SWEEP_STATUS_TRANSITION, `${s.status} -> ${next} is not allowed`);
      const [row] = await ctx.db
        .update(derivedDestinationSweeps)
        .set({ status: next, updatedAt: new Date(ctx.clock.now()) })
        .where(eq(derivedDestinationSweeps.id, s.id))
        .returning()
        .catch((e) => mapPgError(e));
      return sweepFromRow(row!);
    },
  };
}
