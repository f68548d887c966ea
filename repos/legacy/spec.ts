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
 * A stored entity (one Mongo collection, one Postgres table).
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
