/**
 * Seeds a database at migration version k with rows generated from that version's drizzle-kit
 * snapshot (`meta/NNNN_snapshot.json`), for any folder and with no configuration.
 *
 * Tables are filled in foreign-key order; a child's foreign key takes a parent row's values.
 * Postgres is the judge of what is valid: each row is one INSERT (autocommit), and a rejected
 * row is adjusted (other random values, other parents) and retried, or skipped. Before the
 * INSERT, the version-k CHECK constraints (read from the database, so custom SQL ones count)
 * are evaluated on the candidate row in one query, and failing columns are replaced by values
 * from a candidate pool until every CHECK holds.
 *
 * Besides a few ordinary rows per table, the seeder writes the rows the later migrations are
 * most likely to trip on (`later-hazards.ts`): a duplicate of a row where a UNIQUE comes, a NULL
 * where SET NOT NULL comes, a row that breaks a coming CHECK (found by evaluating the CHECK's
 * negation over candidate values), a value a coming type change cannot cast, the enum values
 * a coming migration drops or renames. Everything is drawn from a PRNG seeded with
 * `seed` and k, so one seed always gives the same rows.
 */
import type pg from 'pg';
import { describeHazard, laterHazards, type Hazard } from './later-hazards.ts';
import type { MigrationFolder } from './migration-folder.ts';
import { candidatePool, ident, Prng, quote, randomValue, sampleRegex, seedColumn, type SeedColumn } from './seed-values.ts';

/** One seeded row, as the INSERT that wrote it. */
export interface SeedRow {
  /** Position in seeding order (unique within a version). */
  readonly id: number;
  /** Table name (schema public unless `schema` is set). */
  readonly table: string;
  /** Quoted, qualified table name for SQL. */
  readonly qualified: string;
  readonly columns: readonly string[];
  /** SQL literals, one per column. */
  readonly values: readonly string[];
  /** The table has GENERATED ALWAYS identity columns whose values are in `values`. */
  readonly overriding: boolean;
  /** Rows this row's foreign keys point at (by id). */
  readonly parents: readonly number[];
  /** Why the row was written: undefined for an ordinary row, else the hazard it aims at. */
  readonly purpose?: string;
}

/** What {@link seedVersion} did at one version. */
export interface SeededVersion {
  readonly rows: readonly SeedRow[];
  /** Rows accepted per table, in seeding order. */
  readonly perTable: ReadonlyMap<string, number>;
  /** Rows Postgres rejected for good (after adjusting). */
  readonly rejected: number;
  /** Hazards of the later migrations that a row was written for. */
  readonly hazards: readonly Hazard[];
  /** Verbose detail: every hazard, every rejected row with the server's reason. */
  readonly detail: readonly string[];
  /** Set when nothing could be seeded (no snapshot). */
  readonly skipped?: string;
}

/** Options of {@link seedVersion}. */
export interface SeedVersionOptions {
  /** PRNG seed (combined with k). */
  readonly seed: number;
  /** Ordinary rows per table; default 3. */
  readonly rowsPerTable?: number;
}

/** `INSERT INTO "t" ("a", "b") VALUES ('x', NULL);` for `row`. */
export function insertSql(row: SeedRow): string {
  if (row.columns.length === 0) return `INSERT INTO ${row.qualified} DEFAULT VALUES;`;
  return `INSERT INTO ${row.qualified} (${row.columns.map(ident).join(', ')}) ${row.overriding ? 'OVERRIDING SYSTEM VALUE ' : ''}VALUES (${row.values.join(', ')});`;
}

interface SnapshotColumn {
  name: string;
  type: string;
  typeSchema?: string;
  notNull?: boolean;
  primaryKey?: boolean;
  default?: unknown;
  identity?: { type?: string };
  generated?: unknown;
}
interface SnapshotTable {
  name: string;
  schema?: string;
  columns: Record<string, SnapshotColumn>;
  foreignKeys?: Record<string, { tableTo: string; schemaTo?: string; columnsFrom: string[]; columnsTo: string[] }>;
}

