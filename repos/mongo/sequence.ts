/**
 * Creation sequences for Mongo collections. Lists ordered "newest first" need a tie-breaker that
 * every implementation shares: ids cannot serve (Mongo, Postgres and the model mint different
 * ones), so each store numbers its rows in creation order (Postgres with an identity column,
 * Mongo with this counter) and lists sort by `createdAt`, then that number.
 *
 * The counter is one document per sequence in `sequences`, incremented atomically with
 * `findOneAndUpdate` + `$inc` + upsert (supported by MongoDB and FerretDB 1.24 alike).
 */
import type { Db } from 'mongodb';

/** The collection holding the counters (reset with the domains that use it). */
export const SEQUENCES_COLLECTION = 'sequences';

/** The next number (1, 2, …) of sequence `name`. */
export async function nextSequence(db: Db, name: string): Promise<number> {
  const doc = await db
    .collection<{ _id: string; value: number }>(SEQUENCES_COLLECTION)
    .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
  if (!doc || typeof doc.value !== 'number') throw new Error(`sequence ${name}: the counter returned no value`);
  return doc.value;
}
