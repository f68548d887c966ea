/**
 * The repository factory and its mode flags: which store serves each domain, read from the
 * environment the way the source system's factory reads it, and the repositories built for it.
 *
 * Modes (the source system's tokens; `postgres` is the same as `pg`):
 * - `mongo` (default): the Mongo implementation alone;
 * - `dual`: Mongo authoritative, every write mirrored to Postgres (DualWrite, gaps recorded);
 * - `pg`: Postgres authoritative, every write mirrored back to Mongo through `legacy_object_id`
 *   (DualWrite reverse mode: creates get their ObjectId before Postgres runs them, and the Mongo
 *   mirror's arguments carry legacy ids, never uuids).
 *
 * Flags per domain: `REPO_<STEM>` and the legacy alias `<STEM>_STORE`, plus any alias the domain
 * declares (`flags.aliases`, e.g. `LEVEL_STORE`); the stem is the domain name in upper snake case
 * unless the domain names another (`flags.stem`). Every domain supports every mode: there is no
 * silent fallback (the source system's ReleaseHold once ran `dual` as Mongo alone), and a domain's
 * mode depends only on its own flags (the source system's `REPO_DISPUTE=pg` once leaked into
 * ReleaseHold, fixed in its 2.8.37).
 *
 * @public
 */
import { ObjectId, type Db } from 'mongodb';
import type { Clock } from '../contracts/clock.ts';
import type { DomainDefinition, PgDatabase, Repos } from '../contracts/domain.ts';
import { PinnedClock } from '../contracts/pinned-clock.ts';
import { dualWrite, type GapRecorder } from '../repos/dualwrite.ts';
import { PgGapRecorder } from '../repos/gaps.ts';
import { LegacyIdCache } from '../repos/legacy-ids.ts';
import { UsageError } from './usage-error.ts';

/** Where a domain's reads and writes go. */
export type StoreMode = 'mongo' | 'dual' | 'pg';

/** Every mode, in the order `cutover env` explains them. */
export const STORE_MODES: readonly StoreMode[] = ['mongo', 'dual', 'pg'];

/** Accepted flag values (lower-cased, trimmed) and the mode each means. */
const TOKENS: Readonly<Record<string, StoreMode>> = { mongo: 'mongo', dual: 'dual', pg: 'pg', postgres: 'pg' };

/** A flag with a value that names no mode, or two flags of one domain that disagree. */
export class ModeFlagError extends UsageError {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModeFlagError';
  }
}

/** The flags of one domain, in precedence order (`REPO_<STEM>` first, then the legacy aliases). */
export interface DomainFlags {
  readonly domain: string;
  readonly names: readonly string[];
}

/** `derived-destination` → `DERIVED_DESTINATION`. */
const upperSnake = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

/** The flag names a domain's mode is read from. */
export function flagsOf(domain: Pick<DomainDefinition, 'name' | 'flags'>): DomainFlags {
  const stem = domain.flags?.stem ?? upperSnake(domain.name);
  const names = [`REPO_${stem}`, `${stem}_STORE`, ...(domain.flags?.aliases ?? [])];
  return { domain: domain.name, names: [...new Set(names)] };
}

/** A domain's resolved mode and where it came from (`flag` undefined: the default). */
export interface ResolvedMode {
  readonly domain: string;
  readonly mode: StoreMode;
  /** The flag that set the mode (the first set one in precedence order), or undefined for the default. */
  readonly flag?: string;
  /** Every flag the domain reads, in precedence order. */
  readonly flags: readonly string[];
}

/**
 * Resolves one domain's mode from `env` (default `process.env`), reading only that domain's flags.
 * An empty or blank flag counts as unset.
 *
 * @throws ModeFlagError naming the flag when a value is not `mongo`, `dual`, `pg` or `postgres`,
 *   or naming both flags when two of the domain's flags are set to different modes.
 */
export function resolveMode(domain: Pick<DomainDefinition, 'name' | 'flags'>, env: NodeJS.ProcessEnv = process.env): ResolvedMode {
  const { names } = flagsOf(domain);
  let found: { flag: string; mode: StoreMode } | undefined;
  for (const flag of names) {
    const raw = env[flag];
    if (raw === undefined || raw.trim() === '') continue;
    const mode = TOKENS[raw.trim().toLowerCase()];
    if (!mode) {
      throw new ModeFlagError(flag, `${flag}=${JSON.stringify(raw)} is not a store mode (domain ${domain.name}): use mongo, dual, pg or postgres`);
    }
    if (found && found.mode !== mode) {
      throw new ModeFlagError(flag, `${found.flag} (${found.mode}) and ${flag} (${mode}) disagree for domain ${domain.name}: set one of them`);
    }
    found ??= { flag, mode };
  }
  return { domain: domain.name, mode: found?.mode ?? 'mongo', ...(found && { flag: found.flag }), flags: names };
}

