/**
 * The one place Mongo driver errors become contract errors.
 *
 * A unique violation arrives as code 11000 from MongoDB and from FerretDB inserts, and as code 1
 * ("UNIQUE constraint failed") from FerretDB 1.24 updates (DESIGN.md section 5). FerretDB's 11000
 * message names no index, so each repository says which contract key its collection's unique
 * index stands for.
 */
import { MongoServerError } from 'mongodb';
import { DuplicateKeyError, isContractError } from '../../contracts/errors.ts';

/** True when `e` is a unique-index violation on either server. */
export function isDuplicateKey(e: unknown): boolean {
  if (!(e instanceof MongoServerError)) return false;
  return e.code === 11000 || (e.code === 1 && /UNIQUE constraint failed/.test(e.message));
}

/**
 * Maps a driver error to a contract error: a unique violation becomes
 * `DuplicateKeyError(duplicateKey)`. Contract errors pass through; anything else is rethrown
 * unchanged (a defect for the harness to report, not a contract outcome).
 */
export function mapMongoError(e: unknown, duplicateKey: string): never {
  if (isContractError(e)) throw e;
  if (isDuplicateKey(e)) throw new DuplicateKeyError(duplicateKey, { cause: e });
  throw e;
}
