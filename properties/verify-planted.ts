/**
 * The `verify-planted` check: verify proves itself. After a clean backfill of generated data (the
 * domain's commands through its Mongo repositories, then `backfill`), one difference of every
 * kind is planted, each into its own record, in Postgres or in Mongo, and `verify` must report
 * exactly the planted differences — the right entity, id and field (or side), nothing more:
 *
 * | kind            | planted into     | what                                              | verify must report |
 * |-----------------|------------------|---------------------------------------------------|--------------------|
 * | `field`         | Postgres / Mongo | a text field gets one more character              | that field |
 * | `missing-row`   | Postgres         | a row is deleted (its child rows with it)          | `only: mongo` |
 * | `extra-row`     | Postgres / Mongo | a copy of a row under a new legacy id; or the Mongo document of a row no one references is deleted | `only: postgres` |
 * | `child-order`   | Postgres / Mongo | two child rows (or embedded elements) swap places  | the field the children fill |
 * | `missing-child` | Postgres         | a child row is deleted                            | the field the children fill |
 * | `json-key`      | Postgres / Mongo | a key of a JSON payload is renamed                | that field |
 * | `json-order`    | Postgres / Mongo | an array of a JSON payload is reversed             | that field |
 * | `money-scale`   | Postgres / Mongo | an amount gets trailing zeros (`1.5` → `1.50`)      | **nothing** |
 * | `money-unit`    | Postgres / Mongo | an amount gains one unit in its last place (`1.5` → `1.6`) | that field |
 * | `millisecond`   | Postgres / Mongo | a time moves by 1 ms                              | that field |
 *
 * Money scale is not a difference: money is a decimal *value* (the canonical rule strips
 * trailing zeros, `contracts/money.ts`), Postgres `numeric` keeps whatever scale it was given, and
 * no contract returns the scale; a verify that reported it would flag every legacy amount stored
 * as `"12.50"`. One unit in the last place is a difference.
 *
 * A kind is planted only where the data has a place for it (a JSON payload, a child table, an
 * amount); a plant that a store refuses (a CHECK, a foreign key, the ledger's append-only
 * trigger) or that would change another record's fate (a Mongo change to an entity with a repair
 * policy or to a field another entity must agree with) is tried on the next candidate. Mongo
 * plants keep the document valid by the spec's own reader and rules, so the difference is one of
 * content, not a rejection.
 *
 * @public
 */
import fc from 'fast-check';
import { and, count, eq, getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ObjectId, type Document } from 'mongodb';
import { ManualClock } from '../contracts/clock.ts';
import type { Call, DomainDefinition, PgDatabase } from '../contracts/domain.ts';
import { canonicalDecimal } from '../contracts/money.ts';
import { canonicalJson, fieldDifferences } from '../harness/cutover/canonical.ts';
import type { Difference } from '../harness/cutover/verify.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import type { AnyChildTable, AnyStoredEntity, CanonicalRecord } from '../repos/legacy/spec.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { REAL_CUTOVER_TOOLS, callSequence, cutoverScope, writeThroughMongo, type CutoverTools, CutoverStats } from './cutover-data.ts';
import { CLOCK_BASE_MS, formatCall } from './differential.ts';

/** The kinds of planted difference (see the module comment). */
export const PLANT_KINDS = ['field', 'missing-row', 'extra-row', 'child-order', 'missing-child', 'json-key', 'json-order', 'money-scale', 'money-unit', 'millisecond'] as const;
/** One of {@link PLANT_KINDS}. */
export type PlantKind = (typeof PLANT_KINDS)[number];

/** Where and which candidate a kind is planted: `mongo` prefers the Mongo side, `pick` chooses among candidates. */
export interface PlantChoice {
  readonly mongo: boolean;
  readonly pick: number;
}

/** A difference planted, and what verify must say about it (`expect: 'nothing'` for money scale). */
export interface Planted {
  readonly kind: PlantKind;
  readonly store: 'postgres' | 'mongo';
  readonly entity: string;
  readonly id: string;
  readonly what: string;
  readonly expect: { readonly only: 'mongo' | 'postgres' } | { readonly fields: readonly string[] } | 'nothing';
}

/** Options of {@link runVerifyPlanted}. */
export interface VerifyPlantedOptions extends PropertyOptions {
  readonly domain: DomainDefinition;
  readonly registry: readonly DomainDefinition[];
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  /** The backfill/verify under test; default the real ones. */
  readonly tools?: Partial<CutoverTools>;
  /** Filled as the check runs (optional). */
  readonly stats?: CutoverStats;
}

