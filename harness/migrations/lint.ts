/**
 * Lint rules over the migration files' SQL, each finding at `file:line`. They catch what a
 * fresh apply on an empty database cannot: what breaks or locks a database that has data, or a
 * migration history that only works when migrations are applied one deploy at a time.
 *
 * Two facts about drizzle-orm's migrator (0.45, `PgDialect.migrate`) shape the rules: it applies
 * every pending migration inside ONE transaction, and it sends each `--> statement-breakpoint`
 * chunk as one query.
 *
 * Which migrations are custom: drizzle-kit writes a snapshot (the schema after the migration)
 * beside every migration; `drizzle-kit generate --custom` copies the previous snapshot unchanged,
 * while a generated migration always changes it (generate writes nothing when the schema did not
 * change). So a migration is custom exactly when its snapshot, ignoring `id` and `prevId`, equals
 * the previous one (for the first migration: an empty schema).
 */
import type { MigrationFile, MigrationFolder } from './migration-folder.ts';
import { splitSqlStatements, type SqlStatement } from './sql-statements.ts';

/** One lint finding. */
export interface LintFinding {
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `enum-value-used-in-same-run`. */
  readonly rule: string;
  /** Migration file name, e.g. `0003_add_role.sql`. */
  readonly file: string;
  /** 1-based line of the statement. */
  readonly line: number;
  readonly message: string;
}

