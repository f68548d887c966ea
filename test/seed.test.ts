/** The migration gate's seeder writes real rows through every domain's Drizzle implementation. */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { domains } from '../contracts/index.ts';
import { seedWithDomains } from '../properties/seed.ts';
import { useScratchStores } from './support.ts';

const scratch = useScratchStores();

describe('seedWithDomains', () => {
  it('fills every domain table of a migrated database, and the ledger too', async () => {
    const notes: string[] = [];
    await seedWithDomains(domains, { sequences: 40, note: (l) => notes.push(l) })(scratch.pg.url, 0);
    expect(notes).toEqual([]);
    for (const table of ['users', 'addresses', 'categories', 'payments', 'funds_ledger_entries']) {
      const r = await scratch.pg.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
      expect(r.rows[0]!.n, table).toBeGreaterThan(0);
    }
  });
});
