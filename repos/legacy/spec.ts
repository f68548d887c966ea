/**
 * What a stored entity is to backfill and verify: where it lives on each side, how a document or
 * a row becomes its canonical record, how a canonical record becomes Postgres insert values, and
 * which contract rules a record must meet before Postgres sees it.
 *
 * The canonical record of an entity is its contract view (`User`, `Address`, …) with every id in
 * legacy form (24 lower-case hex), money as a canonical decimal string, times as UTC ms and
 * absent optional fields absent (never null). A Mongo document and the Postgres row backfilled
 * from it have equal canonical records; that equality is what `verify` checks.
 *
 * @public
 */
import type { Document } from 'mongodb';
import type { PgTable } from 'drizzle-orm/pg-core';
import { UnsafeInputError, ValidationError } from '../../contracts/errors.ts';
import { LegacyShapeError, type ShapeFlag } from './shape.ts';

/** The least every canonical record has: its legacy id (24 lower-case hex, or a uuid for a Postgres-only row). */
export interface CanonicalRecord {
  readonly id: string;
}

/** A contract rule a record breaks: `field` of the record, `rule` a short sentence (the contract's own wording). */
export interface RuleViolation {
  readonly field: string;
  readonly rule: string;
}

/** What `fromDocument` returns: the canonical record and what was noticed while reading it. */
export interface LegacyReading<R> {
  readonly record: R;
  readonly flags: readonly ShapeFlag[];
}

/**
 * Legacy ids of a row's references, by record field (`{ userId: '65f…' }`), looked up in
 * `id_map` by the reader. A missing entry (a referenced row without a legacy id) keeps the uuid.
 */
export type LegacyRefs = Readonly<Record<string, string | null | undefined>>;

/**
 * Translates a reference for insertion: `resolve(table, legacyId)` is the Postgres uuid of the
 * row of `table` whose `legacy_object_id` is `legacyId`.
 *
 * @throws UnresolvedReferenceError when no such row is known.
 */
export type Resolve = (table: string, legacyId: string) => string;

/** A reference `toRow` could not translate (the referenced row is not in Postgres). Code `UNRESOLVED_REFERENCE`. */
export class UnresolvedReferenceError extends Error {
  readonly code = 'UNRESOLVED_REFERENCE' as const;
  constructor(
    readonly table: string,
    readonly legacyId: string,
  ) {
    super(`${table} ${legacyId} is not in Postgres`);
    this.name = 'UnresolvedReferenceError';
  }
}

/**
 * One change a repair policy made to a record so Postgres accepts it (see {@link RepairPolicy}).
 * `field` is the changed field, `rule` the rule the stored state broke, `action` what was done.
 */
export interface Repair {
  readonly entity: string;
  readonly id: string;
  readonly field: string;
  readonly rule: string;
  readonly action: string;
}

/** The outcome of a policy for one record: the (possibly repaired) record, or the rule that excludes it. */
export type PolicyOutcome<R> = { readonly record: R; readonly repairs: readonly Repair[] } | { readonly violation: RuleViolation };

/** A policy's decisions, computed once per run from the whole collection. */
export interface PolicyPlan<R> {
  apply(record: R): PolicyOutcome<R>;
}

/**
 * Collects what a policy needs to know about the whole collection (a pre-pass, documents in
 * `_id` order). `add` receives every readable record that meets the contract rules, `reject` the
 * id of every other document that has an ObjectId `_id`.
 */
export interface PolicyPlanner<R> {
  add(record: R): void;
  reject(id: string): void;
  finish(): PolicyPlan<R>;
}

/**
 * A documented rule for state Postgres would refuse but that can be repaired deterministically
 * (keep the oldest active category of a name, keep the most recently updated primary address …)
 * or that only the whole collection reveals (a category whose parent chain is broken). Backfill
 * and verify run the same policy, so verify compares Postgres with what backfill was told to
 * write. `memory` documents what the pre-pass keeps.
 */
export interface RepairPolicy<R> {
  readonly name: string;
  readonly description: string;
  readonly memory: string;
  /**
   * A Mongo filter selecting the only documents the planner needs to see (the pre-pass reads
   * just those); every document when omitted. Must not depend on the document's shape beyond
   * what `fromDocument` would read the same way.
   */
  readonly candidates?: Readonly<Record<string, unknown>>;
  planner(): PolicyPlanner<R>;
}

