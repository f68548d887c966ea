/**
 * Reading a Mongo collection in bounded memory: one cursor sorted by `_id`, consumed in batches.
 * Only `find` is used (no aggregation), which FerretDB 1.24 and MongoDB answer alike; nothing here
 * writes.
 *
 * @public
 */
import { ObjectId, type Db, type Document, type Filter } from 'mongodb';

/** Ids are 96-bit numbers for range arithmetic: `idToBigInt('000…01') === 1n`. */
export const ID_SPACE_END = 1n << 96n;

/** The 96-bit value of a 24-hex id. */
export function idToBigInt(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/** The 24-hex id of a 96-bit value (0 ≤ v < 2^96). */
export function bigIntToId(v: bigint): string {
  return v.toString(16).padStart(24, '0');
}

/** A half-open id range `[lo, hi)`; `hi` may be {@link ID_SPACE_END}. */
export interface IdRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Mongo filter matching `_id` in any of `ranges` (ObjectIds only). */
export function rangesFilter(ranges: readonly IdRange[]): Filter<Document> {
  const one = (r: IdRange): Filter<Document> => ({
    _id: r.hi >= ID_SPACE_END ? { $gte: new ObjectId(bigIntToId(r.lo)) } : { $gte: new ObjectId(bigIntToId(r.lo)), $lt: new ObjectId(bigIntToId(r.hi)) },
  });
  return ranges.length === 1 ? one(ranges[0]!) : { $or: ranges.map(one) };
}

/**
 * Documents of `collection` matching `filter`, sorted by `_id`, in arrays of at most `batchSize`.
 * The next batch is already being fetched while the caller works on the current one (the server
 * and this process overlap), so memory holds about two batches plus the driver's buffer.
 */
export function mongoBatches(db: Db, collection: string, batchSize: number, filter: Filter<Document> = {}): AsyncGenerator<Document[]> {
  return readAhead(sortedBatches(db, collection, batchSize, filter));
}

async function* sortedBatches(db: Db, collection: string, batchSize: number, filter: Filter<Document>): AsyncGenerator<Document[]> {
  const cursor = db.collection(collection).find(filter).sort({ _id: 1 }).batchSize(batchSize);
  try {
    let batch: Document[] = [];
    for await (const doc of cursor) {
      batch.push(doc);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    await cursor.close();
  }
}

/**
 * Yields what `source` yields, asking it for the next item as soon as the current one is handed
 * out, so producing item n+1 overlaps with consuming item n. Closing the result closes `source`.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending = source.next();
  try {
    for (;;) {
      const r = await pending;
      if (r.done) return;
      pending = source.next();
      // A failure of the read-ahead surfaces at the next await; never as an unhandled rejection.
      pending.catch(() => {});
      yield r.value;
    }
  } finally {
    await pending.catch(() => undefined);
    await source.return(undefined);
  }
}

/** Number of documents, from collection metadata when the server has it (no scan), else counted. */
export async function approximateCount(db: Db, collection: string): Promise<number> {
  try {
    return await db.collection(collection).estimatedDocumentCount();
  } catch {
    return db.collection(collection).countDocuments({});
  }
}

/** Smallest and largest ObjectId `_id` of a collection (hex), or undefined when it has none. */
export async function mongoIdBounds(db: Db, collection: string): Promise<{ min: string; max: string } | undefined> {
  const c = db.collection(collection);
  const q = { _id: { $type: 'objectId' } } as Filter<Document>;
  const [first] = await c.find(q, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(1).toArray();
  const [last] = await c.find(q, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
  if (!(first?._id instanceof ObjectId) || !(last?._id instanceof ObjectId)) return undefined;
  return { min: first._id.toHexString(), max: last._id.toHexString() };
}
