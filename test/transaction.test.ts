/**
 * A connection the server drops at BEGIN must not leak from the pool (drizzle-orm 0.45's own
 * `transaction()` leaks it; `repos/drizzle/transaction.ts` works around it).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../schema/index.ts';
import { inTransaction } from '../repos/drizzle/transaction.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();

describe('inTransaction', () => {
  it('releases the only pooled connection when the server drops it before BEGIN, so the next query runs', async () => {
    const pool = scratch.pg.newPool(1);
    // The first connection handed out is terminated by the server before the caller uses it.
    const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient>;
    let sabotage = true;
    (pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) => {
      // pool.query() calls connect with a callback: leave that path alone.
      if (cb !== undefined || !sabotage) return connect(cb);
      sabotage = false;
      return connect().then(async (client) => {
        await scratch.pg.db.execute(sql`SELECT pg_terminate_backend(${(client as unknown as { processID: number }).processID})`);
        return client;
      });
    };
    const db = drizzle(pool, { schema });
    await expect(inTransaction(db, async (tx) => tx.execute(sql`SELECT 1`))).rejects.toThrow();
    // With a leaked client this would wait for a free connection forever.
    const after = await db.execute<{ one: number }>(sql`SELECT 1 AS one`);
    expect(after.rows[0]!.one).toBe(1);
    await pool.end();
  });

  it('commits on success and rolls back when the work throws', async () => {
    await scratch.pg.reset();
    const db = scratch.pg.db;
    const now = new Date(0);
    await inTransaction(db, (tx) => tx.insert(schema.users).values({ email: 'kept@example.com', createdAt: now, updatedAt: now }));
    await expect(
      inTransaction(db, async (tx) => {
        await tx.insert(schema.users).values({ email: 'rolled-back@example.com', createdAt: now, updatedAt: now });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const emails = (await db.select({ email: schema.users.email }).from(schema.users)).map((r) => r.email);
    expect(emails).toEqual(['kept@example.com']);
  });
});
