/**
 * A snapshot of one schema's catalog (pg_catalog), in the server's own canonical spelling:
 * `format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_triggerdef`.
 * Two snapshots taken the same way compare by text; that is how the gate compares a fresh
 * database with an upgraded one, and the declared schema (rendered into temp tables) with both.
 */
import type pg from 'pg';

/** A column as Postgres reports it. */
export interface CatalogColumn {
  readonly name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `timestamp(3) with time zone`. */
  readonly type: string;
  readonly notNull: boolean;
  /** `pg_get_expr(adbin)` of the default (or of the generation expression), else null. */
  readonly default: string | null;
  /** `a` (GENERATED ALWAYS AS IDENTITY), `d` (BY DEFAULT) or '' (none). */
  readonly identity: string;
  /** `s` (stored generated column), `v` (virtual) or '' (none). */
  readonly generated: string;
}

/** A constraint other than NOT NULL (which is compared through the column). */
export interface CatalogConstraint {
  readonly name: string;
  /** `c` check, `u` unique, `p` primary key, `f` foreign key, `x` exclusion. */
  readonly type: 'c' | 'u' | 'p' | 'f' | 'x';
  readonly validated: boolean;
  /** `pg_get_constraintdef`, e.g. `CHECK ((amount > (0)::numeric))`. */
  readonly definition: string;
  readonly columns: readonly string[];
  /** Foreign keys only. */
  readonly foreignTable?: string;
  readonly foreignColumns?: readonly string[];
  /** Foreign keys only: `no action`, `restrict`, `cascade`, `set null`, `set default`. */
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

/** An index that does not back a constraint (those are compared as constraints). */
export interface CatalogIndex {
  readonly name: string;
  readonly unique: boolean;
  /** `pg_get_indexdef` with the table's schema qualifier removed (`ON categories USING ...`). */
  readonly definition: string;
  /** Key columns; `null` for an expression key. */
  readonly columns: readonly (string | null)[];
  /** `pg_get_expr(indpred)`, else null. */
  readonly where: string | null;
  readonly valid: boolean;
}

/** A user trigger (not the internal ones behind foreign keys). */
export interface CatalogTrigger {
  readonly name: string;
  readonly table: string;
  /** `O` origin (enabled), `D` disabled, `R` replica, `A` always. */
  readonly enabled: string;
  readonly timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  readonly level: 'ROW' | 'STATEMENT';
  readonly events: readonly ('INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE')[];
  /** `UPDATE OF` columns; empty for any column. */
  readonly updateColumns: readonly string[];
  readonly function: string;
  /** `pg_get_triggerdef`. */
  readonly definition: string;
}

/** A table with everything hanging off it. */
export interface CatalogTable {
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly CatalogConstraint[];
  readonly indexes: readonly CatalogIndex[];
  readonly triggers: readonly CatalogTrigger[];
}

/** One schema's objects. Maps are keyed by name; a function's key is `name(identity args)`. */
export interface CatalogSnapshot {
  readonly schema: string;
  readonly tables: ReadonlyMap<string, CatalogTable>;
  /** Enum name -> labels in sort order. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** `name(args)` -> md5 of `pg_get_functiondef` (extension members excluded). */
  readonly functions: ReadonlyMap<string, string>;
  /** Sequences not owned by a column (identity and serial sequences belong to their column). */
  readonly sequences: ReadonlySet<string>;
  /** View and materialized view name -> md5 of its definition. */
  readonly views: ReadonlyMap<string, string>;
}

/** Objects an extension created (`CREATE EXTENSION postgis` makes tables and functions) are not ours to compare. */
const notFromExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;

const FK_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/**
 * Reads schema `schema` of the database `client` is connected to. `pg_temp` means this session's
 * temporary schema. Objects created by an extension are left out.
 *
 * @throws the driver's error when a catalog query fails.
 */
export async function readCatalog(client: pg.Client, schema = 'public'): Promise<CatalogSnapshot> {
  const nsp = schema === 'pg_temp' ? 'pg_my_temp_schema()' : '(SELECT oid FROM pg_namespace WHERE nspname = $1)';
  const params = schema === 'pg_temp' ? [] : [schema];
  const q = async <T extends pg.QueryResultRow>(text: string) => (await client.query<T>(text, params)).rows;

  const columns = await q<{ tbl: string; name: string; type: string; notnull: boolean; def: string | null; identity: string; generated: string }>(`
    SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
           pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity, a.attgenerated::text AS generated
      FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = ${nsp} AND c.relkind IN ('r', 'p')
     ORDER BY c.relname, a.attnum`);
  const tableNames = await q<{ tbl: string }>(
    `SELECT relname AS tbl FROM pg_class c WHERE relnamespace = ${nsp} AND relkind IN ('r', 'p') AND ${notFromExtension('pg_class', 'c.oid')} ORDER BY 1`,
  );

  const constraints = await q<{
    tbl: string; name: string; type: CatalogConstraint['type']; validated: boolean; def: string; cols: string[] | null;
    ftable: string | null; fcols: string[] | null; del: string; upd: string;
  }>(`
    SELECT c.relname AS tbl, con.conname AS name, con.contype::text AS type, con.convalidated AS validated,
           pg_get_constraintdef(con.oid) AS def,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
           ft.relname AS ftable,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS fcols,
           con.confdeltype::text AS del, con.confupdtype::text AS upd
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      LEFT JOIN pg_class ft ON ft.oid = con.confrelid
     WHERE c.relnamespace = ${nsp} AND con.contype IN ('c', 'u', 'p', 'f', 'x')
     ORDER BY c.relname, con.conname`);

  const indexes = await q<{ tbl: string; name: string; uniq: boolean; def: string; cols: (string | null)[]; pred: string | null; valid: boolean }>(`
    SELECT t.relname AS tbl, i.relname AS name, ix.indisunique AS uniq, pg_get_indexdef(ix.indexrelid) AS def,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, ord)
              LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n AND k.n <> 0
             WHERE k.ord <= ix.indnkeyatts) AS cols,
           pg_get_expr(ix.indpred, ix.indrelid) AS pred, ix.indisvalid AS valid
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
     WHERE t.relnamespace = ${nsp}
       AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
     ORDER BY t.relname, i.relname`);

  const triggers = await q<{ tbl: string; name: string; enabled: string; tgtype: number; fn: string; def: string; cols: string[] | null }>(`
    SELECT c.relname AS tbl, tg.tgname AS name, tg.tgenabled::text AS enabled, tg.tgtype::int AS tgtype, p.proname AS fn,
           pg_get_triggerdef(tg.oid) AS def,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY k(n, ord)
              JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = k.n) AS cols
      FROM pg_trigger tg
      JOIN pg_class c ON c.oid = tg.tgrelid
      JOIN pg_proc p ON p.oid = tg.tgfoid
     WHERE c.relnamespace = ${nsp} AND NOT tg.tgisinternal
     ORDER BY c.relname, tg.tgname`);

  const enums = await q<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE t.typnamespace = ${nsp} AND ${notFromExtension('pg_type', 't.oid')}
     GROUP BY t.typname ORDER BY 1`);

  const functions = await q<{ name: string; digest: string }>(`
    SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, md5(pg_get_functiondef(p.oid)) AS digest
      FROM pg_proc p
     WHERE p.pronamespace = ${nsp} AND p.prokind IN ('f', 'p') AND ${notFromExtension('pg_proc', 'p.oid')}
     ORDER BY 1`);

  const sequences = await q<{ name: string }>(`
    SELECT s.relname AS name FROM pg_class s
     WHERE s.relnamespace = ${nsp} AND s.relkind = 'S' AND ${notFromExtension('pg_class', 's.oid')}
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i'))
     ORDER BY 1`);

  const views = await q<{ name: string; digest: string }>(`
    SELECT relname AS name, md5(pg_get_viewdef(v.oid)) AS digest FROM pg_class v
     WHERE relnamespace = ${nsp} AND relkind IN ('v', 'm') AND ${notFromExtension('pg_class', 'v.oid')} ORDER BY 1`);

  const tables = new Map<string, { name: string; columns: CatalogColumn[]; constraints: CatalogConstraint[]; indexes: CatalogIndex[]; triggers: CatalogTrigger[] }>();
  for (const { tbl } of tableNames) tables.set(tbl, { name: tbl, columns: [], constraints: [], indexes: [], triggers: [] });
  for (const c of columns) {
    tables.get(c.tbl)?.columns.push({ name: c.name, type: c.type, notNull: c.notnull, default: c.def, identity: c.identity, generated: c.generated });
  }
  for (const c of constraints) {
    tables.get(c.tbl)?.constraints.push({
      name: c.name,
      type: c.type,
      validated: c.validated,
      definition: c.def,
      columns: c.cols ?? [],
      ...(c.type === 'f'
        ? { foreignTable: c.ftable ?? '', foreignColumns: c.fcols ?? [], onDelete: FK_ACTIONS[c.del] ?? c.del, onUpdate: FK_ACTIONS[c.upd] ?? c.upd }
        : {}),
    });
  }
  for (const i of indexes) {
    tables.get(i.tbl)?.indexes.push({
      name: i.name,
      unique: i.uniq,
      definition: unqualifyIndexDef(i.def),
      columns: i.cols ?? [],
      where: i.pred,
      valid: i.valid,
    });
  }
  for (const t of triggers) tables.get(t.tbl)?.triggers.push(decodeTrigger(t));

  return {
    schema,
    tables,
    enums: new Map(enums.map((e) => [e.name, e.labels])),
    functions: new Map(functions.map((f) => [f.name, f.digest])),
    sequences: new Set(sequences.map((s) => s.name)),
    views: new Map(views.map((v) => [v.name, v.digest])),
  };
}

/** `CREATE INDEX x ON public.t USING ...` -> `CREATE INDEX x ON t USING ...` (also for `pg_temp.t`). */
export function unqualifyIndexDef(def: string): string {
  const ident = '(?:"(?:[^"]|"")+"|[^\\s."(]+)';
  return def.replace(new RegExp(` ON (ONLY )?${ident}\\.(${ident}) USING `), ' ON $1$2 USING ');
}

function decodeTrigger(t: { tbl: string; name: string; enabled: string; tgtype: number; fn: string; def: string; cols: string[] | null }): CatalogTrigger {
  // pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h): ROW 1, BEFORE 2, INSERT 4,
  // DELETE 8, UPDATE 16, TRUNCATE 32, INSTEAD 64.
  const bits = t.tgtype;
  const events: CatalogTrigger['events'][number][] = [];
  if (bits & 4) events.push('INSERT');
  if (bits & 16) events.push('UPDATE');
  if (bits & 8) events.push('DELETE');
  if (bits & 32) events.push('TRUNCATE');
  return {
    name: t.name,
    table: t.tbl,
    enabled: t.enabled,
    timing: bits & 64 ? 'INSTEAD OF' : bits & 2 ? 'BEFORE' : 'AFTER',
    level: bits & 1 ? 'ROW' : 'STATEMENT',
    events,
    updateColumns: t.cols ?? [],
    function: t.fn,
    definition: t.def,
  };
}

/**
 * The snapshot as `object -> description` lines, e.g. `column users.email` ->
 * `text not null`. Two databases built differently (fresh, upgraded) must give equal maps.
 */
export function flattenCatalog(s: CatalogSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of s.tables.values()) {
    out.set(`table ${t.name}`, '');
    for (const c of t.columns) out.set(`column ${t.name}.${c.name}`, describeColumn(c));
    for (const c of t.constraints) out.set(`constraint ${c.name} on ${t.name}`, `${c.definition}${c.validated ? '' : ' (NOT VALID)'}`);
    for (const i of t.indexes) out.set(`index ${i.name} on ${t.name}`, `${i.definition}${i.valid ? '' : ' (INVALID)'}`);
    for (const g of t.triggers) out.set(`trigger ${g.name} on ${t.name}`, `${g.definition} [tgenabled=${g.enabled}]`);
  }
  for (const [name, labels] of s.enums) out.set(`enum ${name}`, labels.join(', '));
  for (const [name, digest] of s.functions) out.set(`function ${name}`, `md5 ${digest}`);
  for (const name of s.sequences) out.set(`sequence ${name}`, '');
  for (const [name, digest] of s.views) out.set(`view ${name}`, `md5 ${digest}`);
  return out;
}

/** `text not null default 'x'::text identity always`. */
export function describeColumn(c: CatalogColumn): string {
  const parts = [c.type, c.notNull ? 'not null' : 'null'];
  if (c.generated) parts.push(`generated (${c.default ?? ''})`);
  else if (c.default !== null) parts.push(`default ${c.default}`);
  if (c.identity) parts.push(`identity ${c.identity === 'a' ? 'always' : 'by default'}`);
  return parts.join(' ');
}

/**
 * Differences between two snapshots, one line per object, named: `missing in <b>: index x on t`,
 * `extra in <b>: ...`, `differs: column t.c: <a> `...` vs <b> `...``. Empty when equal.
 */
export function diffCatalogs(a: CatalogSnapshot, b: CatalogSnapshot, labels: { a: string; b: string }): string[] {
  const fa = flattenCatalog(a);
  const fb = flattenCatalog(b);
  const out: string[] = [];
  for (const [key, value] of fa) {
    if (!fb.has(key)) out.push(`${key}: in the ${labels.a} database but missing from the ${labels.b} one`);
    else if (fb.get(key) !== value) out.push(`${key} differs: ${labels.a} \`${value}\`, ${labels.b} \`${fb.get(key)}\``);
  }
  for (const key of fb.keys()) if (!fa.has(key)) out.push(`${key}: in the ${labels.b} database but not in the ${labels.a} one`);
  return out;
}
