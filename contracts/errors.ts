/**
 * The contract's error classes. Every implementation (model, Mongo, Drizzle, DualWrite) throws
 * exactly these for contract-level failures; driver errors are mapped to them in one place per
 * backend (`repos/mongo/errors.ts`, `repos/drizzle/errors.ts`). Differential runs compare errors
 * by `code`, so two implementations agree when they fail with the same class.
 *
 * @public
 */

/** Stable, searchable codes; one per class. */
export type ContractErrorCode =
  | 'DUPLICATE_KEY'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'UNSAFE_INPUT'
  | 'INVARIANT_VIOLATION';

/** Base class of every contract error. `code` is what differential comparison looks at. */
export abstract class ContractError extends Error {
  abstract readonly code: ContractErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A unique rule was broken: `key` names the rule (for example `users.email`,
 * `categories.active_name`), never the offending value's owner id.
 */
export class DuplicateKeyError extends ContractError {
  readonly code = 'DUPLICATE_KEY' as const;
  constructor(readonly key: string, options?: { cause?: unknown }) {
    super(`duplicate key: ${key} must be unique`, options);
  }
}

/** The entity named by `id` (of kind `entity`) does not exist. */
export class NotFoundError extends ContractError {
  readonly code = 'NOT_FOUND' as const;
  constructor(readonly entity: string, readonly id: string, options?: { cause?: unknown }) {
    super(`${entity} not found: ${id}`, options);
  }
}

/**
 * An input broke a contract rule. `field` is the input path (`amount`, `patch.name`), `rule` is a
 * short sentence saying what the value must be.
 */
export class ValidationError extends ContractError {
  readonly code = 'VALIDATION' as const;
  constructor(readonly field: string, readonly rule: string, options?: { cause?: unknown }) {
    super(`${field}: ${rule}`, options);
  }
}

/**
 * A text value that no store can hold unchanged: a NUL character (Postgres `text` rejects it) or
 * a lone UTF-16 surrogate (Postgres and BSON would replace it with U+FFFD). One shared policy
 * (DESIGN.md section 4): reject before either store is written.
 */
export class UnsafeInputError extends ContractError {
  readonly code = 'UNSAFE_INPUT' as const;
  constructor(readonly field: string, readonly rule: string) {
    super(`${field}: ${rule}`);
  }
}

/**
 * A write that a data-integrity rule forbids, for example changing a funds-ledger row (the ledger
 * is append-only) or a payment status transition the state machine does not allow.
 */
export class InvariantViolation extends ContractError {
  readonly code = 'INVARIANT_VIOLATION' as const;
  constructor(readonly invariant: string, message: string, options?: { cause?: unknown }) {
    super(`${invariant}: ${message}`, options);
  }
}

/** True when `e` is any contract error. */
export function isContractError(e: unknown): e is ContractError {
  return e instanceof ContractError;
}