interface TablePlan {
  readonly name: string;
  readonly qualified: string;
  /** Columns the seeder writes (identity and generated columns excluded). */
  readonly columns: readonly SeedColumn[];
  /** Columns filled by the database (identity, or a default the seeder cannot generate). */
  readonly filledByDb: readonly SeedColumn[];
  /** Every column, for evaluating CHECKs. */
  readonly all: readonly SeedColumn[];
  readonly identityAlways: boolean;
  readonly fks: readonly { tableTo: string; from: readonly string[]; to: readonly string[] }[];
  readonly checks: readonly { name: string; expr: string; columns: readonly string[] }[];
}

/** A SQL predicate over one table's row, with the columns it reads. */
interface Predicate {
  readonly expr: string;
  readonly columns: readonly string[];
  /** `true`: must evaluate to TRUE; else it must not be FALSE (a CHECK's rule). */
  readonly strict: boolean;
}

/**
 * Seeds the database `client` is connected to (migrated up to journal entry k of `folder`).
 * Never throws for a rejected row; throws only when the connection fails.
 */
export async function seedVersion(client: pg.Client, folder: MigrationFolder, k: number, options: SeedVersionOptions): Promise<SeededVersion> {
  const snapshot = folder.migrations[k]?.snapshot as { tables?: Record<string, SnapshotTable>; enums?: Record<string, { name: string; schema?: string; values: string[] }> } | undefined;
  const empty = { rows: [], perTable: new Map(), rejected: 0, hazards: [], detail: [] };
  if (!snapshot?.tables) return { ...empty, skipped: `no snapshot meta/${folder.migrations[k]?.snapshotFile ?? '?'}` };
  const r = new Prng((options.seed * 1_000_003 + k * 7919) >>> 0);
  const perTableBase = options.rowsPerTable ?? 3;
  const enums = new Map<string, readonly string[]>();
  for (const e of Object.values(snapshot.enums ?? {})) {
    enums.set(e.name, e.values);
    enums.set(`${e.schema ?? 'public'}.${e.name}`, e.values);
  }
  const checks = await readChecks(client);
  const plans = Object.values(snapshot.tables).map((t) => planTable(t, enums, checks));
  const hazards = laterHazards(folder, k);
  const detail: string[] = [];
  const rows: SeedRow[] = [];
  const byTable = new Map<string, SeedRow[]>();
  let rejected = 0;
  const used: Hazard[] = [];

  for (const plan of fkOrder(plans)) {
    const mine: SeedRow[] = [];
    byTable.set(plan.name, mine);
    const own = hazards.filter((h) => ('table' in h ? h.table === plan.name : plan.columns.some((c) => isEnumNamed(c, h.enumName))));
    const filled = new Set(own.flatMap((h) => (h.kind === 'unique' || h.kind === 'foreign-key' ? h.columns : h.kind === 'type' ? [h.column] : [])));

    const write = async (overrides: Map<string, string>, extra: Predicate | undefined, purpose: string | undefined, alsoParents: readonly number[] = []): Promise<SeedRow | undefined> => {
      let lastError = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        const drawn = drawRow(plan, byTable, overrides, filled, r);
        const parents = [...new Set([...drawn.parents, ...alsoParents])];
        const attemptInsert = (values: Map<string, string>) =>
          insertRow(client, plan, values, parents, rows.length, purpose).catch((e: unknown) => {
            lastError = pgReason(e);
            return (e as { code?: string }).code ?? 'error';
          });
        // An ordinary row goes straight to Postgres; only a CHECK it breaks is fitted (one
        // query per round), which keeps the common case at one round trip per row.
        let outcome: SeedRow | string = extra ? '23514' : await attemptInsert(drawn.values);
        if (outcome === '23514') {
          const fitted = await fitPredicates(client, plan, drawn.values, new Set(overrides.keys()), extra, r);
          if (!fitted) {
            lastError = extra ? 'no candidate value satisfies the version\'s CHECKs and breaks the later one' : `${lastError} (no candidate value satisfies the CHECKs)`;
            if (extra) break;
            continue;
          }
          outcome = await attemptInsert(fitted);
        }
        if (typeof outcome !== 'string') {
          rows.push(outcome);
          mine.push(outcome);
          return outcome;
        }
      }
      rejected++;
      detail.push(`  rejected ${plan.name}${purpose ? ` (${purpose})` : ''}: ${lastError}`);
      return undefined;
    };

    for (let i = 0; i < perTableBase; i++) await write(new Map(), undefined, undefined);

    for (const h of own) {
      const purpose = describeHazard(h);
      let wrote: SeedRow | undefined;
      if (h.kind === 'unique') {
        // A duplicate of an existing row's key (and of the columns a partial index's WHERE reads).
        const copied = [...h.columns, ...(h.whereColumns ?? []).filter((c) => plan.columns.some((p) => p.name === c))];
        const source = mine.find((x) => h.columns.every((c) => x.columns.includes(c) && x.values[x.columns.indexOf(c)] !== 'NULL'));
        if (!source || !h.columns.every((c) => plan.columns.some((p) => p.name === c))) continue;
        wrote = await write(new Map(copied.map((c) => [c, source.values[source.columns.indexOf(c)] as string])), undefined, purpose, source.parents);
      } else if (h.kind === 'not-null') {
        const col = plan.columns.find((c) => c.name === h.column);
        if (!col || col.notNull) continue;
        wrote = await write(new Map([[h.column, 'NULL']]), undefined, purpose);
      } else if (h.kind === 'check') {
        const columns = plan.all.filter((c) => identifierUsed(h.expr, c.name)).map((c) => c.name);
        if (columns.length === 0) continue;
        wrote = await write(new Map(), { expr: `NOT (${h.expr})`, columns, strict: true }, purpose);
      } else if (h.kind === 'type') {
        const col = plan.columns.find((c) => c.name === h.column);
        if (!col) continue;
        const value = await uncastable(client, plan, col, h, r);
        if (value === undefined) {
          detail.push(`  ${plan.name}.${h.column}: no candidate value fails the cast to ${h.newType}`);
          continue;
        }
        wrote = await write(new Map([[h.column, value]]), undefined, purpose);
      } else if (h.kind === 'enum-value') {
        for (const col of plan.columns.filter((c) => isEnumNamed(c, h.enumName) && c.enumValues?.includes(h.value))) {
          const literal = col.kind === 'array' ? quote(`{"${h.value.replace(/["\\]/g, (x) => `\\${x}`)}"}`) : quote(h.value);
          wrote = (await write(new Map([[col.name, literal]]), undefined, purpose)) ?? wrote;
        }
      }
      if (wrote && !used.includes(h)) used.push(h);
    }
  }

  const perTable = new Map<string, number>();
  for (const [t, xs] of byTable) perTable.set(t, xs.length);
  const lines = [
    ...hazards.map((h) => `  ${used.includes(h) ? 'aimed at' : 'no row for'} ${describeHazard(h)}`),
    ...detail,
  ];
  return { rows, perTable, rejected, hazards: used, detail: lines };
}

