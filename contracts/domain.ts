/**
 * What a domain is, to the harness: a contract (repository interface + method map), a reference
 * model, two implementations, command arbitraries and an example spec. `contracts/index.ts`
 * registers every domain in one place; adding one touches no harness code (DESIGN.md section 3).
 *
 * @public
 */
import type { Arbitrary } from 'fast-check';
import type { Db } from 'mongodb';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Clock } from './clock.ts';
import type { ModelState } from './model-state.ts';
import type * as schema from '../schema/index.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import type { MongoCapabilities } from '../harness/providers/types.ts';
import type { PropertyOptions, PropertyOutcome } from '../properties/check-property.ts';
import type { AnyStoredEntity } from '../repos/legacy/spec.ts';

/**
 * How the DualWrite wrapper and the differential runner treat a method:
 * - `read`: served by the primary store only;
 * - `write`: primary first, then mirrored with the same arguments;
 * - `{ create: entity }`: a write whose result is a new entity of kind `entity` with an `id`;
 *   the mirror receives the primary's id in `args[0].id`, and the runner labels the id;
 *   `echo: { arg: field }` also gives the mirror `args[0][arg] = result[field]` (for example the
 *   version the primary created, so a mirror that missed a change refuses the next one instead of
 *   diverging: compare-and-set);
 *   `at: field` runs the mirror's write at the instant `result[field]` (UTC ms) instead of the
 *   call's: for an idempotent create, whose primary may answer with an entity it created earlier.
 *   Without it a mirror that missed the first call creates the entity at the retry's instant, and
 *   an append-only table can never be repaired (found by the points convergence check: a redeem
 *   refused by the mirror, then retried with the same idempotency key).
 */
export type MethodSpec = 'read' | 'write' | CreateSpec;

/** The call the mirror receives in place of the caller's (see {@link CreateSpec.replay}). */
export interface MirrorCall {
  /** A method of the same repository interface. */
  readonly method: string;
  /** Its arguments; the wrapper sets `args[0].id` to the primary's id (reverse mode: its legacy id). */
  readonly args: readonly unknown[];
}

/** A create's spec: see {@link MethodSpec}. */
export interface CreateSpec {
  /** The entity kind the result is (its `id` is labelled by the runner and handed to the mirror). */
  readonly create: string;
  /** `{ arg: field }`: the mirror gets `args[0][arg] = result[field]`. */
  readonly echo?: Readonly<Record<string, string>>;
  /** The mirror's write runs at the instant `result[field]` (UTC ms). */
  readonly at?: string;
  /**
   * Builds the mirror's call from the primary's answer instead of repeating the caller's: for an
   * idempotent create whose primary may answer with an entity made earlier from other input (a
   * points `award` retried with the key of an earlier `redeem`). The mirror then records the
   * entity the primary holds; repeating the retry's input would give the mirror a different row
   * under the same id, which an append-only table cannot repair. In reverse mode the call's
   * uuids, the id included, are mapped to legacy ids (so the mirror keeps the existing entity's
   * legacy id, not a freshly minted one). Must not throw for a result of this method.
   */
  replay?(result: unknown): MirrorCall;
}

/** Method map of a repository interface `R`: every method, and nothing else. */
export type MethodMap<R> = { readonly [K in keyof R]: MethodSpec };

/** The Drizzle database handle repositories receive (node-postgres driver, our schema). */
export type PgDatabase = NodePgDatabase<typeof schema>;

/** What a reference model is built from: the run's clock and the shared in-memory state. */
export interface ModelContext {
  readonly clock: Clock;
  readonly state: ModelState;
}

/** What a Mongo implementation is built from: a database handle and the run's clock. */
export interface MongoContext {
  readonly clock: Clock;
  readonly db: Db;
}

/** What a Drizzle implementation is built from: a Drizzle database and the run's clock. */
export interface DrizzleContext {
  readonly clock: Clock;
  readonly db: PgDatabase;
}

/**
 * A reference inside a command's arguments to the `pick`-th entity of kind `$ref` created so far
 * (modulo the count; a negative `pick` counts back from the newest: `-1` is the latest).
 */
export interface Ref {
  readonly $ref: string;
  readonly pick: number;
}

