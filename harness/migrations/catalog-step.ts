/**
 * Step `catalog`: the freshly migrated database holds exactly what the Drizzle schema code
 * declares (tables, columns with type, nullability and default, primary keys, unique and CHECK
 * constraints, foreign keys, indexes, enums), plus the custom objects of `custom-objects.ts`
 * (triggers and trigger functions), and nothing else in schema `public`.
 */
import type pg from 'pg';
import { describeColumn, type CatalogConstraint, type CatalogSnapshot, type CatalogTable } from './catalog-snapshot.ts';
import type { CustomObjects, ExpectedTrigger, TriggerEvent } from './custom-objects.ts';
import { tablesWithColumn, type DeclaredSchema, type DeclaredTable } from './declared-schema.ts';
import type { Findings } from './report.ts';
import { probeDeclaredSchema } from './schema-probe.ts';

/**
 * Compares the catalog `actual` (read from `client`'s database, schema public) with `declared`
 * and `custom`, reporting every missing, extra or different object by name into `f`.
 */
export async function checkCatalogAgainstSchema(
  client: pg.Client,
  actual: CatalogSnapshot,
  declared: DeclaredSchema,
  custom: CustomObjects,
  f: Findings,
): Promise<void> {
  const probe = await probeDeclaredSchema(client, declared);
  for (const p of probe.problems) f.error(p);
  for (const n of declared.notChecked) f.warn(`${n} is declared outside schema public and not checked`);

  // Tables.
  const declaredNames = new Set(declared.tables.map((t) => t.name));
  for (const t of declared.tables) if (!actual.tables.has(t.name)) f.error(`table ${t.name} is declared in the schema but missing from the database`);
  for (const name of actual.tables.keys()) if (!declaredNames.has(name)) f.error(`table ${name} exists in the database but is not declared in the schema`);

  let columns = 0;
  let constraints = 0;
  let indexes = 0;
  for (const t of declared.tables) {
    const real = actual.tables.get(t.name);
    const rendered = probe.catalog.tables.get(t.name);
    if (!real || !rendered) continue;
    columns += compareColumns(t.name, rendered, real, f);
    constraints += compareConstraints(t, rendered, real, f);
    indexes += compareIndexes(t.name, rendered, real, f);
  }

  // Enums, in declared value order.
  for (const [name, values] of declared.enums) {
    const real = actual.enums.get(name);
    if (!real) f.error(`enum ${name} is declared in the schema but missing from the database`);
    else if (real.join('\u0000') !== values.join('\u0000')) {
      f.error(`enum ${name}: the database has (${real.join(', ')}), the schema declares (${values.join(', ')})`);
    }
  }
  for (const name of actual.enums.keys()) if (!declared.enums.has(name)) f.error(`enum ${name} exists in the database but is not declared in the schema`);

  for (const name of declared.sequences) if (!actual.sequences.has(name)) f.error(`sequence ${name} is declared in the schema but missing from the database`);
  for (const name of actual.sequences) if (!declared.sequences.has(name)) f.error(`sequence ${name} exists in the database but is not declared in the schema`);
  for (const name of declared.views) if (!actual.views.has(name)) f.error(`view ${name} is declared in the schema but missing from the database`);
  for (const name of actual.views.keys()) if (!declared.views.has(name)) f.error(`view ${name} exists in the database but is not declared in the schema`);

  const triggers = checkTriggers(actual, expectedTriggers(declared, custom), f);
  checkFunctions(actual, custom, f);

  f.info(
    `compared ${declared.tables.length} tables, ${columns} columns, ${constraints} constraints, ${indexes} indexes, ` +
      `${declared.enums.size} enums, ${triggers} triggers, ${custom.functions.length} functions with the schema code and custom-objects.ts`,
  );
}

