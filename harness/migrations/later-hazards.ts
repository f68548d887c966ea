/**
 * What the migrations after version k will demand of the rows a version-k database holds, read
 * from their SQL (and, for enums, from their snapshots), so that the seeded rows can be chosen
 * to break exactly that: duplicates where a UNIQUE constraint or unique index comes, NULLs
 * where SET NOT NULL comes, values a coming CHECK forbids, values a coming type change cannot
 * cast (strings longer than a shorter varchar among them), enum values a coming migration drops
 * or renames, and filled columns where a foreign key comes.
 */
import { objectName, splitTopLevel } from './lint.ts';
import type { MigrationFolder } from './migration-folder.ts';
import { splitSqlStatements } from './sql-statements.ts';

/** Where a hazard's statement is: `0003_x.sql:5`. */
export type Where = string;

/** One demand of a later migration on existing rows. */
export type Hazard =
  | { readonly kind: 'unique'; readonly table: string; readonly columns: readonly string[]; readonly at: Where; readonly whereColumns?: readonly string[] }
  | { readonly kind: 'not-null'; readonly table: string; readonly column: string; readonly at: Where }
  | { readonly kind: 'check'; readonly table: string; readonly expr: string; readonly at: Where }
  | { readonly kind: 'type'; readonly table: string; readonly column: string; readonly newType: string; readonly using?: string; readonly at: Where }
  | { readonly kind: 'foreign-key'; readonly table: string; readonly columns: readonly string[]; readonly at: Where }
  | { readonly kind: 'enum-value'; readonly enumName: string; readonly value: string; readonly at: Where };

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const ALTER_TABLE = new RegExp(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${QUALIFIED}) (.*)$`, 'is');
const ADD_CONSTRAINT = new RegExp(String.raw`^ADD (?:CONSTRAINT (${IDENT}) )?(UNIQUE|PRIMARY KEY|CHECK|FOREIGN KEY)\b(.*)$`, 'is');
const ALTER_COLUMN = new RegExp(String.raw`^ALTER (?:COLUMN )?(${IDENT}) (SET NOT NULL|SET DATA TYPE|TYPE)\b(.*)$`, 'is');
const CREATE_UNIQUE_INDEX = new RegExp(String.raw`^CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?(?:${IDENT} )?ON (?:ONLY )?(${QUALIFIED})(?: USING \w+)? (\(.*)$`, 'is');
const RENAME_VALUE = new RegExp(String.raw`^ALTER TYPE (${QUALIFIED}) RENAME VALUE '((?:[^']|'')*)'`, 'i');

/** `(a, "b")` -> the identifiers in it (folded as Postgres folds them). */
function identifiersIn(text: string): string[] {
  return [...text.replace(/'(?:[^']|'')*'/g, "''").matchAll(new RegExp(IDENT, 'g'))].map((m) => objectName(m[0]));
}

/** The text between the first `(` and its matching `)`. */
function parenthesized(text: string): string | undefined {
  const start = text.indexOf('(');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(start + 1, i);
  }
  return undefined;
}

/**
 * The hazards of migrations `k+1 ..` of `folder` for a database at version k. Never throws:
 * a statement it cannot read is simply not a hazard.
 */
export function laterHazards(folder: MigrationFolder, k: number): Hazard[] {
  const out: Hazard[] = [];
  folder.migrations.slice(k + 1).forEach((m) => {
    if (m.sql === undefined) return;
    for (const s of splitSqlStatements(m.sql)) {
      const at = `${m.fileName}:${s.line}`;
      const code = s.code;
      const index = CREATE_UNIQUE_INDEX.exec(code);
      if (index) {
        const keys = parenthesized(index[2] as string) ?? '';
        const where = /\)\s*WHERE\s+(.*)$/is.exec(index[2] as string);
        out.push({ kind: 'unique', table: objectName(index[1] as string), columns: identifiersIn(keys), at, ...(where && { whereColumns: identifiersIn(where[1] as string) }) });
      }
      const rename = RENAME_VALUE.exec(code);
      if (rename) out.push({ kind: 'enum-value', enumName: objectName(rename[1] as string), value: (rename[2] as string).replace(/''/g, "'"), at });
      const alter = ALTER_TABLE.exec(code);
      if (!alter) continue;
      const table = objectName(alter[1] as string);
      for (const action of splitTopLevel(alter[2] as string)) {
        const c = ADD_CONSTRAINT.exec(action);
        if (c) {
          const kind = (c[2] as string).toUpperCase();
          const rest = c[3] as string;
          const inner = parenthesized(rest) ?? '';
          if (kind === 'UNIQUE' || kind === 'PRIMARY KEY') out.push({ kind: 'unique', table, columns: identifiersIn(inner), at });
          if (kind === 'PRIMARY KEY') for (const column of identifiersIn(inner)) out.push({ kind: 'not-null', table, column, at });
          if (kind === 'CHECK' && inner) out.push({ kind: 'check', table, expr: inner, at });
          if (kind === 'FOREIGN KEY') out.push({ kind: 'foreign-key', table, columns: identifiersIn(inner), at });
          continue;
        }
        const col = ALTER_COLUMN.exec(action);
        if (!col) continue;
        const column = objectName(col[1] as string);
        if ((col[2] as string).toUpperCase() === 'SET NOT NULL') out.push({ kind: 'not-null', table, column, at });
        else {
          const rest = (col[3] as string).trim();
          const using = /\sUSING\s+(.*)$/is.exec(rest);
          const newType = (using ? rest.slice(0, using.index) : rest).replace(/\s+COLLATE\s+.*$/is, '').trim();
          out.push({ kind: 'type', table, column, newType, ...(using && { using: (using[1] as string).trim() }), at });
        }
      }
    }
  });
  // Enum values dropped later: drizzle-kit rebuilds the type (DROP TYPE, CREATE TYPE with the
  // remaining values, ALTER COLUMN ... USING col::type), so the snapshots say it most reliably.
  const enumsAt = (i: number) => (folder.migrations[i]?.snapshot?.enums ?? {}) as Record<string, { name?: string; values?: string[] }>;
  const now = enumsAt(k);
  folder.migrations.slice(k + 1).forEach((m, j) => {
    const later = enumsAt(k + 1 + j);
    for (const [key, e] of Object.entries(now)) {
      const then = later[key];
      if (!then || !Array.isArray(e.values) || !Array.isArray(then.values)) continue;
      for (const value of e.values) {
        if (!then.values.includes(value) && !out.some((h) => h.kind === 'enum-value' && h.enumName === e.name && h.value === value)) {
          out.push({ kind: 'enum-value', enumName: e.name ?? key, value, at: `${m.fileName} (snapshot ${m.snapshotFile})` });
        }
      }
    }
  });
  return out;
}

/** One line for the verbose detail. */
export function describeHazard(h: Hazard): string {
  switch (h.kind) {
    case 'unique':
      return `${h.at}: ${h.table} (${h.columns.join(', ')}) becomes unique: duplicate rows`;
    case 'not-null':
      return `${h.at}: ${h.table}.${h.column} becomes NOT NULL: a NULL row`;
    case 'check':
      return `${h.at}: ${h.table} gets CHECK (${h.expr}): a row that breaks it`;
    case 'type':
      return `${h.at}: ${h.table}.${h.column} becomes ${h.newType}${h.using ? ` USING ${h.using}` : ''}: a value the cast rejects`;
    case 'foreign-key':
      return `${h.at}: ${h.table} (${h.columns.join(', ')}) gets a foreign key: filled values`;
    case 'enum-value':
      return `${h.at}: enum ${h.enumName} loses or renames '${h.value}': rows that hold it`;
  }
}
