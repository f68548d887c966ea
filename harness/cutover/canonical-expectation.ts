/**
 * What Postgres should hold for each Mongo document: the one decision backfill acts on and verify
 * checks against, so the two can never disagree about a document.
 *
 * For a document of entity E, in order:
 * 1. `fromDocument` → a {@link Rejection} with cause `shape` when a field cannot be read;
 * 2. `validate` → cause `rule`, with every contract rule the record breaks;
 * 3. references to other entities (child tables' included, deferred ones not), looked up in their {@link IdIndex} → cause `reference` when
 *    the referenced document is missing from Mongo or is itself rejected (or, during a backfill,
 *    failed to insert); `agreesWith` fields must equal the referenced record's;
 * 4. E's repair policy (a pre-pass over E's collection) → cause `policy`, or the repaired record
 *    and the repairs made.
 *
 * Entities are processed in dependency order; an entity's index is finished before any entity
 * that references it is read.
 *
 * @public
 */
import type { Db, Document } from 'mongodb';
import { createHash } from 'node:crypto';
import { LegacyShapeError, describe, type ShapeFlag } from '../../repos/legacy/shape.ts';
import { referencesIn, type AnyStoredEntity, type CanonicalRecord, type PolicyPlan, type Repair, type RuleViolation } from '../../repos/legacy/spec.ts';
import { canonicalJson } from './canonical.ts';
import { IdIndex, IdIndexBuilder, IdStatus } from './canonical-id-index.ts';
import { mongoBatches } from './stream-mongo.ts';

/** Why a document is not (to be) in Postgres. */
export type RejectionCause = 'shape' | 'rule' | 'reference' | 'policy' | 'postgres' | 'append-only';

/**
 * A document excluded from Postgres, with the first rule it breaks (`field`, `rule`) and, for
 * contract rules, all of them (`violations`). `id` is the document's `_id` hex, or a description
 * when its `_id` is not an ObjectId.
 */
export interface Rejection {
  readonly entity: string;
  readonly collection: string;
  readonly id: string;
  readonly field: string;
  readonly rule: string;
  readonly cause: RejectionCause;
  readonly violations?: readonly RuleViolation[];
}

/** A readable document that could be read only with a remark (see `ShapeFlag`). */
export interface FlaggedDocument extends ShapeFlag {
  readonly entity: string;
  readonly id: string;
}

/** The decision for one document. */
export type Expectation =
  | { readonly kind: 'record'; readonly id: string; readonly record: CanonicalRecord; readonly repairs: readonly Repair[]; readonly flags: readonly ShapeFlag[] }
  | { readonly kind: 'rejected'; readonly id: string | undefined; readonly rejection: Rejection };

const PAYLOAD_BYTES = 8;

/** Decisions for a run, with the per-entity state they need (policy plans, id indexes). */
export class Expectations {
  private readonly plans = new Map<string, PolicyPlan<CanonicalRecord>>();
  private readonly planning = new Map<string, Promise<void>>();
  private readonly indexes = new Map<string, IdIndex>();

  /** `registry`: every stored entity (to know which ones need a payload for `agreesWith`). */
  constructor(private readonly registry: readonly AnyStoredEntity[]) {}

  /** The finished id index of `table`, if it was built. */
  index(table: string): IdIndex | undefined {
    return this.indexes.get(table);
  }

  /**
   * Starts the policy pre-passes of `specs` now, concurrently (they depend on nothing else), so
   * they overlap with the work on earlier entities; {@link plan} then waits for its own.
   */
  startPlans(specs: readonly AnyStoredEntity[], db: Db, batchSize: number): void {
    for (const spec of specs) {
      if (!spec.policy || this.planning.has(spec.table)) continue;
      const p = this.runPlan(spec, db, batchSize);
      p.catch(() => {}); // reported when `plan` awaits it
      this.planning.set(spec.table, p);
    }
  }

  /**
   * Runs (or waits for) the entity's policy pre-pass: one streamed read of the documents its
   * policy names as candidates. Memory: what the policy documents (`RepairPolicy.memory`).
   */
  async plan(spec: AnyStoredEntity, db: Db, batchSize: number): Promise<void> {
    if (!spec.policy) return;
    this.startPlans([spec], db, batchSize);
    await this.planning.get(spec.table);
  }

  private async runPlan(spec: AnyStoredEntity, db: Db, batchSize: number): Promise<void> {
    const planner = spec.policy!.planner();
    for await (const batch of mongoBatches(db, spec.collection, batchSize, spec.policy!.candidates ?? {})) {
      for (const doc of batch) {
        try {
          const { record } = spec.fromDocument(doc);
          if (spec.validate(record).length === 0) planner.add(record);
          else planner.reject(record.id);
        } catch (e) {
          if (!(e instanceof LegacyShapeError)) throw e;
          const id = hexId(doc);
          if (id) planner.reject(id);
        }
      }
    }
    this.plans.set(spec.table, planner.finish());
  }