/**
 * A Postgres table holding what Mongo embeds in the parent entity's document: a 1:1 subdocument
 * (`purchaseRequests.deliveryAddress` ↔ `purchase_request_delivery_address`) or an array
 * (`purchaseRequests.specifications` ↔ `purchase_request_specifications`, `chats.participants` ↔
 * a participants table). Child rows have no Mongo `_id` of their own: they are keyed by the
 * parent's uuid (`parentKey`) and belong to the parent's canonical record, so backfill writes
 * them with their parent, verify compares them as part of it (parity), and reconcile deletes them
 * with it.
 *
 * How the harness uses one, for a parent record `r` (canonical, legacy ids):
 * - **Mongo → record**: the parent's `fromDocument` reads the embedded values into `r` and its
 *   `validate` checks them (the child table only maps, it never reads documents);
 * - **record → rows**: `read(r)` lists the child records in order; row `i` is
 *   `{ [parentKey]: parent uuid, ...toRow(child, i, resolve) }` (`i` is the place in the list,
 *   for a `position` column; `resolve` translates `references` as for a parent);
 * - **rows → record**: the rows of each parent, ordered by `orderBy`, go through `fromRow` (with
 *   the legacy ids of their `references` from `id_map`), and `attach(r, children)` puts them into
 *   the record built by the parent's `fromRow` — called for every parent, with `[]` when it has
 *   no rows, so a list is `[]` and a 1:1 part stays absent;
 * - **writes**: a new parent's rows are inserted after it; when a parent's record changed (its
 *   children included: records are compared whole), its rows are deleted and re-inserted;
 * - **references**: a child's references count as the parent's (dependency order, and a
 *   reference to a missing or rejected document rejects the parent, naming `<name>.<field>`).
 *
 * Field names of `references` are also the Drizzle keys of the child table's columns.
 */
export interface ChildTable<R extends CanonicalRecord = CanonicalRecord, C = Record<string, unknown>, Row = Record<string, unknown>, Insert = Record<string, unknown>> {
  /** Short name used in reports and rule fields (`specification`, `preferredSeller`). */
  readonly name: string;
  /** SQL name of the table. */
  readonly table: string;
  readonly pgTable: PgTable;
  /** Drizzle key of the column holding the parent row's uuid (`requestId`); a foreign key to the parent. */
  readonly parentKey: string;
  /** Drizzle keys ordering one parent's rows (`['position']`); empty for a 1:1 part. */
  readonly orderBy: readonly string[];
  /** Child record field → referenced table (`{ sellerId: 'users' }`). */
  readonly references: Readonly<Record<string, string>>;
  /** The child records of a parent record, in order (`[]` when it has none). */
  read(parent: R): readonly C[];
  /** Insert values of one child record, without `parentKey`; absent optional fields as explicit nulls. */
  toRow(child: C, index: number, resolve: Resolve): Insert;
  /** The child record of a row (`pgTable.$inferSelect`); references come from `refs`. */
  fromRow(row: Row, refs: LegacyRefs): C;
  /** `parent` with `children` (in `orderBy` order) put back where `read` found them. */
  attach(parent: R, children: readonly C[]): R;
}

/** A child table of any record types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChildTable = ChildTable<any, any, any, any>;

/**
 * A stored entity (one Mongo collection, one Postgres table, and optionally child tables for
 * what the document embeds: {@link ChildTable}).
 *
 * - `name`: short name used in reports (`user`, `ledgerEntry`);
 * - `domain`: the registry domain it belongs to (`contracts/index.ts`), for `--domain`;
 * - `collection` / `table`: where it lives; `table` is also its `id_map.entity`;
 * - `references`: record field → referenced table (`{ userId: 'users' }`);
 * - `agreesWith`: fields that must equal those of the record referenced through `via` (a ledger
 *   entry's `userId` and `currency` are its payment's: a composite foreign key in Postgres);
 * - `appendOnly`: existing rows are never updated (the funds ledger's triggers forbid it);
 * - `policy`: an optional {@link RepairPolicy}.
 */
