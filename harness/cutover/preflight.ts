/**
 * Checks before a live-database command touches anything: the Postgres schema is at the version
 * this harness expects (every migration of `schema/migrations` applied, same hashes), and the
 * dual-write infrastructure (`id_map`, `pg_dualwrite_gaps`) exists.
 */
import type pg from 'pg';
import { UsageError } from '../runner.ts';
import { MIGRATIONS_FOLDER } from '../migrate.ts';
import { readMigrationFolder } from '../migrations/index.ts';

/** The database is not at the schema version the harness expects. */
export class SchemaVersionError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

/**
 * Throws `SchemaVersionError` (a `UsageError`: exit code 2) when `drizzle.__drizzle_migrations`
 * is missing, behind or different from the journal, or when `id_map` or `pg_dualwrite_gaps` is
 * missing; the message says which migration the database is at and what to run.
 */
export async function assertSchemaCurrent(pool: pg.Pool, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const folder = readMigrationFolder(migrationsFolder);
  const expected = folder.migrations.map((m) => m.hash);
  const { rows: present } = await pool.query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!present[0]?.t) throw new SchemaVersionError('Postgres has no drizzle.__drizzle_migrations: this database was never migrated (run `cutover migrate` with PG_URL first)');
  const { rows } = await pool.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at, id');
  const applied = rows.map((r) => r.hash);
  const name = (i: number) => folder.migrations[i]?.entry.tag ?? `#${i}`;
  const firstDifferent = applied.findIndex((h, i) => h !== expected[i]);
  if (firstDifferent >= 0) throw new SchemaVersionError(`Postgres applied a different migration at position ${firstDifferent} than this harness's ${name(firstDifferent)} (hash mismatch): the schemas have diverged`);
  if (applied.length < expected.length) {
    throw new SchemaVersionError(`Postgres is at migration ${applied.length} of ${expected.length} (${applied.length ? name(applied.length - 1) : 'none'}); run \`cutover migrate\` to reach ${name(expected.length - 1)}`);
  }
  if (applied.length > expected.length) throw new SchemaVersionError(`Postgres has ${applied.length} migrations applied, this harness knows ${expected.length}: update the harness`);
  for (const table of ['id_map', 'pg_dualwrite_gaps']) {
    const { rows: t } = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`public.${table}`]);
    if (!t[0]?.t) throw new SchemaVersionError(`Postgres has no ${table} table although its migrations are recorded: the schema was changed by hand`);
  }
}
