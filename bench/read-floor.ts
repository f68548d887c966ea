/**
 * The read floor of `verify`: how fast the two servers hand over the data when nothing is done
 * with it. Each stored entity's Mongo collection is read through the same sorted, batched cursor
 * `verify` uses; its Postgres table with a plain `SELECT * … ORDER BY legacy_object_id` through a
 * server-side cursor in batches of the same size (verify's own Postgres reads page by key and
 * also read child tables, so they cost more). The two sides of an entity are read at the same
 * time, one entity after the other, as `verify` reads them. No canonicalization, no hashing.
 *
 * When `verify` is barely slower than this floor, the reads bound it, not the harness's work.
 */
import type { Db } from 'mongodb';
import type pg from 'pg';
import { mongoBatches } from '../harness/cutover/stream-mongo.ts';
import type { AnyStoredEntity } from '../repos/legacy/spec.ts';

/** What {@link readFloor} measured: records read per side and wall time (ms). */
export interface ReadFloor {
  readonly mongoDocuments: number;
  readonly postgresRows: number;
  /** Wall time of the whole read, both sides concurrent per entity. */
  readonly ms: number;
  /** Time spent in each side (sum over entities), ms; the two sides ran at the same time. */
  readonly mongoMs: number;
  readonly postgresMs: number;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Reads every entity of `entities` from both stores once; `client` must be a dedicated connection. */
export async function readFloor(mongoDb: Db, client: pg.ClientBase, entities: readonly AnyStoredEntity[], batchSize = 1000): Promise<ReadFloor> {
  let mongoDocuments = 0;
  let postgresRows = 0;
  let mongoMs = 0;
  let postgresMs = 0;
  const t0 = performance.now();
  for (const spec of entities) {
    const mongoSide = async () => {
      const t = performance.now();
      for await (const batch of mongoBatches(mongoDb, spec.collection, batchSize)) mongoDocuments += batch.length;
      mongoMs += performance.now() - t;
    };
    const pgSide = async () => {
      const t = performance.now();
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        await client.query(`DECLARE floor_rows NO SCROLL CURSOR FOR SELECT * FROM ${quoteIdent(spec.table)} ORDER BY legacy_object_id`);
        for (;;) {
          const { rowCount } = await client.query(`FETCH ${batchSize} FROM floor_rows`);
          postgresRows += rowCount ?? 0;
          if ((rowCount ?? 0) < batchSize) break;
        }
      } finally {
        await client.query('COMMIT');
      }
      postgresMs += performance.now() - t;
    };
    // Settled: a failing side must not leave the other still using the connection.
    const sides = await Promise.allSettled([mongoSide(), pgSide()]);
    for (const side of sides) if (side.status === 'rejected') throw side.reason;
  }
  return { mongoDocuments, postgresRows, ms: performance.now() - t0, mongoMs, postgresMs };
}
