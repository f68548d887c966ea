/**
 * The one place Postgres errors become contract errors. Drizzle wraps driver errors
 * (`DrizzleQueryError`), so the SQLSTATE is looked up along the `cause` chain.
 */
import { DuplicateKeyError, InvariantViolation, isContractError, UnsafeInputError, ValidationError, type ContractError } from '../../contracts/errors.ts';

/** The fields of a node-postgres `DatabaseError` we read. */
export interface PgErrorFields {
  code: string;
  constraint?: string;
  message: string;
}

/** The Postgres error inside `e` (itself or a `cause`), if any. */
export function pgErrorOf(e: unknown): PgErrorFields | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = cur as Partial<PgErrorFields> & { severity?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code) && c.severity !== undefined) return c as PgErrorFields;
  }
  return undefined;
}

/**
 * Contract keys of our unique constraints and indexes; the names match the Mongo index names so
 * both backends raise the same `DuplicateKeyError.key`.
 */
const UNIQUE_KEYS: Record<string, string> = {
  users_email_unique: 'users.email',
  categories_active_name_norm_uq: 'categories.active_name',
  addresses_one_primary_per_user: 'addresses.primary_per_user',
};

/**
 * Per-call overrides: a constraint name mapped to the contract error it means in that call
 * (for example a foreign key to `users` meaning `NotFoundError('user', id)`).
 */
export type ConstraintErrors = Readonly<Record<string, () => ContractError>>;

/**
 * Maps a Postgres error to a contract error and throws it:
 * - a name in `overrides` → that error;
 * - 23505 unique violation → `DuplicateKeyError(key)`;
 * - 23514 check violation, 22003 numeric overflow, 22P02 bad text → `ValidationError`;
 * - 22021 bad byte sequence (NUL) → `UnsafeInputError`;
 * - P0001 raised by a guard trigger with a constraint name → `InvariantViolation(constraint)`.
 * Contract errors pass through; anything else is rethrown unchanged (a defect, not an outcome).
 */
export function mapPgError(e: unknown, overrides: ConstraintErrors = {}): never {
  if (isContractError(e)) throw e;
  const pg = pgErrorOf(e);
  if (!pg) throw e;
  const override = pg.constraint ? overrides[pg.constraint] : undefined;
  if (override) throw override();
  switch (pg.code) {
    case '23505':
      throw new DuplicateKeyError(UNIQUE_KEYS[pg.constraint ?? ''] ?? pg.constraint ?? 'unknown', { cause: e });
    case '23514':
      throw new ValidationError(pg.constraint ?? 'check', 'violates a CHECK constraint', { cause: e });
    case '22003':
    case '22P02':
      throw new ValidationError('value', pg.message, { cause: e });
    case '22021':
      throw new UnsafeInputError('value', pg.message);
    case 'P0001':
      if (pg.constraint) throw new InvariantViolation(pg.constraint, pg.message, { cause: e });
      throw e;
    default:
      throw e;
  }
}
