/**
 * Generated data for the cutover checks (`legacy-shapes`, `verify-planted`): a domain's own
 * command sequences run through its Mongo repositories (so the documents are what the source
 * system writes today), and the backfill/verify under test, injectable as one unit.
 *
 * @public
 */
import fc from 'fast-check';
import type { Db, Document } from 'mongodb';
import type { Clock } from '../contracts/clock.ts';
import type { Call, DomainDefinition, MethodSpec } from '../contracts/domain.ts';
import { isContractError } from '../contracts/errors.ts';
import { backfill } from '../harness/cutover/backfill.ts';
import { verify } from '../harness/cutover/verify.ts';
import type { AnyStoredEntity } from '../repos/legacy/spec.ts';
import { formatCall } from './differential.ts';
import { IdBook } from './id-book.ts';
import { closure } from './targets.ts';

/**
 * The backfill and verify a cutover check runs. The default is the real pair; a caller may pass
 * another (an alternative implementation under evaluation, or a seeded fault in a test), which
 * is the only way these checks are told what to test: there is no test-only branch inside them.
 */
export interface CutoverTools {
  readonly backfill: typeof backfill;
  readonly verify: typeof verify;
}

/**
 * Counters a cutover check fills as it runs (optional; for tests and benchmarks): property runs
 * started, documents rewritten into legacy shapes and rewrites made, read calls compared across
 * implementations, and planted differences per `kind/store`.
 */
export class CutoverStats {
  runs = 0;
  documents = 0;
  rewrites: Record<string, number> = {};
  reads = 0;
  planted: Record<string, number> = {};
  /** Adds one to `counter[key]`. */
  static bump(counter: Record<string, number>, key: string): void {
    counter[key] = (counter[key] ?? 0) + 1;
  }
}

/** The real backfill and verify. */
export const REAL_CUTOVER_TOOLS: CutoverTools = { backfill, verify };

/** What the cutover checks compare for one domain: its closure's stored entities and their domains. */
export interface CutoverScope {
  /** Every stored entity of the registry (backfill/verify put them in dependency order). */
  readonly entities: readonly AnyStoredEntity[];
  /** The stored entities of the domain's closure. */
  readonly own: readonly AnyStoredEntity[];
  /** Names of the closure's domains that store entities (the `domains` option of backfill/verify). */
  readonly names: readonly string[];
  readonly domains: readonly DomainDefinition[];
}

/** The scope of `domain`; `own` is empty for a domain whose closure stores nothing. */
export function cutoverScope(domain: DomainDefinition, registry: readonly DomainDefinition[]): CutoverScope {
  const domains = closure(domain, registry);
  const withStored = domains.filter((d) => d.stored.length > 0);
  return { entities: registry.flatMap((d) => d.stored), own: withStored.flatMap((d) => d.stored), names: withStored.map((d) => d.name), domains };
}

/** A sequence of the domain's commands, long enough that most runs create entities of each kind. */
export function callSequence(domain: DomainDefinition, maxLength = 80): fc.Arbitrary<Call[]> {
  return fc.array(fc.oneof(...domain.commands()), { minLength: 30, maxLength });
}

type Invoke = (...args: unknown[]) => Promise<unknown>;

/** What {@link writeThroughMongo} did: the ids it created and the read calls it left for later. */
export interface MongoWrites {
  readonly book: IdBook;
  readonly reads: readonly Call[];
}

/**
 * Runs the writes of `calls` through the Mongo repositories of `domains` (contract errors are the
 * normal outcome of generated input and are ignored), advancing `setTime` by 1001 ms before each;
 * read calls are not run but returned, to be replayed on the final state.
 *
 * @throws Error when a call fails outside the contract (a crash of the Mongo repository).
 */
export async function writeThroughMongo(calls: readonly Call[], domains: readonly DomainDefinition[], registry: readonly DomainDefinition[], db: Db, clock: Clock, setTime: (step: number) => void): Promise<MongoWrites> {
  const repos = Object.fromEntries(domains.map((d) => [d.name, d.mongo({ clock, db }) as unknown as Record<string, Invoke>]));
  const book = new IdBook();
  const reads: Call[] = [];
  let step = 0;
  for (const call of calls) {
    const spec = (registry.find((d) => d.name === call.domain)?.methods as Record<string, MethodSpec> | undefined)?.[call.method];
    if (spec === 'read') {
      reads.push(call);
      continue;
    }
    setTime(++step);
    try {
      const result = await repos[call.domain]![call.method]!(...book.resolveArgs(call.args));
      if (typeof spec === 'object') book.add(spec.create, (result as { id: string }).id);
    } catch (e) {
      if (!isContractError(e)) throw new Error(`${formatCall(call)} crashed on mongo while generating data: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { book, reads };
}

/** Every document of each entity's collection, in `_id` order. */
export async function snapshotDocuments(db: Db, entities: readonly AnyStoredEntity[]): Promise<Map<string, Document[]>> {
  const out = new Map<string, Document[]>();
  for (const e of entities) if (!out.has(e.collection)) out.set(e.collection, await db.collection(e.collection).find({}).sort({ _id: 1 }).toArray());
  return out;
}

/** Replaces the documents of each collection of `docs` by the given ones. */
export async function replaceDocuments(db: Db, docs: ReadonlyMap<string, readonly Document[]>): Promise<void> {
  for (const [collection, list] of docs) {
    await db.collection(collection).deleteMany({});
    if (list.length) await db.collection(collection).insertMany(list.map((d) => ({ ...d })), { ordered: true });
  }
}