/** One record of the clean state: its spec, Mongo document, canonical record and Postgres row. */
interface Target {
  readonly spec: AnyStoredEntity;
  readonly doc: Document;
  readonly record: CanonicalRecord & Record<string, unknown>;
  readonly row: Record<string, unknown>;
  readonly uuid: string;
}

/** A plant attempt: returns what it planted, or undefined when a store refused it (try the next candidate). */
type Attempt = () => Promise<Omit<Planted, 'kind'> | undefined>;

const choice = fc.record({ mongo: fc.boolean(), pick: fc.nat({ max: 1_000_000 }) });
const plan = fc.record(Object.fromEntries(PLANT_KINDS.map((k) => [k, choice])) as Record<PlantKind, fc.Arbitrary<PlantChoice>>);

/**
 * Runs the check (see the module comment). Returns `{ notRun }` for a domain whose closure stores
 * no entity. Never throws for a failure of the property (it is in the outcome).
 */
export async function runVerifyPlanted(opts: VerifyPlantedOptions): Promise<PropertyOutcome | { notRun: string }> {
  const scope = cutoverScope(opts.domain, opts.registry);
  if (scope.own.length === 0) return { notRun: `no domain of ${opts.domain.name}'s closure stores entities` };
  const tools = { ...REAL_CUTOVER_TOOLS, ...opts.tools };
  const agreed = new Set(scope.entities.flatMap((e) => e.agreesWith?.fields ?? []));
  const property = fc.asyncProperty(callSequence(opts.domain), plan, async (calls, choices) => {
    await Promise.all([opts.pg.reset(), opts.mongo.reset()]);
    if (opts.stats) opts.stats.runs++;
    const clock = new ManualClock(CLOCK_BASE_MS);
    const db = opts.mongo.db;
    await writeThroughMongo(calls, scope.domains, opts.registry, db, clock, (step) => clock.set(CLOCK_BASE_MS + step * 1001));
    const stores = { mongoDb: db, pg: opts.pg.db, domains: scope.names, entities: scope.entities };
    await tools.backfill(stores);
    const targets = await cleanTargets(scope.own, opts.pg.db, db);
    const planter = new Planter(opts.pg.db, db, targets, scope, agreed);
    const planted: Planted[] = [];
    for (const kind of PLANT_KINDS) {
      const p = await planter.plant(kind, choices[kind]);
      if (p) planted.push({ kind, ...p });
      if (p && opts.stats) CutoverStats.bump(opts.stats.planted, `${kind}/${p.store}`);
    }
    const v = await tools.verify({ ...stores, maxDifferences: 100 });
    const problems = judge(planted, v.differences, v.differenceCount);
    if (problems.length) {
      const list = planted.map((p) => `    [${p.kind}] ${p.store} ${p.entity} ${p.id}: ${p.what}`).join('\n');
      throw new Error(`verify did not report exactly the planted differences:\n  ${problems.join('\n  ')}\n  planted:\n${list}`);
    }
  });
  return checkProperty(property, opts, ([calls, choices]) =>
    [...calls.map((c: Call) => `  ${formatCall(c)}`), `  plants: ${PLANT_KINDS.map((k) => `${k}=${choices[k].mongo ? 'mongo' : 'postgres'}#${choices[k].pick}`).join(' ')}`].join('\n'),
  );
}

/** Problems with verify's answer: a planted difference not reported (or reported wrong), or one reported that was not planted. */
export function judge(planted: readonly Planted[], found: readonly Difference[], count: number): string[] {
  const problems: string[] = [];
  const expected = planted.filter((p) => p.expect !== 'nothing');
  const left = [...found];
  for (const p of expected) {
    const i = left.findIndex((d) => d.entity === p.entity && d.id === p.id);
    if (i < 0) {
      problems.push(`[${p.kind}] ${p.entity} ${p.id} was not reported (${p.what})`);
      continue;
    }
    const d = left.splice(i, 1)[0]!;
    const e = p.expect as Exclude<Planted['expect'], 'nothing'>;
    if ('only' in e) {
      if (!('only' in d) || d.only !== e.only) problems.push(`[${p.kind}] ${p.entity} ${p.id}: expected only on ${e.only}, verify said ${JSON.stringify(d)}`);
    } else {
      const fields = 'fields' in d ? d.fields.map((f) => f.field).sort() : [];
      if (canonicalJson(fields) !== canonicalJson([...e.fields].sort())) problems.push(`[${p.kind}] ${p.entity} ${p.id}: expected a difference in ${e.fields.join(', ')}, verify said ${JSON.stringify(d)}`);
    }
  }
  for (const d of left) {
    const why = planted.find((p) => p.entity === d.entity && p.id === d.id);
    problems.push(`unplanted difference reported${why ? ` (on the record of the ${why.kind} plant, which expects none)` : ''}: ${JSON.stringify(d)}`);
  }
  if (count !== found.length) problems.push(`${count - found.length} more difference(s) counted than listed`);
  return problems;
}

/** Every backfilled record of `specs` with its document, record and row (documents that are not in Postgres are left out). */
async function cleanTargets(specs: readonly AnyStoredEntity[], pg: PgDatabase, db: MongoScratch['db']): Promise<Target[]> {
  const out: Target[] = [];
  for (const spec of specs) {
    const rows = (await pg.select().from(spec.pgTable)) as Record<string, unknown>[];
    const byLegacy = new Map(rows.filter((r) => typeof r.legacyObjectId === 'string').map((r) => [r.legacyObjectId as string, r]));
    for (const doc of await db.collection(spec.collection).find({}).sort({ _id: 1 }).toArray()) {
      let record: CanonicalRecord & Record<string, unknown>;
      try {
        record = spec.fromDocument(doc).record;
      } catch {
        continue;
      }
      const row = byLegacy.get(record.id);
      if (row && spec.validate(record).length === 0) out.push({ spec, doc, record, row, uuid: String(row.id) });
    }
  }
  return out;
}

const col = (table: PgTable, key: string) => (getTableColumns(table) as Record<string, PgColumn>)[key]!;

class Refused extends Error {}

/** Plants differences, one record each; see the module comment. */
class Planter {
  private readonly used = new Set<string>();
  /** Every 24-hex string some document holds outside its own `_id`: the ids other records reference. */
  private readonly mentioned = new Set<string>();
  constructor(
    private readonly pg: PgDatabase,
    private readonly db: MongoScratch['db'],
    private readonly targets: readonly Target[],
    private readonly scope: ReturnType<typeof cutoverScope>,
    private readonly agreed: ReadonlySet<string>,
  ) {
    for (const t of targets) for (const id of JSON.stringify(t.doc, (k, v) => (k === '_id' ? undefined : v)).match(/[0-9a-f]{24}/g) ?? []) this.mentioned.add(id);
  }

  /** Plants `kind` on the first candidate (from `pick`, cyclically) a store accepts; undefined when there is none. */
  async plant(kind: PlantKind, c: PlantChoice): Promise<Omit<Planted, 'kind'> | undefined> {
    const sides = c.mongo ? (['mongo', 'postgres'] as const) : (['postgres', 'mongo'] as const);
    for (const side of sides) {
      const attempts = this.candidates(kind, side);
      for (let k = 0; k < Math.min(attempts.length, 12); k++) {
        const [id, attempt] = attempts[(c.pick + k) % attempts.length]!;
        if (this.used.has(id)) continue;
        const p = await attempt();
        if (p) {
          this.used.add(id);
          if (p.id !== id) this.used.add(p.id);
          return p;
        }
      }
    }
    return undefined;
  }

  /** Candidate attempts of `kind` on `side`, each with the legacy id of the record it touches. */
  private candidates(kind: PlantKind, side: 'mongo' | 'postgres'): [string, Attempt][] {
    const out: [string, Attempt][] = [];
    for (const t of this.targets) {
      if (this.used.has(t.record.id)) continue;
      const mongoOk = side === 'mongo' && !t.spec.policy;
      const columns = Object.entries(getTableColumns(t.spec.pgTable)) as [string, PgColumn][];
      const fieldsOfType = (test: (sqlType: string) => boolean) => columns.filter(([k, c]) => test(c.getSQLType()) && k !== 'legacyObjectId' && !this.agreed.has(k)).map(([k]) => k);
      switch (kind) {
        case 'field':
          for (const key of fieldsOfType((s) => s === 'text' || s.startsWith('varchar'))) {
            const v = t.record[key];
            if (typeof v !== 'string' || t.row[key] !== v || key in t.spec.references) continue;
            const next = `${v}x`;
            if (side === 'postgres') out.push([t.record.id, () => this.update(t, key, next, `${key}: "${v}" -> "${next}"`)]);
            else if (mongoOk && t.doc[key] === v) out.push([t.record.id, () => this.mongoSet(t, key, next, `${key}: "${v}" -> "${next}"`, [key])]);
          }
          break;
        case 'missing-row':
          // A referenced row's deletion would cascade or set null elsewhere: another difference.
          if (side === 'postgres' && !this.referenced(t.record.id)) out.push([t.record.id, () => this.deleteRow(t)]);
          break;
        case 'extra-row':
          if (side === 'postgres') out.push([t.record.id, () => this.copyRow(t)]);
          else if (mongoOk && !this.referenced(t.record.id)) out.push([t.record.id, () => this.deleteDocument(t)]);
          break;
        case 'child-order':
        case 'missing-child':
          for (const child of t.spec.children ?? []) {
            const list = child.read(t.record);
            if (kind === 'missing-child' && side === 'postgres' && list.length > 0) out.push([t.record.id, () => this.deleteChild(t, child)]);
            if (kind !== 'child-order' || child.orderBy.length !== 1 || list.length < 2) continue;
            const [i, j] = [0, list.findIndex((x: unknown) => canonicalJson(x) !== canonicalJson(list[0]))];
            if (j < 0) continue;
            if (side === 'postgres') out.push([t.record.id, () => this.swapChildren(t, child, i, j)]);
            else if (mongoOk) out.push([t.record.id, () => this.swapEmbedded(t, child, i, j)]);
          }
          break;
        case 'json-key':
        case 'json-order':
          for (const key of fieldsOfType((s) => s === 'jsonb')) {
            const v = t.record[key];
            if (v === undefined || canonicalJson(v) !== canonicalJson(t.row[key])) continue;
            const next = kind === 'json-key' ? renameKey(v) : reverseArray(v);
            if (next === undefined) continue;
            const what = `${key}: ${JSON.stringify(v).slice(0, 60)} -> ${JSON.stringify(next).slice(0, 60)}`;
            if (side === 'postgres') out.push([t.record.id, () => this.update(t, key, next, what)]);
            else if (mongoOk && canonicalJson(t.doc[key]) === canonicalJson(v)) out.push([t.record.id, () => this.mongoSet(t, key, next, what, [key])]);
          }
          break;
        case 'money-scale':
        case 'money-unit':
          for (const key of fieldsOfType((s) => s.startsWith('numeric'))) {
            const v = t.record[key];
            if (typeof v !== 'string') continue;
            const next = kind === 'money-scale' ? (v.includes('.') ? `${v}00` : `${v}.00`) : plusUnit(v);
            const expect = kind === 'money-scale' ? [] : [key];
            const what = `${key}: "${v}" -> "${next}"`;
            if (side === 'postgres') out.push([t.record.id, () => this.update(t, key, next, what, expect)]);
            else if (mongoOk && typeof t.doc[key] === 'string') out.push([t.record.id, () => this.mongoSet(t, key, next, what, expect)]);
          }
          break;
        case 'millisecond':
          for (const key of fieldsOfType((s) => s.startsWith('timestamp'))) {
            const v = t.record[key];
            if (typeof v !== 'number' || !(t.row[key] instanceof Date) || (t.row[key] as Date).getTime() !== v) continue;
            for (const delta of [1, -1]) {
              const what = `${key}: ${v} -> ${v + delta} (UTC ms)`;
              if (side === 'postgres') out.push([t.record.id, () => this.update(t, key, new Date(v + delta), what)]);
              else if (mongoOk && t.doc[key] instanceof Date) out.push([t.record.id, () => this.mongoSet(t, key, new Date(v + delta), what, [key])]);
            }
          }
          break;
      }
    }
    return out;
  }

  /** Runs `f` in a transaction; a store's refusal (any error) rolls it back and means "try another". */
  private async tx<T>(f: (tx: PgDatabase) => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await this.pg.transaction(async (tx) => {
        const r = await f(tx as unknown as PgDatabase);
        if (r === undefined) throw new Refused();
        return r;
      });
    } catch {
      return undefined;
    }
  }

  private update(t: Target, key: string, value: unknown, what: string, fields: readonly string[] = [key]) {
    return this.tx(async (tx) => {
      await tx.update(t.spec.pgTable).set({ [key]: value }).where(eq(col(t.spec.pgTable, 'id'), t.uuid));
      return { store: 'postgres' as const, entity: t.spec.name, id: t.record.id, what, expect: fields.length ? { fields } : ('nothing' as const) };
    });
  }

  /** Deletes the row (its child rows go with it); refused when any other entity's row goes too. */
  private deleteRow(t: Target) {
    return this.tx(async (tx) => {
      const before = await this.counts(tx);
      await tx.delete(t.spec.pgTable).where(eq(col(t.spec.pgTable, 'id'), t.uuid));
      const after = await this.counts(tx);
      const lost = before.reduce((n, b, i) => n + b - after[i]!, 0);
      if (lost !== 1) return undefined;
      return { store: 'postgres' as const, entity: t.spec.name, id: t.record.id, what: 'row deleted', expect: { only: 'mongo' as const } };
    });
  }

  private async counts(tx: PgDatabase): Promise<number[]> {
    const out: number[] = [];
    for (const e of this.scope.own) out.push((await tx.select({ n: count() }).from(e.pgTable))[0]!.n);
    return out;
  }

  /** Inserts a copy of the row (no child rows) under a fresh legacy id. */
  private copyRow(t: Target) {
    const legacy = new ObjectId().toHexString();
    return this.tx(async (tx) => {
      const values: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(getTableColumns(t.spec.pgTable)) as [string, PgColumn & { generatedIdentity?: unknown; generated?: unknown }][]) {
        if (k === 'id' || c.generatedIdentity || c.generated) continue;
        values[k] = t.row[k];
      }
      values.legacyObjectId = legacy;
      await tx.insert(t.spec.pgTable).values(values as never);
      return { store: 'postgres' as const, entity: t.spec.name, id: legacy, what: `copy of ${t.record.id} inserted as ${legacy}`, expect: { only: 'postgres' as const } };
    });
  }

  /** True when some document of the scope holds `id` (as an ObjectId or its hex). */
  private referenced(id: string): boolean {
    return this.mentioned.has(id);
  }

  private async deleteDocument(t: Target) {
    await this.db.collection(t.spec.collection).deleteOne({ _id: t.doc._id });
    return { store: 'mongo' as const, entity: t.spec.name, id: t.record.id, what: 'Mongo document deleted', expect: { only: 'postgres' as const } };
  }

  /** The field(s) of the record that `children` (in place of the child table's current ones) change. */
  private childFields(t: Target, child: AnyChildTable, children: readonly unknown[]): string[] {
    return fieldDifferences(t.record, child.attach(t.record, children)).map((d) => d.field);
  }

  private deleteChild(t: Target, child: AnyChildTable) {
    const list = child.read(t.record);
    const fields = this.childFields(t, child, list.slice(1));
    if (fields.length === 0) return Promise.resolve(undefined);
    return this.tx(async (tx) => {
      const parent = eq(col(child.pgTable, child.parentKey), t.uuid);
      const rows = (await tx.select().from(child.pgTable).where(parent)) as Record<string, unknown>[];
      const [first] = child.orderBy.length ? rows.sort((a, b) => compare(a, b, child.orderBy)) : rows;
      if (!first) return undefined;
      const where = child.orderBy.length ? and(parent, ...child.orderBy.map((k) => eq(col(child.pgTable, k), first[k]))) : parent;
      await tx.delete(child.pgTable).where(where);
      return { store: 'postgres' as const, entity: t.spec.name, id: t.record.id, what: `first ${child.name} row deleted`, expect: { fields } };
    });
  }

  /** Swaps the order values of children `i` and `j` (through a value no row holds, for the unique index). */
  private swapChildren(t: Target, child: AnyChildTable, i: number, j: number) {
    const list = [...child.read(t.record)];
    [list[i], list[j]] = [list[j], list[i]];
    const fields = this.childFields(t, child, list);
    const key = child.orderBy[0]!;
    return this.tx(async (tx) => {
      const parent = eq(col(child.pgTable, child.parentKey), t.uuid);
      const rows = ((await tx.select().from(child.pgTable).where(parent)) as Record<string, unknown>[]).sort((a, b) => compare(a, b, child.orderBy));
      if (rows.length !== child.read(t.record).length || fields.length === 0) return undefined;
      const [a, b] = [rows[i]![key], rows[j]![key]];
      const at = (v: unknown) => and(parent, eq(col(child.pgTable, key), v));
      const spare = typeof a === 'number' ? Math.max(...rows.map((r) => Number(r[key]))) + 1 : undefined;
      if (spare === undefined) return undefined;
      await tx.update(child.pgTable).set({ [key]: spare }).where(at(a));
      await tx.update(child.pgTable).set({ [key]: a }).where(at(b));
      await tx.update(child.pgTable).set({ [key]: b }).where(at(spare));
      return { store: 'postgres' as const, entity: t.spec.name, id: t.record.id, what: `${child.name} rows ${i} and ${j} swapped`, expect: { fields } };
    });
  }

  /** Swaps two elements of the embedded array the child table is read from (found by the spec's reader). */
  private async swapEmbedded(t: Target, child: AnyChildTable, i: number, j: number) {
    {
      const list = [...child.read(t.record)];
      [list[i], list[j]] = [list[j], list[i]];
      for (const [key, v] of Object.entries(t.doc)) {
        if (!Array.isArray(v) || v.length !== list.length) continue;
        const arr = [...v];
        [arr[i], arr[j]] = [arr[j], arr[i]];
        const doc = { ...t.doc, [key]: arr };
        const fields = this.childFields(t, child, list);
        if (fields.length === 0 || !this.reads(t, doc, child.attach(t.record, list))) continue;
        await this.db.collection(t.spec.collection).replaceOne({ _id: t.doc._id }, doc);
        return { store: 'mongo' as const, entity: t.spec.name, id: t.record.id, what: `embedded ${key}[${i}] and [${j}] swapped`, expect: { fields } };
      }
      return undefined;
    }
  }

  /** Sets `doc[key]` when the spec still reads the document, valid, as exactly the expected record. */
  private async mongoSet(t: Target, key: string, value: unknown, what: string, fields: readonly string[]) {
    const doc = { ...t.doc, [key]: value };
    const expected = fields.length === 0 ? t.record : undefined;
    if (!this.reads(t, doc, expected, fields)) return undefined;
    await this.db.collection(t.spec.collection).replaceOne({ _id: t.doc._id }, doc);
    return { store: 'mongo' as const, entity: t.spec.name, id: t.record.id, what, expect: fields.length ? { fields } : ('nothing' as const) };
  }

  /**
   * True when `doc` reads as a valid record that equals `expected` (when given), or else differs
   * from the clean record in exactly `fields`.
   */
  private reads(t: Target, doc: Document, expected?: CanonicalRecord, fields?: readonly string[]): boolean {
    try {
      const { record } = t.spec.fromDocument(doc);
      if (t.spec.validate(record).length) return false;
      if (expected) return canonicalJson(record) === canonicalJson(expected);
      return canonicalJson(fieldDifferences(t.record, record).map((d) => d.field)) === canonicalJson([...(fields ?? [])].sort());
    } catch {
      return false;
    }
  }
}

