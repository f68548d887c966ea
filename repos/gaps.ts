/**
 * Gap recorders: where the DualWrite wrapper writes a mirror failure. The Postgres recorder
 * writes `pg_dualwrite_gaps`; when that insert itself fails (Postgres is down: the usual reason a
 * mirror write failed), the gap is kept in memory and passed to `onLost`, so it is reported
 * rather than silently dropped.
 *
 * @public
 */
import { pgDualwriteGaps } from '../schema/infrastructure.ts';
import { isContractError } from '../contracts/errors.ts';
import type { PgDatabase } from '../contracts/domain.ts';
import type { Gap, GapRecorder } from './dualwrite.ts';
import { pgErrorOf } from './drizzle/errors.ts';
import { redactText } from '../harness/redact.ts';

/** Short searchable code of a mirror failure: the contract code, else the SQLSTATE, else the error class. */
export function gapErrorCode(error: unknown): string {
  if (isContractError(error)) return error.code;
  const pg = pgErrorOf(error);
  if (pg) return `SQLSTATE ${pg.code}`;
  return error instanceof Error ? error.constructor.name : 'UNKNOWN';
}

/** JSON-safe copy of call arguments (undefined dropped, as jsonb would). */
function jsonArgs(args: readonly unknown[]): unknown {
  return JSON.parse(JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null');
}

/** Records gaps in `pg_dualwrite_gaps`. */
export class PgGapRecorder implements GapRecorder {
  /** Gaps whose insert failed, oldest first. */
  readonly lost: Gap[] = [];

  constructor(
    private readonly db: PgDatabase,
    private readonly onLost: (gap: Gap, insertError: unknown) => void = () => {},
  ) {}

  async record(gap: Gap): Promise<void> {
    const message = gap.error instanceof Error ? gap.error.message : String(gap.error);
    try {
      await this.db.insert(pgDualwriteGaps).values({
        domain: gap.domain,
        method: gap.method,
        entityId: gap.entityId ?? null,
        args: jsonArgs(gap.args),
        errorCode: gapErrorCode(gap.error),
        errorMessage: redactText(message).slice(0, 2000),
      });
    } catch (insertError) {
      this.lost.push(gap);
      this.onLost(gap, insertError);
    }
  }
}