/** What the linter learned about the folder besides findings. */
export interface LintResult {
  readonly findings: readonly LintFinding[];
  /** Tags of the migrations recognised as custom. */
  readonly custom: readonly string[];
  /** Tags whose kind could not be told (snapshot missing). */
  readonly unknownKind: readonly string[];
  readonly statements: number;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const re = (source: string, flags = 'i') => new RegExp(source, flags);

const ADD_VALUE = re(String.raw`^ALTER TYPE (${QUALIFIED}) ADD VALUE (?:IF NOT EXISTS )?'((?:[^']|'')*)'`);
const CREATE_ENUM = re(String.raw`^CREATE TYPE (${QUALIFIED}) AS ENUM\b`);
const CREATE_INDEX = re(String.raw`^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:(${IDENT}) )?ON (?:ONLY )?(${QUALIFIED})`);
const ALTER_TABLE = re(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${QUALIFIED}) (.*)$`, 'is');
const CREATE_TABLE = re(String.raw`^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?(${QUALIFIED})`);
const DROP_TABLE = re(String.raw`^DROP TABLE (?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?$`, 'is');
const RENAME_TABLE = re(String.raw`^RENAME TO (${IDENT})`);
const VALIDATE = re(String.raw`^VALIDATE CONSTRAINT (${IDENT})`);
const ADD_CONSTRAINT = re(String.raw`^ADD CONSTRAINT (${IDENT}) (FOREIGN KEY|CHECK|UNIQUE|PRIMARY KEY|EXCLUDE)\b(.*)$`, 'is');
/** `ADD [COLUMN] name ...`, but not the constraint forms of ADD. */
const ADD_COLUMN = re(String.raw`^ADD (?:COLUMN )?(?!(?:CONSTRAINT|PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE)\b)(?:IF NOT EXISTS )?(${IDENT}) (.*)$`, 'is');
const ADD_TABLE_CONSTRAINT = /^ADD (?:CONSTRAINT|PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE)\b/i;
const DROP_COLUMN = re(String.raw`^DROP (?:COLUMN )?(?:IF EXISTS )?(${IDENT})`);
const RENAME_COLUMN = re(String.raw`^RENAME (?:COLUMN )?(?!TO\b)(${IDENT}) TO (${IDENT})`);
const SET_NOT_NULL = re(String.raw`^ALTER (?:COLUMN )?(${IDENT}) SET NOT NULL\b`);
const SET_TYPE = re(String.raw`^ALTER (?:COLUMN )?(${IDENT}) (?:SET DATA )?TYPE (.*)$`, 'is');

/** Statements drizzle-kit writes itself, so a custom migration should not (DESIGN.md section 3). */
const EXPRESSIBLE: readonly [RegExp, string][] = [
  [re(String.raw`^CREATE (?:UNLOGGED )?TABLE\b`), 'creates a table'],
  [re(String.raw`^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY)`), 'creates an index'],
  [re(String.raw`^CREATE TYPE ${QUALIFIED} AS ENUM\b`), 'creates an enum'],
  [re(String.raw`^ALTER TYPE ${QUALIFIED} (?:ADD|RENAME) VALUE\b`), 'changes an enum'],
  [re(String.raw`^CREATE SEQUENCE\b`), 'creates a sequence'],
  [re(String.raw`^CREATE (?:OR REPLACE )?(?:MATERIALIZED )?VIEW\b`), 'creates a view'],
  [re(String.raw`^DROP (?:TABLE|INDEX|TYPE|SEQUENCE|VIEW|MATERIALIZED VIEW)\b`), 'drops a schema object'],
];
const EXPRESSIBLE_TABLE_ACTIONS: readonly [RegExp, string][] = [
  [ADD_COLUMN, 'adds a column'],
  [ADD_TABLE_CONSTRAINT, 'adds a constraint'],
  [re(String.raw`^ALTER (?:COLUMN )?${IDENT} (?:SET DATA TYPE|TYPE|SET DEFAULT|DROP DEFAULT|SET NOT NULL|DROP NOT NULL)\b`), 'alters a column'],
  [re(String.raw`^DROP (?:COLUMN )?(?!CONSTRAINT\b)`), 'drops a column'],
  [re(String.raw`^DROP CONSTRAINT\b`), 'drops a constraint'],
];

/** `"public"."users"` -> `users`; bare identifiers fold to lower case, as Postgres folds them. */
export function objectName(qualified: string): string {
  const parts = qualified.match(new RegExp(IDENT, 'g')) ?? [qualified];
  const last = parts[parts.length - 1] as string;
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

/**
 * Lints every migration of `folder` in journal order. Never throws; a migration whose `.sql` is
 * missing is skipped (the journal step reports it).
 */
export function lintMigrations(folder: MigrationFolder): LintResult {
  const findings: LintFinding[] = [];
  const custom: string[] = [];
  const unknownKind: string[] = [];
  const parsed = folder.migrations.map((m) => ({ m, statements: m.sql === undefined ? [] : splitSqlStatements(m.sql) }));
  const existing = new Set<string>();
  let statementCount = 0;

  parsed.forEach(({ m, statements }, i) => {
    statementCount += statements.length;
    const kind = migrationKind(m, folder.migrations[i - 1]);
    if (kind === 'custom') custom.push(m.entry.tag);
    if (kind === 'unknown') unknownKind.push(m.entry.tag);
    // Tables that existed before this migration: the previous snapshot's, plus any made by SQL.
    for (const t of snapshotTables(folder.migrations[i - 1])) existing.add(t);
    const before = new Set(existing);
    const typesCreatedHere = new Set<string>();
    // `table.column` added by this migration: a new column holds no duplicates yet.
    const addedHere = new Set<string>();
    for (const st of statements) {
      const a = ALTER_TABLE.exec(st.code);
      if (!a) continue;
      for (const action of splitTopLevel(a[2] as string)) {
        const c = ADD_COLUMN.exec(action);
        if (c) addedHere.add(`${objectName(a[1] as string)}.${objectName(c[1] as string)}`);
      }
    }
    const onlyNewColumns = (table: string, keys: string) => {
      const cols = (keys.match(new RegExp(IDENT, 'g')) ?? []).map(objectName);
      return cols.length > 0 && cols.every((c) => addedHere.has(`${table}.${c}`));
    };
    const at = (s: SqlStatement) => ({ file: m.fileName, line: s.line });

    if (kind === 'custom' && m.sql !== undefined && !/^\s*(--|\/\*)/.test(m.sql)) {
      findings.push({ severity: 'warning', rule: 'custom-migration-header', ...at(statements[0] ?? { line: 1 } as SqlStatement), message: 'custom migration has no header comment saying why it is custom' });
    }

    statements.forEach((s, j) => {
      const code = s.code;
      const later = () => [
        ...statements.slice(j + 1).map((x) => ({ file: m.fileName, s: x })),
        ...parsed.slice(i + 1).flatMap((p) => p.statements.map((x) => ({ file: p.m.fileName, s: x }))),
      ];

      // 1. A new enum value used in the same transaction. Postgres allows it only when the type
      // itself was created in that transaction, which is why a fresh apply does not catch it.
      const createdType = CREATE_ENUM.exec(code);
      if (createdType) typesCreatedHere.add(objectName(createdType[1] as string));
      const addValue = ADD_VALUE.exec(code);
      if (addValue && !typesCreatedHere.has(objectName(addValue[1] as string))) {
        const type = objectName(addValue[1] as string);
        const literal = `'${addValue[2] as string}'`;
        const usedIn = new Set<string>();
        for (const u of later()) {
          if (ADD_VALUE.test(u.s.code) || usedIn.has(u.file) || !evaluatedText(u.s.code).includes(literal)) continue;
          usedIn.add(u.file);
          findings.push({
            severity: 'error',
            rule: 'enum-value-used-in-same-run',
            file: u.file,
            line: u.s.line,
            message:
              `uses enum value ${literal}, added to ${type} at ${m.fileName}:${s.line}, in the same migration run: drizzle-orm's migrator ` +
              `applies every pending migration in one transaction, and Postgres rejects a value added in that transaction ` +
              `("unsafe use of new value", 55P04) unless the type was created in it too. So an empty database migrates, but every ` +
              `existing database that has ${type} fails when it applies both statements in one run (a later migration file does not ` +
              `help). Do not reference the new value in migration SQL (write it from application code), or rebuild the type`,
          });
        }
      }

      // 2. CONCURRENTLY cannot run in the migrator's transaction; a plain build locks writes.
      const index = CREATE_INDEX.exec(code);
      if (index) {
        const table = objectName(index[4] as string);
        const name = index[3] ? objectName(index[3]) : '(unnamed)';
        if (index[2]) {
          findings.push({ severity: 'error', rule: 'concurrently-in-transaction', ...at(s), message: `CREATE INDEX CONCURRENTLY ${name} cannot run inside drizzle-orm's migration transaction` });
        } else if (before.has(table)) {
          if (index[1] && !onlyNewColumns(table, /\(([^)]*)\)/.exec(code)?.[1] ?? '')) {
            findings.push({
              severity: 'warning',
              rule: 'unique-on-existing-table',
              ...at(s),
              message:
                `CREATE UNIQUE INDEX ${name} on existing table ${table} fails when rows already hold duplicates (the upgrade path seeds them). ` +
                `Safe: deduplicate first (a data migration or backfill), build the index CONCURRENTLY out of band, and keep this statement idempotent (IF NOT EXISTS)`,
            });
          }
          findings.push({
            severity: 'warning',
            rule: 'index-without-concurrently',
            ...at(s),
            message:
              `CREATE INDEX ${name} on existing table ${table} without CONCURRENTLY blocks writes to ${table} while it builds ` +
              `(drizzle-orm's migrator runs in a transaction, where CONCURRENTLY is not allowed: build it out of band first, or accept the lock)`,
          });
        }
      }

      const created = CREATE_TABLE.exec(code);
      if (created) existing.add(objectName(created[1] as string));

      const dropTable = DROP_TABLE.exec(code);
      if (dropTable) {
        for (const t of splitTopLevel(dropTable[1] as string).map(objectName)) {
          existing.delete(t);
          findings.push({ severity: 'warning', rule: 'drops-table', ...at(s), message: `drops table ${t}: its rows are lost, and deployed code still reading or writing it breaks. Safe: stop using it in one release, drop it in the next` });
        }
      }

      const alter = ALTER_TABLE.exec(code);
      if (alter) {
        const table = objectName(alter[1] as string);
        for (const action of splitTopLevel(alter[2] as string)) {
          const rename = RENAME_TABLE.exec(action);
          if (rename) {
            existing.delete(table);
            existing.add(objectName(rename[1] as string));
          }
          // 3. NOT VALID constraints that are never validated.
          const constraint = ADD_CONSTRAINT.exec(action);
          if (constraint && /\bNOT VALID\s*$/i.test(constraint[3] as string)) {
            const name = objectName(constraint[1] as string);
            const validated = later().some((u) => {
              const a = ALTER_TABLE.exec(u.s.code);
              return a !== null && splitTopLevel(a[2] as string).some((x) => objectName(VALIDATE.exec(x)?.[1] ?? '""') === name);
            });
            if (!validated) {
              const kindText = (constraint[2] as string).toUpperCase() === 'FOREIGN KEY' ? 'foreign key' : (constraint[2] as string).toLowerCase();
              findings.push({
                severity: 'error',
                rule: 'not-valid-never-validated',
                ...at(s),
                message: `${kindText} ${name} on ${table} is added NOT VALID and no later migration runs VALIDATE CONSTRAINT ${name}: existing rows are never checked`,
              });
            }
          }
          // 3b. Constraints on a table that has rows: data-dependent, and each takes a heavy lock.
          if (constraint && before.has(table) && !/\bNOT VALID\s*$/i.test(constraint[3] as string)) {
            const name = objectName(constraint[1] as string);
            const kindText = (constraint[2] as string).toUpperCase();
            if ((kindText === 'UNIQUE' || kindText === 'PRIMARY KEY') && !onlyNewColumns(table, /\(([^)]*)\)/.exec(constraint[3] as string)?.[1] ?? '')) {
              findings.push({
                severity: 'warning',
                rule: 'unique-on-existing-table',
                ...at(s),
                message:
                  `adds ${kindText === 'UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY'} ${name} to existing table ${table}: fails when rows already hold duplicates, and builds its index under an ACCESS EXCLUSIVE lock. ` +
                  `Safe: deduplicate first, CREATE UNIQUE INDEX CONCURRENTLY out of band, then ADD CONSTRAINT ${name} ${kindText} USING INDEX`,
              });
            } else if (kindText === 'CHECK') {
              findings.push({
                severity: 'warning',
                rule: 'check-without-not-valid',
                ...at(s),
                message:
                  `adds CHECK ${name} to existing table ${table} without NOT VALID: every row is checked under an ACCESS EXCLUSIVE lock, and the migration fails on rows that break it. ` +
                  `Safe: ADD CONSTRAINT ${name} CHECK (...) NOT VALID, fix the rows, then VALIDATE CONSTRAINT ${name} in a later migration`,
              });
            } else if (kindText === 'FOREIGN KEY') {
              findings.push({
                severity: 'warning',
                rule: 'fk-without-not-valid',
                ...at(s),
                message:
                  `adds FOREIGN KEY ${name} to existing table ${table} without NOT VALID: every row is checked while both tables are locked against writes, and the migration fails on dangling references. ` +
                  `Safe: ADD CONSTRAINT ${name} FOREIGN KEY (...) NOT VALID, then VALIDATE CONSTRAINT ${name} in a later migration`,
              });
            }
          }
          if (before.has(table)) {
            const setNotNull = SET_NOT_NULL.exec(action);
            if (setNotNull) {
              const col = objectName(setNotNull[1] as string);
              findings.push({
                severity: 'warning',
                rule: 'set-not-null',
                ...at(s),
                message:
                  `SET NOT NULL on ${table}.${col} scans the table under an ACCESS EXCLUSIVE lock and fails when a row holds NULL. ` +
                  `Safe: backfill, ADD CONSTRAINT ${table}_${col}_not_null CHECK (${col} IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (Postgres 12+ skips the scan) and drop the check`,
              });
            }
            const setType = SET_TYPE.exec(action);
            if (setType) {
              const col = objectName(setType[1] as string);
              findings.push({
                severity: 'warning',
                rule: 'column-type-change',
                ...at(s),
                message:
                  `changes the type of ${table}.${col} to ${abbreviate((setType[2] as string).trim())}: most changes rewrite the table under an ACCESS EXCLUSIVE lock, the migration fails on values the cast rejects, and code still writing the old type breaks. ` +
                  `Safe: add a new column, write both, backfill, switch reads, drop the old column later`,
              });
            }
            const renameColumn = RENAME_COLUMN.exec(action);
            if (renameColumn) {
              findings.push({
                severity: 'warning',
                rule: 'renames-column',
                ...at(s),
                message:
                  `renames ${table}.${objectName(renameColumn[1] as string)} to ${objectName(renameColumn[2] as string)}: backward-incompatible while the deployed code (still dual-writing) uses the old name. ` +
                  `Safe: add the new column, write both, backfill, switch reads, drop the old one in a later release`,
              });
            }
            if (rename) {
              findings.push({
                severity: 'warning',
                rule: 'renames-table',
                ...at(s),
                message:
                  `renames table ${table} to ${objectName(rename[1] as string)}: backward-incompatible while the deployed code (still dual-writing) uses the old name. ` +
                  `Safe: create the new table, write both, backfill, switch reads, drop the old one in a later release (or leave a view under the old name)`,
              });
            }
          }
          // 4. Dropped columns.
          const dropColumn = DROP_COLUMN.exec(action);
          if (dropColumn && !/^DROP CONSTRAINT\b/i.test(action)) {
            findings.push({
              severity: 'warning',
              rule: 'drops-column',
              ...at(s),
              message: `drops column ${table}.${objectName(dropColumn[1] as string)}: its data is lost, and deployed code still reading or writing it breaks. Safe: stop using it in one release, drop it in the next`,
            });
          }
          // 5. NOT NULL without DEFAULT on a table that may have rows.
          const addColumn = ADD_COLUMN.exec(action);
          if (addColumn && before.has(table)) {
            const spec = addColumn[2] as string;
            if (/\bNOT NULL\b/i.test(spec) && !/\bDEFAULT\b|\bGENERATED\b/i.test(spec)) {
              findings.push({
                severity: 'warning',
                rule: 'not-null-column-without-default',
                ...at(s),
                message:
                  `adds NOT NULL column ${table}.${objectName(addColumn[1] as string)} without a DEFAULT: fails on a database where ${table} has rows. ` +
                  `Safe: add it with a DEFAULT (a constant default does not rewrite the table), or nullable, backfill, then SET NOT NULL the safe way`,
              });
            }
          }
        }
      }

      // 6. Custom migrations hold only what drizzle-kit cannot express.
      if (kind === 'custom') {
        const reasons = EXPRESSIBLE.filter(([rule]) => rule.test(code)).map(([, what]) => what);
        if (alter) {
          for (const action of splitTopLevel(alter[2] as string)) {
            for (const [rule, what] of EXPRESSIBLE_TABLE_ACTIONS) if (rule.test(action)) reasons.push(what);
          }
        }
        for (const what of new Set(reasons)) {
          findings.push({
            severity: 'error',
            rule: 'custom-migration-expressible',
            ...at(s),
            message: `custom migration ${what} (\`${abbreviate(code)}\`): drizzle-kit can express this, so declare it in the schema code and run drizzle-kit generate; custom SQL is for triggers and functions only`,
          });
        }
      }
    });
  });

  findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { findings, custom, unknownKind, statements: statementCount };
}