function isEnumNamed(c: SeedColumn, name: string): boolean {
  return c.enumValues !== undefined && (c.sqlType.replace(/\[\]$/, '') === `${ident('public')}.${ident(name)}` || c.sqlType.replace(/\[\]$/, '').endsWith(`.${ident(name)}`) || c.sqlType === name);
}

/** Whether `expr` reads column `name` (quoted, or bare as Postgres folds it). */
function identifierUsed(expr: string, name: string): boolean {
  const text = expr.replace(/'(?:[^']|'')*'/g, "''");
  if (text.includes(ident(name))) return true;
  return name === name.toLowerCase() && new RegExp(`(?<![\\w"$])${name.replace(/[$]/g, '\\$')}(?![\\w"$(])`, 'i').test(text);
}

async function readChecks(client: pg.Client): Promise<Map<string, { name: string; expr: string; columns: string[] }[]>> {
  const { rows } = await client.query<{ t: string; name: string; expr: string; cols: string[] }>(`
    SELECT c.relname AS t, k.conname AS name, pg_get_expr(k.conbin, k.conrelid) AS expr,
           ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) ORDER BY a.attnum) AS cols
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'c' AND n.nspname = 'public'
     ORDER BY 1, 2`);
  const out = new Map<string, { name: string; expr: string; columns: string[] }[]>();
  for (const row of rows) out.set(row.t, [...(out.get(row.t) ?? []), { name: row.name, expr: row.expr, columns: row.cols }]);
  return out;
}