export interface StoredEntity<R extends CanonicalRecord = CanonicalRecord, Row = Record<string, unknown>, Insert = Record<string, unknown>> {
  readonly name: string;
  readonly domain: string;
  readonly collection: string;
  readonly table: string;
  readonly pgTable: PgTable;
  readonly references: Readonly<Record<string, string>>;
  readonly agreesWith?: { readonly via: string; readonly fields: readonly string[] };
  readonly appendOnly: boolean;
  readonly policy?: RepairPolicy<R>;
  /**
   * Tables Mongo embeds in this entity's documents (see {@link ChildTable}); their rows are part
   * of the canonical record. Optional: an entity without children is one collection ↔ one table.
   */
  readonly children?: readonly AnyChildTable[];
  /**
   * References written only after every entity was backfilled (record field → table), to break
   * a reference cycle between two entities: `purchase_requests.selected_offer_id` references
   * `seller_offers`, whose `request_id` references `purchase_requests`. They are left out of
   * `references` (so `dependencyOrder` sees no cycle and the referencing row can be inserted
   * first), are not part of a row's first write (`toRow`'s value for them is dropped: a new row
   * gets NULL, an existing row keeps its value), and are set by a last pass over the entity's
   * collection once the referenced rows exist (`BackfillCounts.linked`); a target that is not in
   * Postgres is left unset and reported as a repair. The column must be nullable. `fromRow`
   * receives their legacy ids in `refs` like any reference, so verify compares them. Reconcile
   * clears them before it deletes a row they point at.
   */
  readonly deferredReferences?: Readonly<Record<string, string>>;
  /**
   * Canonical record of a Mongo document in any legacy shape.
   * @throws LegacyShapeError(field, rule) when a field cannot be read.
   */
  fromDocument(doc: Document): LegacyReading<R>;
  /** Every contract rule the record breaks (empty when Postgres will accept it). Never throws. */
  validate(record: R): RuleViolation[];
  /**
   * Canonical record of a Postgres row (`table.$inferSelect`): the id is the row's
   * `legacy_object_id` (its uuid when it has none); references come from `refs`.
   */
  fromRow(row: Row, refs: LegacyRefs): R;
  /**
   * Insert values (`table.$inferInsert`, every column but `id`) for a canonical record, state
   * copied exactly (times, flags, status): a backfill does not go through repository rules.
   * Absent optional fields are explicit nulls so an update clears them.
   * @throws UnresolvedReferenceError from `resolve`.
   */
  toRow(record: R, resolve: Resolve): Insert;
}

/** A stored entity of any record type (what registries and the harness hold). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStoredEntity = StoredEntity<any, any, any>;

/**
 * Runs each check and collects the contract errors they throw as {@link RuleViolation}s, so a
 * record is reported with every rule it breaks, not only the first.
 */
export function collectViolations(checks: ReadonlyArray<() => unknown>): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (e instanceof ValidationError || e instanceof UnsafeInputError || e instanceof LegacyShapeError) out.push({ field: e.field, rule: e.rule });
      else throw e;
    }
  }
  return out;
}

/** Copies `source[k]` into `target[k]` for each key whose value is neither undefined nor null. */
export function present<T extends object>(target: T, source: Readonly<Record<string, unknown>>, keys: readonly string[]): T {
  for (const k of keys) {
    const v = source[k];
    if (v !== undefined && v !== null) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}

/** The legacy id of a row (its `legacy_object_id`, else its uuid: a Postgres-only row). */
export function rowId(row: { id: string; legacyObjectId: string | null }): string {
  return row.legacyObjectId ?? row.id;
}

/** The legacy id of a referenced row: `refs[field]` when known, else the uuid itself. */
export function refId(refs: LegacyRefs, field: string, uuid: string): string {
  return refs[field] ?? uuid;
}

/**
 * Every reference an entity holds, its children's included (`<child name>.<field>`), without its
 * deferred references: what orders entities and judges documents.
 */
export function referenceFields(spec: AnyStoredEntity): { field: string; table: string; child?: AnyChildTable; childField?: string }[] {
  const out: { field: string; table: string; child?: AnyChildTable; childField?: string }[] = Object.entries(spec.references).map(([field, table]) => ({ field, table }));
  for (const child of spec.children ?? []) {
    for (const [childField, table] of Object.entries(child.references)) out.push({ field: `${child.name}.${childField}`, table, child, childField });
  }
  return out;
}

/** The tables an entity references (children included, deferred references excluded). */
export function referencedTables(spec: AnyStoredEntity): string[] {
  return [...new Set(referenceFields(spec).map((r) => r.table))];
}

/** Every reference value of a record (children included, deferred excluded): field, table, legacy id. */
export function referencesIn(spec: AnyStoredEntity, record: CanonicalRecord): { field: string; table: string; id: string }[] {
  const out: { field: string; table: string; id: string }[] = [];
  const r = record as unknown as Record<string, unknown>;
  for (const ref of referenceFields(spec)) {
    if (!ref.child) {
      if (typeof r[ref.field] === 'string') out.push({ field: ref.field, table: ref.table, id: r[ref.field] as string });
      continue;
    }
    for (const c of ref.child.read(record)) {
      const v = (c as Record<string, unknown>)[ref.childField!];
      if (typeof v === 'string') out.push({ field: ref.field, table: ref.table, id: v });
    }
  }
  return out;
}

/** `record` without its deferred reference fields, or with those of `from` when given. */
export function withDeferredOf<R extends CanonicalRecord>(spec: AnyStoredEntity, record: R, from?: CanonicalRecord): R {
  const fields = Object.keys(spec.deferredReferences ?? {});
  if (fields.length === 0) return record;
  const out = { ...record } as Record<string, unknown>;
  for (const f of fields) {
    const v = (from as Record<string, unknown> | undefined)?.[f];
    if (v === undefined) delete out[f];
    else out[f] = v;
  }
  return out as R;
}
