/**
 * Points contract (the source system's `PointsRepo`, flag `REPO_POINTS`): an append-only ledger of
 * point transactions per user. Credits are positive, debits negative; a user's balance is the sum
 * of their transactions and never goes negative.
 *
 * Rules:
 * - `award` records a credit (purchase, referral, review or adjustment), `redeem` a debit of kind
 *   `redeem`; a redemption beyond the user's balance is refused (`InvariantViolation`).
 * - An idempotency key is unique per user: a second `award`/`redeem` with a key the user already
 *   used returns the first transaction unchanged and records nothing.
 * - Transactions are never changed or deleted (Postgres rejects UPDATE/DELETE/TRUNCATE with
 *   triggers, as for the funds ledger).
 *
 * Serialization: Drizzle locks the user's row (`FOR UPDATE`) around the balance check and the
 * insert, so concurrent redemptions of one user serialize. Mongo cannot: neither FerretDB 1.24 nor
 * a standalone mongod has transactions, so two concurrent redemptions can both pass the check
 * (the harness's invariant reports a negative balance if a run ever produces one).
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText } from './text.ts';
import type { MethodMap, MirrorCall } from './domain.ts';

export const POINT_KINDS = ['purchase', 'referral', 'review', 'redeem', 'adjustment'] as const;
export type PointKind = (typeof POINT_KINDS)[number];
/** Kinds `award` accepts (every kind but `redeem`). */
export const AWARD_KINDS = POINT_KINDS.filter((k) => k !== 'redeem') as Exclude<PointKind, 'redeem'>[];
export type AwardKind = Exclude<PointKind, 'redeem'>;

/** Largest amount of one transaction (fits `integer` with room for sums in `bigint`). */
export const MAX_POINTS = 1_000_000_000;

/** The invariant a refused redemption names. */
export const BALANCE_INVARIANT = 'points.balance_non_negative';

/** A stored point transaction (immutable). `amount` is signed: credits > 0, debits < 0. */
export interface PointTransaction {
  id: string;
  userId: string;
  amount: number;
  kind: PointKind;
  /** Free text naming what the points are for (for example a purchase request id). */
  reference?: string;
  idempotencyKey?: string;
  createdAt: number;
}

/** Input of `award`: `amount` is a positive integer. */
export interface NewAward {
  id?: string;
  userId: string;
  amount: number;
  kind: AwardKind;
  reference?: string;
  idempotencyKey?: string;
}

/** Input of `redeem`: `amount` is the positive number of points to spend (stored negated). */
export interface NewRedemption {
  id?: string;
  userId: string;
  amount: number;
  reference?: string;
  idempotencyKey?: string;
}

/** The points repository every implementation provides. */
export interface PointsRepository {
  /**
   * Records a credit and returns it; with an idempotency key the user already used, returns that
   * first transaction instead. Throws `ValidationError` (amount, kind, text fields),
   * `UnsafeInputError`, `NotFoundError('user')`.
   */
  award(input: NewAward): Promise<PointTransaction>;
  /**
   * Records a debit of `amount` points (kind `redeem`, stored as `-amount`) and returns it; with
   * an idempotency key the user already used, returns that first transaction instead (even when
   * the balance no longer covers it). Throws `ValidationError`, `UnsafeInputError`,
   * `NotFoundError('user')`, and `InvariantViolation('points.balance_non_negative')` when the
   * amount exceeds the user's balance.
   */
  redeem(input: NewRedemption): Promise<PointTransaction>;
  /** The sum of the user's transactions (0 for a user without any, or an unknown user). */
  balance(userId: string): Promise<number>;
  /** The user's transactions, newest first (ties: the later recorded first); empty for an unknown user. */
  history(userId: string): Promise<PointTransaction[]>;
}

/**
 * The mirror's call for a transaction the primary answered with: the `award` or `redeem` that
 * records exactly it (a redemption's stored amount is negative, its input positive). DualWrite
 * sends it in place of the caller's call, because an idempotent retry may carry other input than
 * the first call under the same key (another amount, or `redeem` after `award`): found in review
 * of the `at` fix, see docs/design-notes.md.
 */
export function replayTransaction(result: unknown): MirrorCall {
  const t = result as PointTransaction;
  const common = {
    userId: t.userId,
    ...(t.reference !== undefined && { reference: t.reference }),
    ...(t.idempotencyKey !== undefined && { idempotencyKey: t.idempotencyKey }),
  };
  return t.kind === 'redeem'
    ? { method: 'redeem', args: [{ ...common, amount: -t.amount }] }
    : { method: 'award', args: [{ ...common, amount: t.amount, kind: t.kind }] };
}

export const pointsMethods: MethodMap<PointsRepository> = {
  // An idempotent retry answers with the first transaction: the mirror records that transaction,
  // at its instant.
  award: { create: 'pointTransaction', at: 'createdAt', replay: replayTransaction },
  redeem: { create: 'pointTransaction', at: 'createdAt', replay: replayTransaction },
  balance: 'read',
  history: 'read',
};

/** Validated `award`/`redeem` input: the signed amount and the kind to store. */
export interface ValidPointTransaction {
  id?: string;
  userId: string;
  amount: number;
  kind: PointKind;
  reference?: string;
  idempotencyKey?: string;
}

function positiveAmount(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_POINTS) throw new ValidationError('amount', `must be an integer from 1 to ${MAX_POINTS}`);
  return v;
}

function common(input: NewAward | NewRedemption, amount: number, kind: PointKind): ValidPointTransaction {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  const out: ValidPointTransaction = { userId: input.userId, amount, kind };
  if (input.id !== undefined) out.id = input.id;
  const reference = optionalText('reference', input.reference, 200);
  if (typeof reference === 'string') out.reference = reference;
  const key = optionalText('idempotencyKey', input.idempotencyKey, 100);
  if (typeof key === 'string') {
    if (key === '') throw new ValidationError('idempotencyKey', 'must not be empty');
    out.idempotencyKey = key;
  }
  return out;
}

/** Validates `award` input; errors name the field. */
export function validateAward(input: NewAward): ValidPointTransaction {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  const amount = positiveAmount(input.amount);
  if (!(AWARD_KINDS as readonly unknown[]).includes(input.kind)) throw new ValidationError('kind', `must be one of ${AWARD_KINDS.join(', ')}`);
  return common(input, amount, input.kind);
}

/** Validates `redeem` input (the amount comes back negated); errors name the field. */
export function validateRedemption(input: NewRedemption): ValidPointTransaction {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  return common(input, -positiveAmount(input.amount), 'redeem');
}