  /** An index builder for `spec` (with a payload when another entity `agreesWith` it). */
  indexBuilder(spec: AnyStoredEntity): IdIndexBuilder {
    return new IdIndexBuilder(this.payloadFields(spec) ? PAYLOAD_BYTES : 0);
  }

  /** Adds a decided document to `builder` (documents without an ObjectId `_id` are not indexed). */
  note(spec: AnyStoredEntity, builder: IdIndexBuilder, e: Expectation): void {
    if (e.id === undefined) return;
    if (e.kind === 'rejected') return builder.add(e.id, IdStatus.rejected);
    const fields = this.payloadFields(spec);
    builder.add(e.id, IdStatus.expected, fields ? agreeHash(e.record, fields) : undefined);
  }

  /** Stores `builder`'s index as `spec`'s (its references can now be checked). */
  finishIndex(spec: AnyStoredEntity, builder: IdIndexBuilder): IdIndex {
    const index = builder.finish();
    this.indexes.set(spec.table, index);
    return index;
  }

  /** The decision for one document of `spec` (see the module comment). Never throws for bad data. */
  expect(spec: AnyStoredEntity, doc: Document): Expectation {
    const id = hexId(doc);
    const reject = (field: string, rule: string, cause: RejectionCause, violations?: readonly RuleViolation[]): Expectation => ({
      kind: 'rejected',
      id,
      rejection: { entity: spec.name, collection: spec.collection, id: id ?? `(_id ${describe(doc._id)})`, field, rule, cause, ...(violations ? { violations } : {}) },
    });
    let reading;
    try {
      reading = spec.fromDocument(doc);
    } catch (e) {
      if (e instanceof LegacyShapeError) return reject(e.field, e.rule, 'shape');
      throw e;
    }
    const record = reading.record as CanonicalRecord & Record<string, unknown>;
    const violations = spec.validate(record);
    if (violations.length) return reject(violations[0]!.field, violations[0]!.rule, 'rule', violations);
    for (const { field, table, id: ref } of referencesIn(spec, record)) {
      if (table === spec.table) continue; // a self-reference is the policy's business (a tree)
      const problem = this.referenceProblem(table, ref);
      if (problem) return reject(field, problem, 'reference');
    }
    if (spec.agreesWith) {
      const { via, fields } = spec.agreesWith;
      const table = spec.references[via]!;
      const target = this.requireIndex(table).get(record[via] as string);
      if (target && !target.payload.equals(agreeHash(record, fields))) {
        return reject(fields.join(', '), `must equal those of the referenced ${table} document ${String(record[via])}`, 'reference');
      }
    }
    const plan = this.plans.get(spec.table);
    if (!plan) return { kind: 'record', id: record.id, record, repairs: [], flags: reading.flags };
    const outcome = plan.apply(record);
    if ('violation' in outcome) return reject(outcome.violation.field, outcome.violation.rule, 'policy');
    return { kind: 'record', id: record.id, record: outcome.record, repairs: outcome.repairs, flags: reading.flags };
  }

  /** Why a reference to `table`/`id` cannot be backfilled, or undefined when it can. */
  referenceProblem(table: string, id: string): string | undefined {
    const entry = this.requireIndex(table).get(id);
    if (!entry) return `references a missing ${table} document ${id}`;
    if (entry.status === IdStatus.rejected) return `references ${table} ${id}, which cannot be backfilled`;
    if (entry.status === IdStatus.failed) return `references ${table} ${id}, which Postgres refused in this backfill`;
    return undefined;
  }

  private requireIndex(table: string): IdIndex {
    const index = this.indexes.get(table);
    if (!index) throw new Error(`internal: the ${table} index is needed before its dependents are read`);
    return index;
  }

  /** Fields of `spec`'s records that some entity's `agreesWith` compares (undefined when none). */
  private payloadFields(spec: AnyStoredEntity): readonly string[] | undefined {
    for (const e of this.registry) {
      if (e.agreesWith && e.references[e.agreesWith.via] === spec.table) return e.agreesWith.fields;
    }
    return undefined;
  }
}

/** The `_id` of a document as hex when it is an ObjectId. */
export function hexId(doc: Document): string | undefined {
  const id = doc._id as { _bsontype?: string; toHexString?: () => string } | undefined;
  return id?._bsontype === 'ObjectId' && typeof id.toHexString === 'function' ? id.toHexString() : undefined;
}

function agreeHash(record: object, fields: readonly string[]): Buffer {
  const r = record as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalJson(fields.map((f) => r[f] ?? null)))
    .digest()
    .subarray(0, PAYLOAD_BYTES);
}

/**
 * Reads an entity on the Mongo side only, to judge references to it (backfill and verify use
 * it for the entities outside their selection).
 */
export async function indexReferences(spec: AnyStoredEntity, db: Db, batchSize: number, expectations: Expectations): Promise<void> {
  await expectations.plan(spec, db, batchSize);
  const builder = expectations.indexBuilder(spec);
  for await (const batch of mongoBatches(db, spec.collection, batchSize)) {
    for (const doc of batch) expectations.note(spec, builder, expectations.expect(spec, doc));
  }
  expectations.finishIndex(spec, builder);
}