function compare(a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]): number {
  for (const k of keys) {
    const [x, y] = [a[k], b[k]] as [number, number];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** `v` with the first object key found (depth first) renamed; undefined when `v` holds no object key. */
export function renameKey(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const r = renameKey(x);
      if (r !== undefined) return v.map((y, j) => (j === i ? r : y));
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return undefined;
    const [k0] = entries[0]!;
    let renamed = `${k0}_`;
    while (renamed in v) renamed += '_';
    return Object.fromEntries(entries.map(([k, x]) => [k === k0 ? renamed : k, x]));
  }
  return undefined;
}

/** `v` with the first array found (depth first) whose reverse differs from it reversed; undefined when none. */
export function reverseArray(v: unknown): unknown {
  if (Array.isArray(v)) {
    const rev = [...v].reverse();
    if (canonicalJson(rev) !== canonicalJson(v)) return rev;
    for (const [i, x] of v.entries()) {
      const r = reverseArray(x);
      if (r !== undefined) return v.map((y, j) => (j === i ? r : y));
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const r = reverseArray(x);
      if (r !== undefined) return { ...v, [k]: r };
    }
  }
  return undefined;
}

/** A canonical decimal plus one unit in its last place (`12.5` → `12.6`, `3` → `4`, `0.09` → `0.1`). */
export function plusUnit(v: string): string {
  const [int, frac = ''] = v.split('.');
  const digits = BigInt(`${int}${frac}`) + 1n;
  const s = digits.toString().padStart(frac.length + 1, '0');
  return canonicalDecimal(frac.length ? `${s.slice(0, s.length - frac.length)}.${s.slice(-frac.length)}` : s);
}