/** One repository call of a command sequence: `domain.method(...args)`; args may hold {@link Ref}s. */
export interface Call {
  readonly domain: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** Repositories of one implementation kind, by domain name. */
export type Repos = Readonly<Record<string, object>>;

/** Counts rows/documents of a domain's entity in each store behind an implementation. */
export interface StoreProbe {
  /** One number per store (`[model]`, `[mongo]`, `[postgres]`, or `[mongo, postgres]` for DualWrite). */
  count(table: { mongo: string; pg: string; model: string }): Promise<number[]>;
}

/** What an example receives: one implementation's repositories, the run's clock and a store probe. */
export interface ExampleContext {
  readonly repos: Repos;
  readonly probe: StoreProbe;
  readonly implementation: string;
}

/** One named example of a contract's behaviour; throws (node:assert) when the behaviour is wrong. */
export interface Example {
  readonly name: string;
  run(ctx: ExampleContext): Promise<void>;
}

/**
 * A rule on a domain's stored state, checked after every command of a model-based run. Each
 * function returns the violations it found (empty when the rule holds).
 */
export interface Invariant {
  readonly name: string;
  readonly pg?: (db: PgDatabase) => Promise<string[]>;
  readonly mongo?: (db: Db) => Promise<string[]>;
}

/**
 * What a domain check runs on: scratch stores (see `harness/isolation.ts`), the Mongo server's
 * capabilities, and the domain being checked (its implementations are the ones under test, so a
 * check must build repositories from `domain`, never import them directly).
 */
export interface CheckStores {
  readonly pg: PgScratch;
  readonly mongo: MongoScratch;
  readonly capabilities: MongoCapabilities;
  readonly domain: DomainDefinition;
}

/**
 * A domain-specific check beyond examples and the model-based run: a database invariant, a
 * constraint-equivalence or concurrency property. `run` returns the property outcome, or
 * `{ notRun }` with the reason when the servers at hand cannot run it (never a pass).
 */
export interface DomainCheck {
  /** Check name in reports and on the CLI (`--check`). */
  readonly name: string;
  /** The report column: `postgres`, `mongo`, `all`, or an implementation kind. */
  readonly implementation: string;
  run(stores: CheckStores, options: PropertyOptions): Promise<PropertyOutcome | { notRun: string }>;
}

/** A domain as registered in `contracts/index.ts`. `R` is its repository interface. */
export interface DomainDefinition<R extends object = object> {
  /** Short lower-case name, used on the CLI (`--domain address`) and in reports. */
  readonly name: string;
  /** Other domains whose repositories this domain's commands also call (for example `user`). */
  readonly dependsOn: readonly string[];
  readonly methods: MethodMap<R>;
  readonly model: (ctx: ModelContext) => R;
  readonly mongo: (ctx: MongoContext) => R;
  readonly drizzle: (ctx: DrizzleContext) => R;
  /** Mongo collections the domain owns (reset between runs). */
  readonly mongoCollections: readonly string[];
  /** Creates the domain's Mongo indexes; called once per scratch database. */
  readonly ensureMongoIndexes: (db: Db) => Promise<void>;
  /** Postgres tables the domain owns. */
  readonly pgTables: readonly string[];
  /** Command arbitraries for model-based runs (may call dependency domains, e.g. `user.create`). */
  readonly commands: () => readonly Arbitrary<Call>[];
  /**
   * Longest command sequence of the domain's model-based runs (default 40). A domain whose
   * commands walk a long chain of dependent steps (the cross-domain `journey`) needs more room.
   */
  readonly maxCommands?: number;
  readonly examples: readonly Example[];
  readonly invariants: readonly Invariant[];
  /** Domain-specific checks (run by `cutover check` after examples and model-based runs). */
  readonly checks: readonly DomainCheck[];
  /**
   * How the domain's entities are stored on both sides (legacy Mongo shapes, canonical record,
   * Postgres rows): what `backfill`, `verify` and `reconcile` work from.
   */
  readonly stored: readonly AnyStoredEntity[];
  /**
   * The mode flags the repository factory reads for this domain (`harness/factory.ts`). Default
   * stem: the name in upper snake case (`derived-destination` → `DERIVED_DESTINATION`), read as
   * `REPO_<STEM>` and its legacy alias `<STEM>_STORE`; `aliases` adds further legacy names the
   * source system accepts (for example `LEVEL_STORE`). Several domains may share a stem when the
   * source system routes them through one repository (request templates: `MARKETPLACE`).
   */
  readonly flags?: { readonly stem?: string; readonly aliases?: readonly string[] };
}

/** Identity helper that type-checks a domain definition against its repository interface. */
export function defineDomain<R extends object>(def: DomainDefinition<R>): DomainDefinition<R> {
  return def;
}

/** Domains needed to run `domain`'s commands: its dependencies (transitively) and itself. */
export function closure(domain: DomainDefinition, registry: readonly DomainDefinition[]): DomainDefinition[] {
  const out: DomainDefinition[] = [];
  const visit = (d: DomainDefinition) => {
    if (out.includes(d)) return;
    for (const dep of d.dependsOn) {
      const found = registry.find((x) => x.name === dep);
      if (!found) throw new Error(`domain ${d.name} depends on unknown domain ${dep}`);
      visit(found);
    }
    out.push(d);
  };
  visit(domain);
  return out;
}
