/**
 * Renders the declared schema into temporary tables, so that Postgres itself spells every
 * declared type, default, CHECK and index the way it spells the migrated ones: comparing the two
 * catalogs then compares meaning, not whitespace or quoting (`numeric(38, 18)` and
 * `numeric(38,18)`, `varchar(24)` and `character varying(24)`, `"users"."email" LIKE ...` and
 * `(email ~~ ...)`).
 *
 * Everything happens inside a transaction that is rolled back: the database is left unchanged.
 * Temporary tables cannot reference permanent ones, so foreign keys are not rendered here (they
 * are compared structurally).
 */
import type pg from 'pg';
import { readCatalog, type CatalogSnapshot } from './catalog-snapshot.ts';
import type { DeclaredIndex, DeclaredSchema, DeclaredTable } from './declared-schema.ts';

/** The declared schema as Postgres reads it back, and what could not be rendered. */
export interface SchemaProbe {
  /** The catalog of the temporary schema holding the declared tables. */
  readonly catalog: CatalogSnapshot;
  /** One line per declared object Postgres rejected: `check users_email_shape on users: <error>`. */
  readonly problems: readonly string[];
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Renders `schema` into temporary tables on `client`'s database (which must already hold the
 * declared enum types), reads them back, and rolls back.
 *
 * @throws the driver's error only when the transaction itself cannot be opened or the catalog
 *   cannot be read; a declared object Postgres rejects is reported in `problems`.
 */
export async function probeDeclaredSchema(client: pg.Client, schema: DeclaredSchema): Promise<SchemaProbe> {
  const problems: string[] = [];
  const attempt = async (what: string, statement: string) => {
    try {
      await client.query(`SAVEPOINT probe; ${statement}; RELEASE SAVEPOINT probe`);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT probe; RELEASE SAVEPOINT probe');
      problems.push(`${what}: Postgres rejects the declared SQL (${(error as Error).message}): ${statement}`);
    }
  };
  await client.query('BEGIN');
  try {
    for (const table of schema.tables) await renderTable(table, attempt);
    const catalog = await readCatalog(client, 'pg_temp');
    return { catalog, problems };
  } finally {
    await client.query('ROLLBACK');
  }
}

async function renderTable(t: DeclaredTable, attempt: (what: string, statement: string) => Promise<void>): Promise<void> {
  const table = `pg_temp.${q(t.name)}`;
  await attempt(`table ${t.name}`, `CREATE TEMP TABLE ${q(t.name)} ()`);
  for (const c of t.columns) {
    let spec = `${q(c.name)} ${c.sqlType}`;
    if (c.generatedSql !== undefined) spec += ` GENERATED ALWAYS AS (${c.generatedSql}) STORED`;
    else if (c.defaultSql !== undefined) spec += ` DEFAULT ${c.defaultSql}`;
    if (c.identity) spec += ` GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
    if (c.notNull) spec += ' NOT NULL';
    await attempt(`column ${t.name}.${c.name}`, `ALTER TABLE ${table} ADD COLUMN ${spec}`);
  }
  if (t.primaryKey) {
    const cols = t.primaryKey.columns.map(q).join(', ');
    await attempt(`primary key ${t.primaryKey.name} on ${t.name}`, `ALTER TABLE ${table} ADD CONSTRAINT ${q(t.primaryKey.name)} PRIMARY KEY (${cols})`);
  }
  for (const u of t.uniques) {
    const nulls = u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
    await attempt(`unique constraint ${u.name} on ${t.name}`, `ALTER TABLE ${table} ADD CONSTRAINT ${q(u.name)} UNIQUE${nulls} (${u.columns.map(q).join(', ')})`);
  }
  for (const c of t.checks) {
    await attempt(`check ${c.name} on ${t.name}`, `ALTER TABLE ${table} ADD CONSTRAINT ${q(c.name)} CHECK (${c.sql})`);
  }
  for (const i of t.indexes) await attempt(`index ${i.name} on ${t.name}`, renderIndex(i, table));
}

/** `CREATE [UNIQUE] INDEX "name" ON <table> USING <method> (<keys>) [WITH (...)] [WHERE ...]`. */
export function renderIndex(i: DeclaredIndex, table: string): string {
  const withClause = i.with
    ? ` WITH (${Object.entries(i.with)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(', ')})`
    : '';
  const where = i.where ? ` WHERE ${i.where}` : '';
  return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${q(i.name)} ON ${i.only ? 'ONLY ' : ''}${table} USING ${i.method} (${i.keys.join(', ')})${withClause}${where}`;
}