/**
 * The domains the factory routes: those with repository methods (the cross-domain `journey`
 * check has none, so it has no mode and no flags).
 */
export function routedDomains(registry: readonly DomainDefinition[]): DomainDefinition[] {
  return registry.filter((d) => Object.keys(d.methods).length > 0);
}

/** Every routed domain's mode ({@link routedDomains}); throws the first {@link ModeFlagError}. */
export function resolveModes(registry: readonly DomainDefinition[], env: NodeJS.ProcessEnv = process.env): ResolvedMode[] {
  return routedDomains(registry).map((d) => resolveMode(d, env));
}

/** What the factory builds repositories over. */
export interface FactoryStores {
  readonly mongo: Db;
  readonly pg: PgDatabase;
  /** The clock every implementation stamps times with (default: the system clock). */
  readonly clock?: Clock;
  /** Where mirror failures go (default: `pg_dualwrite_gaps` through {@link PgGapRecorder}). */
  readonly gaps?: GapRecorder;
  /** The uuid → legacy id cache the dual-write modes share (default: one per repository). */
  readonly ids?: LegacyIdCache;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * The repository of `domain` in `mode`: the Mongo implementation (`mongo`), or the DualWrite
 * wrapper with Mongo primary (`dual`) or Postgres primary (`pg`). Both stores are required for
 * the dual-write modes.
 */
export function buildRepository<R extends object>(domain: DomainDefinition<R>, mode: StoreMode, stores: FactoryStores): R {
  const clock = new PinnedClock(stores.clock ?? systemClock);
  if (mode === 'mongo') return domain.mongo({ clock, db: stores.mongo });
  const gaps = stores.gaps ?? new PgGapRecorder(stores.pg);
  const impls = { mongo: domain.mongo({ clock, db: stores.mongo }), drizzle: domain.drizzle({ clock, db: stores.pg }) };
  return wireDualWrite(domain, mode, impls, gaps, clock, stores.ids ?? new LegacyIdCache(stores.pg));
}

/**
 * The DualWrite wiring of one mode over two implementations built with `clock` (the harness's
 * targets use it too, so what the checks run is what the factory builds): `dual` puts Mongo
 * first; `pg` puts Postgres first, mints each create's ObjectId and gives the Mongo mirror
 * legacy ids (`id_map`, through `ids`) in place of uuids. Both modes tell `ids` the pair of
 * every create.
 */
export function wireDualWrite<R extends object>(
  domain: Pick<DomainDefinition<R>, 'name' | 'methods'>,
  mode: Exclude<StoreMode, 'mongo'>,
  impls: { readonly mongo: R; readonly drizzle: R },
  gaps: GapRecorder,
  clock: PinnedClock,
  ids: LegacyIdCache,
): R {
  if (mode === 'dual') return dualWrite(domain, impls.mongo, impls.drizzle, gaps, { clock, onCreated: (legacy, uuid) => ids.remember(uuid, legacy) });
  return dualWrite(domain, impls.drizzle, impls.mongo, gaps, {
    clock,
    mintId: () => new ObjectId().toHexString(),
    mirrorArgs: async (args) => (await ids.toLegacy(args)) as unknown[],
    onCreated: (uuid, legacy) => ids.remember(uuid, legacy),
  });
}

/**
 * Every domain's repository, each in the mode its own flags select.
 *
 * @throws ModeFlagError as {@link resolveMode}.
 */
export function buildRepositories(registry: readonly DomainDefinition[], stores: FactoryStores, env: NodeJS.ProcessEnv = process.env): Repos {
  const routed = routedDomains(registry);
  const modes = resolveModes(routed, env);
  const shared = { ...stores, ids: stores.ids ?? new LegacyIdCache(stores.pg) };
  return Object.fromEntries(routed.map((d, i) => [d.name, buildRepository(d, modes[i]!.mode, shared)]));
}
