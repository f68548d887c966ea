/**
 * Applying our migrations (drizzle-kit output in `schema/migrations`) to a database.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

/** Absolute path of the repository's migrations folder. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../schema/migrations', import.meta.url));

/**
 * Applies every pending migration of `migrationsFolder` to the database at `url`, in journal
 * order, recording them in `drizzle.__drizzle_migrations`. Applying again is a no-op.
 * Throws the driver's error (with the failing statement) when a migration fails.
 */
export async function applyMigrations(url: string, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A NOTICE per "schema already exists" is noise, not news.
    await client.query('SET client_min_messages = warning');
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}