function compareColumns(table: string, declared: CatalogTable, real: CatalogTable, f: Findings): number {
  const realByName = new Map(real.columns.map((c) => [c.name, c]));
  for (const d of declared.columns) {
    const r = realByName.get(d.name);
    if (!r) {
      f.error(`column ${table}.${d.name} is declared in the schema (${describeColumn(d)}) but missing from the database`);
      continue;
    }
    if (r.type !== d.type) f.error(`column ${table}.${d.name}: type is ${r.type} in the database, ${d.type} in the schema`);
    if (r.notNull !== d.notNull) f.error(`column ${table}.${d.name}: ${r.notNull ? 'NOT NULL' : 'nullable'} in the database, ${d.notNull ? 'NOT NULL' : 'nullable'} in the schema`);
    if (r.default !== d.default || r.generated !== d.generated) {
      f.error(`column ${table}.${d.name}: default/generated is ${describeDefault(r)} in the database, ${describeDefault(d)} in the schema`);
    }
    if (r.identity !== d.identity) f.error(`column ${table}.${d.name}: identity is '${r.identity || 'none'}' in the database, '${d.identity || 'none'}' in the schema`);
  }
  const declaredNames = new Set(declared.columns.map((c) => c.name));
  for (const r of real.columns) if (!declaredNames.has(r.name)) f.error(`column ${table}.${r.name} exists in the database but is not declared in the schema`);
  return declared.columns.length;
}

function describeDefault(c: { default: string | null; generated: string }): string {
  if (c.generated) return `GENERATED (${c.default ?? ''})`;
  return c.default === null ? 'none' : `\`${c.default}\``;
}

const KIND: Record<CatalogConstraint['type'], string> = { c: 'check', u: 'unique constraint', p: 'primary key', f: 'foreign key', x: 'exclusion constraint' };

function compareConstraints(t: DeclaredTable, rendered: CatalogTable, real: CatalogTable, f: Findings): number {
  const realByName = new Map(real.constraints.map((c) => [c.name, c]));
  let count = 0;
  // Primary keys, unique and CHECK constraints: rendered by Postgres from the declared SQL.
  for (const d of rendered.constraints) {
    count++;
    const r = realByName.get(d.name);
    const what = `${KIND[d.type]} ${d.name} on ${t.name}`;
    if (!r) f.error(`${what} is declared in the schema (${d.definition}) but missing from the database`);
    else if (r.type !== d.type || r.definition !== d.definition) f.error(`${what}: the database has \`${r.definition}\`, the schema declares \`${d.definition}\``);
    else if (!r.validated) f.error(`${what} is NOT VALID in the database (existing rows were never checked)`);
  }
  // Foreign keys: compared structurally (temporary tables cannot hold them).
  for (const fk of t.foreignKeys) {
    count++;
    const r = realByName.get(fk.name);
    const what = `foreign key ${fk.name} on ${t.name}`;
    const declaredText = `(${fk.columns.join(', ')}) -> ${fk.foreignTable}(${fk.foreignColumns.join(', ')}) on delete ${fk.onDelete} on update ${fk.onUpdate}`;
    if (!r) {
      f.error(`${what} is declared in the schema ${declaredText} but missing from the database`);
      continue;
    }
    const realText = `(${r.columns.join(', ')}) -> ${r.foreignTable ?? '?'}(${(r.foreignColumns ?? []).join(', ')}) on delete ${r.onDelete} on update ${r.onUpdate}`;
    if (r.type !== 'f' || realText !== declaredText) f.error(`${what}: the database has ${r.type === 'f' ? realText : r.definition}, the schema declares ${declaredText}`);
    if (r.type === 'f' && !r.validated) f.error(`${what} is NOT VALID in the database (convalidated = false): existing rows were never checked`);
  }
  const declaredNames = new Set([...rendered.constraints.map((c) => c.name), ...t.foreignKeys.map((fk) => fk.name)]);
  for (const r of real.constraints) {
    if (!declaredNames.has(r.name)) f.error(`${KIND[r.type]} ${r.name} on ${t.name} exists in the database (${r.definition}) but is not declared in the schema`);
  }
  return count;
}