function planTable(t: SnapshotTable, enums: ReadonlyMap<string, readonly string[]>, checks: ReadonlyMap<string, { name: string; expr: string; columns: string[] }[]>): TablePlan {
  const schema = t.schema && t.schema !== 'public' ? t.schema : undefined;
  const all: SeedColumn[] = [];
  const columns: SeedColumn[] = [];
  const filledByDb: SeedColumn[] = [];
  let identityAlways = false;
  for (const c of Object.values(t.columns)) {
    const col = seedColumn(c.name, c.type, c.typeSchema, c.notNull === true || c.primaryKey === true, c.default !== undefined || c.identity !== undefined, enums);
    all.push(col);
    if (c.generated !== undefined) continue;
    if (c.identity !== undefined) {
      identityAlways ||= c.identity.type === 'always';
      filledByDb.push(col);
    } else if (col.kind === 'other' && col.hasDefault) filledByDb.push(col);
    else columns.push(col);
  }
  return {
    name: t.name,
    qualified: schema ? `${ident(schema)}.${ident(t.name)}` : ident(t.name),
    columns,
    filledByDb,
    all,
    identityAlways,
    fks: Object.values(t.foreignKeys ?? {}).map((fk) => ({ tableTo: fk.tableTo, from: fk.columnsFrom, to: fk.columnsTo })),
    checks: schema ? [] : (checks.get(t.name) ?? []),
  };
}

/** Whether a foreign key can be left unenforced: MATCH SIMPLE skips it when any column is NULL. */
function softFk(plan: TablePlan, fk: TablePlan['fks'][number]): boolean {
  return fk.from.some((c) => !plan.columns.find((x) => x.name === c)?.notNull);
}

/**
 * Parents before children. A cycle (two tables pointing at each other) is broken at a foreign
 * key that can be NULL: such a parent comes first only when it does not need this table itself.
 */
function fkOrder(plans: readonly TablePlan[]): TablePlan[] {
  const byName = new Map(plans.map((p) => [p.name, p]));
  const hardAncestors = new Map<string, Set<string>>();
  const ancestors = (p: TablePlan): Set<string> => {
    const known = hardAncestors.get(p.name);
    if (known) return known;
    const out = new Set<string>();
    hardAncestors.set(p.name, out);
    for (const fk of p.fks) {
      const parent = byName.get(fk.tableTo);
      if (!parent || parent === p || softFk(p, fk)) continue;
      out.add(parent.name);
      for (const a of ancestors(parent)) out.add(a);
    }
    return out;
  };
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TablePlan[] = [];
  const visit = (p: TablePlan) => {
    if (done.has(p.name) || visiting.has(p.name)) return;
    visiting.add(p.name);
    for (const fk of [...p.fks].sort((a, b) => Number(softFk(p, a)) - Number(softFk(p, b)))) {
      const parent = byName.get(fk.tableTo);
      if (!parent || parent === p) continue;
      if (softFk(p, fk) && ancestors(parent).has(p.name)) continue;
      visit(parent);
    }
    visiting.delete(p.name);
    done.add(p.name);
    out.push(p);
  };
  for (const p of [...plans].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(p);
  return out;
}

/** A random row: overrides, then foreign keys from parent rows, then random values. */
function drawRow(plan: TablePlan, byTable: ReadonlyMap<string, SeedRow[]>, overrides: ReadonlyMap<string, string>, filled: ReadonlySet<string>, r: Prng) {
  const values = new Map<string, string>();
  const parents: number[] = [];
  for (const fk of plan.fks) {
    const candidates = (byTable.get(fk.tableTo) ?? []).filter((p) => fk.to.every((c) => p.columns.includes(c)));
    const soft = softFk(plan, fk);
    if (candidates.length === 0 || (soft && fk.tableTo === plan.name && r.next() < 0.5)) {
      // Without a parent, a nullable column switches the key off; NOT NULL ones stay random.
      if (soft) for (const c of fk.from) if (!plan.columns.find((x) => x.name === c)?.notNull) values.set(c, 'NULL');
      continue;
    }
    const parent = r.pick(candidates);
    parents.push(parent.id);
    fk.from.forEach((c, i) => values.set(c, parent.values[parent.columns.indexOf(fk.to[i] as string)] as string));
  }
  for (const col of plan.columns) {
    if (overrides.has(col.name)) values.set(col.name, overrides.get(col.name) as string);
    else if (values.has(col.name)) continue;
    else if (!col.notNull && !filled.has(col.name) && r.next() < 0.3) values.set(col.name, 'NULL');
    else values.set(col.name, patternValue(plan, col, r) ?? randomValue(col, r));
  }
  return { values, parents };
}

/** A string matching the `~` pattern of a CHECK on this text column alone, when there is one. */
function patternValue(plan: TablePlan, col: SeedColumn, r: Prng): string | undefined {
  if (col.kind !== 'text') return undefined;
  for (const c of plan.checks) {
    if (c.columns.length !== 1 || c.columns[0] !== col.name) continue;
    const m = /(?<!~)~(?!~)\s*'((?:[^']|'')*)'/.exec(c.expr);
    if (!m) continue;
    const s = sampleRegex((m[1] as string).replace(/''/g, "'"), r);
    if (s !== undefined && (col.maxLength === undefined || s.length <= col.maxLength)) return quote(s);
  }
  return undefined;
}