/**
 * The part of a statement Postgres evaluates when it runs: a PL/pgSQL body is only stored (its
 * literals are read when the function is called), so it is left out.
 */
function evaluatedText(code: string): string {
  return /\bLANGUAGE\s+'?plpgsql\b/i.test(code) ? code.replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/g, '$$$$') : code;
}

/** `custom`, `generated`, or `unknown` (no snapshot to compare), by the rule in the module comment. */
export function migrationKind(m: MigrationFile, previous: MigrationFile | undefined): 'custom' | 'generated' | 'unknown' {
  if (m.snapshot === undefined || (previous !== undefined && previous.snapshot === undefined)) return 'unknown';
  const prev = previous?.snapshot ?? EMPTY_SNAPSHOT;
  return canonical(schemaPart(m.snapshot)) === canonical(schemaPart(prev)) ? 'custom' : 'generated';
}

const EMPTY_SNAPSHOT: Record<string, unknown> = { tables: {}, enums: {}, schemas: {}, sequences: {}, roles: {}, policies: {}, views: {} };
const SCHEMA_KEYS = ['tables', 'enums', 'schemas', 'sequences', 'roles', 'policies', 'views'] as const;

function schemaPart(snapshot: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(SCHEMA_KEYS.map((k) => [k, snapshot[k] ?? {}]));
}

/** JSON with sorted keys, so equal objects give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function snapshotTables(m: MigrationFile | undefined): string[] {
  const tables = (m?.snapshot?.tables ?? {}) as Record<string, { name?: string }>;
  return Object.values(tables).flatMap((t) => (typeof t?.name === 'string' ? [t.name] : []));
}

/** Splits at commas outside parentheses, quotes and literals; trims each part. */
export function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(s.slice(from).trim());
  return parts.filter((p) => p !== '');
}

function abbreviate(code: string): string {
  return code.length > 80 ? `${code.slice(0, 77)}...` : code;
}
