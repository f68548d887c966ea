/**
 * A connection the server drops at BEGIN must not leak from the pool (drizzle-orm 0.45's own
 * `transaction()` leaks it; `repos/drizzle/transaction.ts` works around it).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../schema/index.ts';
import { inTransaction } from '../repos/drizzle/transaction.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();

describe('inTransaction', () => {
  it('releases the only pooled connection when the server drops it before BEGIN, so the next query runs', async () => {
    const pool = scratch.pg.newPool(1);
    const db = drizzle(pool, { schema });
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await scratch.pg.db.execute(sql`SELECT pg_terminate_backend(${rows[0]!.pid})`);
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
