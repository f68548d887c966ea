/**
 * What the Drizzle schema code declares, read from the module itself (never from a hand-kept
 * list): tables through `getTableConfig`, enums through `isPgEnum`, sequences and views. SQL
 * fragments (defaults, CHECKs, index expressions and predicates) are rendered the way
 * drizzle-kit renders them when it writes a migration (its `generatePgSnapshot`), so comparing
 * them with the database compares what `drizzle-kit generate` would have produced.
 */
import { pathToFileURL } from 'node:url';
import { is, SQL } from 'drizzle-orm';
import {
  PgDialect,
  PgTable,
  getMaterializedViewConfig,
  getTableConfig,
  getViewConfig,
  isPgEnum,
  isPgMaterializedView,
  isPgSequence,
  isPgView,
  uniqueKeyName,
  type PgColumn,
} from 'drizzle-orm/pg-core';

/** A declared column. */
export interface DeclaredColumn {
  readonly name: string;
  /** `column.getSQLType()`, e.g. `timestamp (3) with time zone`, `numeric(38, 18)`, `user_role`. */
  readonly sqlType: string;
  readonly notNull: boolean;
  /** The default as SQL text, as drizzle-kit writes it after `DEFAULT`. */
  readonly defaultSql?: string;
  readonly identity?: 'always' | 'byDefault';
  /** `GENERATED ALWAYS AS (<this>) STORED`. */
  readonly generatedSql?: string;
}

/** A declared index. */
export interface DeclaredIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  /** One SQL key per column or expression, e.g. `"user_id"` or `lower(btrim("name") COLLATE "C")`. */
  readonly keys: readonly string[];
  /** Column name per key; null for an expression key. */
  readonly columns: readonly (string | null)[];
  readonly where?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly only: boolean;
}

/** A declared foreign key. */
export interface DeclaredForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly foreignTable: string;
  readonly foreignColumns: readonly string[];
  /** `no action` when not given. */
  readonly onDelete: string;
  readonly onUpdate: string;
}

/** A declared table (schema `public`). */
export interface DeclaredTable {
  readonly name: string;
  readonly columns: readonly DeclaredColumn[];
  readonly primaryKey?: { readonly name: string; readonly columns: readonly string[] };
  readonly uniques: readonly { readonly name: string; readonly columns: readonly string[]; readonly nullsNotDistinct: boolean }[];
  readonly checks: readonly { readonly name: string; readonly sql: string }[];
  readonly foreignKeys: readonly DeclaredForeignKey[];
  readonly indexes: readonly DeclaredIndex[];
}

/** Everything the schema module declares in schema `public`. */
export interface DeclaredSchema {
  readonly tables: readonly DeclaredTable[];
  /** Enum name -> values in declaration order. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  readonly sequences: ReadonlySet<string>;
  readonly views: ReadonlySet<string>;
  /** Objects declared outside schema `public`, which the gate does not check (`table audit.log`). */
  readonly notChecked: readonly string[];
}

/** Thrown when the schema module cannot be imported. */
export class SchemaImportError extends Error {
  readonly code = 'MIGRATION_SCHEMA_IMPORT';
}

const dialect = new PgDialect();
const isPublic = (schema: string | undefined) => schema === undefined || schema === 'public';

/**
 * Imports `schemaFile` (a module whose exports are the Drizzle schema, like `schema/index.ts`)
 * and reads what it declares.
 *
 * @throws SchemaImportError when the module cannot be imported.
 */
export async function loadDeclaredSchema(schemaFile: string): Promise<DeclaredSchema> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(schemaFile).href)) as Record<string, unknown>;
  } catch (error) {
    throw new SchemaImportError(`cannot import ${schemaFile}: ${(error as Error).message}`, { cause: error });
  }
  return declaredSchemaOf(Object.values(mod));
}

/** Reads the tables, enums, sequences and views among `exports` (duplicates counted once). */
export function declaredSchemaOf(exports: readonly unknown[]): DeclaredSchema {
  const tables = new Map<string, DeclaredTable>();
  const enums = new Map<string, readonly string[]>();
  const sequences = new Set<string>();
  const views = new Set<string>();
  const notChecked = new Set<string>();
  for (const value of exports) {
    if (is(value, PgTable)) {
      const config = getTableConfig(value);
      if (!isPublic(config.schema)) notChecked.add(`table ${config.schema}.${config.name}`);
      else if (!tables.has(config.name)) tables.set(config.name, declaredTable(value));
    } else if (isPgEnum(value)) {
      if (!isPublic(value.schema)) notChecked.add(`enum ${value.schema}.${value.enumName}`);
      else enums.set(value.enumName, [...value.enumValues]);
    } else if (isPgSequence(value)) {
      if (!isPublic(value.schema)) notChecked.add(`sequence ${value.schema}.${value.seqName}`);
      else if (value.seqName) sequences.add(value.seqName);
    } else if (isPgView(value)) {
      const c = getViewConfig(value);
      if (isPublic(c.schema)) views.add(c.name);
      else notChecked.add(`view ${c.schema}.${c.name}`);
    } else if (isPgMaterializedView(value)) {
      const c = getMaterializedViewConfig(value);
      if (isPublic(c.schema)) views.add(c.name);
      else notChecked.add(`materialized view ${c.schema}.${c.name}`);
    }
  }
  return { tables: [...tables.values()], enums, sequences, views, notChecked: [...notChecked] };
}