/** `CAST(v AS type)` for evaluating predicates: varchar(n) loses its length, so no silent truncation. */
function typed(col: SeedColumn, literal: string): string {
  const type = col.sqlType.replace(/^(varchar|character varying|char|character)\s*\(\d+\)/i, 'text');
  return `CAST(${literal} AS ${type})`;
}

/**
 * Replaces the values of non-fixed columns until every CHECK of the table holds (and `extra`
 * is TRUE), hill-climbing over candidate pools: each round evaluates the candidates in one
 * query and keeps the one with the most predicates satisfied. Undefined when none gets there.
 */
async function fitPredicates(client: pg.Client, plan: TablePlan, start: Map<string, string>, fixed: ReadonlySet<string>, extra: Predicate | undefined, r: Prng): Promise<Map<string, string> | undefined> {
  const predicates: Predicate[] = [...plan.checks.map((c) => ({ expr: c.expr, columns: c.columns, strict: false })), ...(extra ? [extra] : [])];
  if (predicates.length === 0) return start;
  let current = start;
  let currentScore = -1;
  for (let round = 0; round < 5; round++) {
    const scores = await scoreRows(client, plan, predicates, [current]);
    const flags = scores[0];
    if (!flags) return undefined;
    const failing = predicates.filter((_, i) => !flags[i]);
    if (failing.length === 0) return current;
    const score = flags.filter(Boolean).length;
    if (score <= currentScore) return undefined;
    currentScore = score;
    const candidates: Map<string, string>[] = [];
    const free = (c: string) => !fixed.has(c) && plan.columns.some((x) => x.name === c);
    const pools = new Map<string, string[]>();
    const poolOf = (name: string) => {
      if (!pools.has(name)) {
        const col = plan.columns.find((x) => x.name === name) as SeedColumn;
        pools.set(name, candidatePool(col, failing.map((p) => p.expr).join(' '), r));
      }
      return pools.get(name) as string[];
    };
    for (const p of failing) {
      const cols = p.columns.filter(free);
      for (const c of cols) for (const v of poolOf(c)) candidates.push(new Map(current).set(c, v));
      for (let i = 0; i < cols.length; i++) {
        for (let j = i + 1; j < cols.length; j++) {
          const a = poolOf(cols[i] as string).slice(0, 14);
          const b = poolOf(cols[j] as string).slice(0, 14);
          for (const va of a) for (const vb of b) candidates.push(new Map(current).set(cols[i] as string, va).set(cols[j] as string, vb));
        }
      }
    }
    if (candidates.length === 0) return undefined;
    const all = await scoreRows(client, plan, predicates, candidates.slice(0, 600));
    let best = -1;
    let bestScore = -1;
    all.forEach((f, i) => {
      const s = f ? f.filter(Boolean).length : -1;
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    });
    if (best < 0 || bestScore <= score) return undefined;
    current = candidates[best] as Map<string, string>;
  }
  return undefined;
}

/**
 * Evaluates `predicates` on each candidate row (one query; on an error, halves until the bad
 * candidates are found and scored undefined).
 */
