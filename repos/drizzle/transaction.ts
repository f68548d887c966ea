/**
 * Transactions for the Drizzle implementations.
 *
 * drizzle-orm 0.45's node-postgres `db.transaction()` sends BEGIN before entering its
 * try/finally, so a BEGIN that fails — the server dropped the pooled connection — never releases
 * the client: each such failure leaks one connection, and a small pool then hangs every later
 * query forever. The convergence property's dropped-connection fault found it (a mirror pool of
 * one connection hung at the next write). `inTransaction` releases the client on every path and
 * destroys it when even ROLLBACK fails.
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../schema/index.ts';
import type { PgDatabase } from '../../contracts/domain.ts';

/**
 * One Drizzle handle per pooled connection: `drizzle()` walks the whole schema to build its
 * relational config (41 tables), which cost more CPU than many of the transactions it served
 * when it ran once per transaction. Pools reuse their clients, so the handle is reused too.
 */
const handles = new WeakMap<pg.PoolClient, PgDatabase>();

function handleOf(client: pg.PoolClient): PgDatabase {
  let db = handles.get(client);
  if (!db) handles.set(client, (db = drizzle(client, { schema })));
  return db;
}

/**
 * Runs `f` inside BEGIN/COMMIT on one connection of `db`'s pool (ROLLBACK when `f` throws) and
 * returns its result; rethrows `f`'s or the driver's error. On a `db` built over a single
 * `pg.Client` it defers to `db.transaction`, which has no pool to leak.
 */
export async function inTransaction<T>(db: PgDatabase, f: (tx: PgDatabase) => Promise<T>): Promise<T> {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return db.transaction((tx) => f(tx as unknown as PgDatabase));
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await f(handleOf(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