function compareIndexes(table: string, rendered: CatalogTable, real: CatalogTable, f: Findings): number {
  const realByName = new Map(real.indexes.map((i) => [i.name, i]));
  for (const d of rendered.indexes) {
    const r = realByName.get(d.name);
    const what = `index ${d.name} on ${table}`;
    if (!r) {
      f.error(`${what} is declared in the schema but missing from the database (declared: ${d.definition})`);
      continue;
    }
    if (r.definition !== d.definition) {
      const why: string[] = [];
      if (r.unique !== d.unique) why.push(r.unique ? 'unique only in the database' : 'unique only in the schema');
      if ((r.where === null) !== (d.where === null)) why.push(r.where === null ? 'WHERE only in the schema' : 'WHERE only in the database');
      if (r.columns.join(',') !== d.columns.join(',')) why.push('different keys');
      f.error(`${what} differs${why.length ? ` (${why.join('; ')})` : ''}: the database has \`${r.definition}\`, the schema declares \`${d.definition}\``);
    }
    if (!r.valid) f.error(`${what} is INVALID in the database (a failed CREATE INDEX CONCURRENTLY?)`);
  }
  const declaredNames = new Set(rendered.indexes.map((i) => i.name));
  for (const r of real.indexes) if (!declaredNames.has(r.name)) f.error(`index ${r.name} on ${table} exists in the database (${r.definition}) but is not declared in the schema`);
  return rendered.indexes.length;
}

/** The declared custom triggers plus one id_map trigger per table with the id column. */
export function expectedTriggers(declared: DeclaredSchema, custom: CustomObjects): ExpectedTrigger[] {
  const out = [...custom.triggers];
  const rule = custom.idMapTrigger;
  if (rule) {
    for (const table of tablesWithColumn(declared, rule.column).filter((t) => t !== rule.mapTable)) {
      const rejected = new Set(custom.triggers.filter((t) => t.table === table && t.rejects).flatMap((t) => t.events));
      out.push({
        name: `${table}${rule.suffix}`,
        table,
        timing: rule.timing,
        level: rule.level,
        events: rule.events.filter((e) => !rejected.has(e)),
        function: rule.function,
        updateOfColumn: rule.column,
      });
    }
  }
  return out;
}

function checkTriggers(actual: CatalogSnapshot, expected: readonly ExpectedTrigger[], f: Findings): number {
  const real = [...actual.tables.values()].flatMap((t) => t.triggers);
  const key = (table: string, name: string) => `${table}\u0000${name}`;
  const realByKey = new Map(real.map((t) => [key(t.table, t.name), t]));
  for (const e of expected) {
    const r = realByKey.get(key(e.table, e.name));
    const what = `trigger ${e.name} on ${e.table}`;
    if (!r) {
      f.error(`${what} is missing from the database (expected ${e.timing} ${e.events.join(' OR ')} FOR EACH ${e.level} EXECUTE FUNCTION ${e.function}())`);
      continue;
    }
    if (r.enabled === 'D') f.error(`${what} is disabled (tgenabled = 'D')`);
    if (r.timing !== e.timing) f.error(`${what} fires ${r.timing}, expected ${e.timing}`);
    if (r.level !== e.level) f.error(`${what} is FOR EACH ${r.level}, expected FOR EACH ${e.level}`);
    if (r.function !== e.function) f.error(`${what} calls ${r.function}(), expected ${e.function}()`);
    const missing = e.events.filter((ev: TriggerEvent) => !r.events.includes(ev));
    const extra = r.events.filter((ev) => !e.events.includes(ev));
    if (missing.length) f.error(`${what} does not fire on ${missing.join(', ')} (it fires on ${r.events.join(', ')})`);
    if (extra.length) f.error(`${what} also fires on ${extra.join(', ')}, expected only ${e.events.join(', ')}`);
    if (e.updateOfColumn && r.updateColumns.length > 0 && e.events.includes('UPDATE') && !r.updateColumns.includes(e.updateOfColumn)) {
      f.error(`${what} fires only on UPDATE OF ${r.updateColumns.join(', ')}, so a change of ${e.updateOfColumn} is missed`);
    }
  }
  const expectedKeys = new Set(expected.map((e) => key(e.table, e.name)));
  for (const r of real) if (!expectedKeys.has(key(r.table, r.name))) f.error(`trigger ${r.name} on ${r.table} exists in the database but is not expected (${r.definition})`);
  return expected.length;
}

function checkFunctions(actual: CatalogSnapshot, custom: CustomObjects, f: Findings): void {
  const realNames = new Map<string, string>();
  for (const signature of actual.functions.keys()) realNames.set(signature.slice(0, signature.indexOf('(')), signature);
  for (const name of custom.functions) if (!realNames.has(name)) f.error(`function ${name}() is missing from the database`);
  const expected = new Set(custom.functions);
  for (const [name, signature] of realNames) if (!expected.has(name)) f.error(`function ${signature} exists in the database but is not expected (custom-objects.ts)`);
}