async function scoreRows(client: pg.Client, plan: TablePlan, predicates: readonly Predicate[], candidates: readonly Map<string, string>[]): Promise<(boolean[] | undefined)[]> {
  if (candidates.length === 0) return [];
  const names = plan.all.map((c) => c.name);
  const valuesSql = candidates
    .map((row, i) => `(${i}, ${plan.all.map((c) => typed(c, row.get(c.name) ?? 'NULL')).join(', ')})`)
    .join(',\n');
  const select = predicates.map((p, i) => `(${p.expr}) IS ${p.strict ? 'TRUE' : 'NOT FALSE'} AS p${i}`).join(', ');
  const sql = `SELECT __i, ${select} FROM (VALUES ${valuesSql}) AS ${ident(plan.name)}(__i, ${names.map(ident).join(', ')}) ORDER BY __i`;
  try {
    const { rows } = await client.query<Record<string, unknown>>(sql);
    return rows.map((row) => predicates.map((_, i) => row[`p${i}`] === true));
  } catch {
    if (candidates.length === 1) return [undefined];
    const mid = Math.ceil(candidates.length / 2);
    return [...(await scoreRows(client, plan, predicates, candidates.slice(0, mid))), ...(await scoreRows(client, plan, predicates, candidates.slice(mid)))];
  }
}

async function insertRow(client: pg.Client, plan: TablePlan, values: Map<string, string>, parents: readonly number[], id: number, purpose: string | undefined): Promise<SeedRow> {
  const cols = plan.columns.map((c) => c.name);
  const literals = cols.map((c) => values.get(c) ?? 'NULL');
  const returning = plan.filledByDb.length ? ` RETURNING ${plan.filledByDb.map((c) => `${ident(c.name)}::text AS ${ident(c.name)}`).join(', ')}` : '';
  const sql = cols.length === 0 ? `INSERT INTO ${plan.qualified} DEFAULT VALUES${returning}` : `INSERT INTO ${plan.qualified} (${cols.map(ident).join(', ')}) VALUES (${literals.join(', ')})${returning}`;
  const { rows } = await client.query<Record<string, string | null>>(sql);
  const back = rows[0] ?? {};
  const extraCols = plan.filledByDb.map((c) => c.name);
  return {
    id,
    table: plan.name,
    qualified: plan.qualified,
    columns: [...cols, ...extraCols],
    values: [...literals, ...extraCols.map((c) => (back[c] === null || back[c] === undefined ? 'NULL' : quote(back[c] as string)))],
    overriding: plan.identityAlways,
    parents,
    ...(purpose !== undefined && { purpose }),
  };
}

/** A value of `col` the later type change cannot convert (tried in Postgres, one by one). */
async function uncastable(client: pg.Client, plan: TablePlan, col: SeedColumn, h: Extract<Hazard, { kind: 'type' }>, r: Prng): Promise<string | undefined> {
  const target = /^(?:varchar|character varying|char|character)\s*\((\d+)\)/i.exec(h.newType);
  const pool = candidatePool(col, '', r).filter((v) => v !== 'NULL');
  if (target && col.kind === 'text') {
    const n = Number(target[1]) + 1;
    if (col.maxLength === undefined || col.maxLength >= n) pool.unshift(quote('x'.repeat(n)));
  }
  if (col.kind === 'text') pool.push(...['abc', '12x', '2024-13-45', 'not-a-uuid', '1e999', 'true?'].map(quote));
  const probe = ident(`__cutover_cast_probe`);
  try {
    await client.query(`DROP TABLE IF EXISTS pg_temp.${probe}; CREATE TEMP TABLE ${probe} (v ${h.newType})`);
  } catch {
    return undefined;
  }
  const source = h.using ?? ident(col.name);
  for (const v of pool.slice(0, 30)) {
    try {
      await client.query(`INSERT INTO pg_temp.${probe} (v) SELECT ${source} FROM (VALUES (${typed(col, v)})) AS ${ident(plan.name)}(${ident(col.name)})`);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      // Only a data error (class 22) says the value cannot be converted; anything else is the probe's problem.
      if (code.startsWith('22')) return v;
    }
  }
  return undefined;
}

/** `message (SQLSTATE x)` of a driver error. */
export function pgReason(e: unknown): string {
  const x = e as { message?: string; code?: string; detail?: string };
  return `${x.message ?? String(e)}${x.code ? ` (SQLSTATE ${x.code})` : ''}${x.detail ? `; ${x.detail}` : ''}`;
}