function declaredTable(table: PgTable): DeclaredTable {
  const config = getTableConfig(table);
  const name = config.name;
  const compositePk = config.primaryKeys[0];
  const pkColumns = new Set(compositePk ? compositePk.columns.map((c) => c.name) : []);
  const columnPk = config.columns.find((c) => c.primary);

  const uniques = config.columns
    .filter((c) => c.isUnique)
    .map((c) => ({ name: c.uniqueName ?? `${name}_${c.name}_unique`, columns: [c.name], nullsNotDistinct: c.uniqueType === 'not distinct' }));
  for (const u of config.uniqueConstraints) {
    const columns = u.columns.map((c) => c.name);
    uniques.push({ name: u.getName() ?? uniqueKeyName(table, columns), columns, nullsNotDistinct: u.nullsNotDistinct });
  }

  return {
    name,
    columns: config.columns.map((c) => declaredColumn(c, c.notNull || c.primary || pkColumns.has(c.name))),
    ...(compositePk
      ? { primaryKey: { name: compositePk.getName(), columns: compositePk.columns.map((c) => c.name) } }
      : columnPk
        ? // A column-level primaryKey() gets Postgres's default constraint name.
          { primaryKey: { name: `${name}_pkey`, columns: [columnPk.name] } }
        : {}),
    uniques,
    checks: config.checks.map((c) => ({ name: c.name, sql: dialect.sqlToQuery(c.value).sql })),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        name: fk.getName(),
        columns: ref.columns.map((c) => c.name),
        foreignTable: getTableConfig(ref.foreignTable).name,
        foreignColumns: ref.foreignColumns.map((c) => c.name),
        onDelete: fk.onDelete ?? 'no action',
        onUpdate: fk.onUpdate ?? 'no action',
      };
    }),
    indexes: config.indexes.map((index) => {
      const c = index.config;
      const keys: string[] = [];
      const columns: (string | null)[] = [];
      for (const key of c.columns) {
        if (is(key, SQL)) {
          // 'indexes' renders column references unqualified, as drizzle-kit does.
          keys.push(dialect.sqlToQuery(key, 'indexes').sql);
          columns.push(null);
        } else {
          const col = key as Partial<PgColumn> & { name: string; indexConfig?: { order?: string; nulls?: string; opClass?: string } };
          const ic = col.indexConfig ?? {};
          const parts = [`"${col.name.replace(/"/g, '""')}"`];
          if (ic.opClass) parts.push(ic.opClass);
          if (ic.order === 'desc') parts.push('DESC');
          if (ic.nulls) parts.push(`NULLS ${ic.nulls.toUpperCase()}`);
          keys.push(parts.join(' '));
          columns.push(col.name);
        }
      }
      return {
        // drizzle-kit's name for an unnamed index (its `indexName`).
        name: c.name ?? `${name}_${columns.join('_')}_index`,
        unique: c.unique,
        method: c.method ?? 'btree',
        keys,
        columns,
        ...(c.where ? { where: dialect.sqlToQuery(c.where).sql } : {}),
        ...(c.with && Object.keys(c.with).length > 0 ? { with: c.with } : {}),
        only: c.only,
      };
    }),
  };
}

function declaredColumn(c: PgColumn, notNull: boolean): DeclaredColumn {
  const sqlType = c.getSQLType();
  const identity = c.generatedIdentity?.type;
  const generated = c.generated?.as;
  return {
    name: c.name,
    sqlType,
    notNull,
    ...(c.default !== undefined ? { defaultSql: renderDefault(c.default, sqlType) } : {}),
    ...(identity ? { identity } : {}),
    ...(generated !== undefined
      ? { generatedSql: is(generated, SQL) ? dialect.sqlToQuery(generated).sql : typeof generated === 'function' ? dialect.sqlToQuery((generated as () => SQL)()).sql : String(generated) }
      : {}),
  };
}

/** drizzle-kit's rendering of a column default (`generatePgSnapshot` in drizzle-kit 0.31). */
function renderDefault(value: unknown, sqlType: string): string {
  const type = sqlType.toLowerCase();
  if (is(value, SQL)) return dialect.sqlToQuery(value).sql;
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (type === 'json' || type === 'jsonb') return `'${JSON.stringify(value).replace(/'/g, "''")}'::${type}`;
  if (value instanceof Date) {
    if (type === 'date') return `'${value.toISOString().split('T')[0]}'`;
    if (type === 'timestamp') return `'${value.toISOString().replace('T', ' ').slice(0, 23)}'`;
    return `'${value.toISOString()}'`;
  }
  if (Array.isArray(value)) return `'{${value.map((v) => JSON.stringify(v)).join(',')}}'`;
  return String(value);
}

/** The declared tables that have a column named `column` (e.g. every table with a `legacy_object_id`). */
export function tablesWithColumn(schema: DeclaredSchema, column: string): string[] {
  return schema.tables.filter((t) => t.columns.some((c) => c.name === column)).map((t) => t.name);
}
