/**
 * Level-config contract (the source system's level-config facade; flag `REPO_LEVEL_CONFIG`, legacy
 * aliases `LEVEL_CONFIG_STORE` and `LEVEL_STORE`): the loyalty levels, each with the points
 * threshold from which a user holds it.
 *
 * A level is named by its number: results carry no id (the stored id is an implementation detail
 * both stores derive the same way, see {@link levelConfigObjectId}), so a whole-set replacement
 * needs no id hand-over between a primary store and its mirror.
 *
 * Rules (checked on the whole set as it would be after every write):
 * - levels are integers >= 1, thresholds integers >= 0, both unique;
 * - a non-empty set has level 1, at threshold 0 (every user holds some level);
 * - thresholds strictly increase with the level.
 * `levelFor(points)` is the highest level whose threshold is <= points: a user exactly at a
 * threshold holds that (higher) level, as in the source system.
 *
 * @public
 */
import { InvariantViolation, ValidationError } from './errors.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** Largest level number and threshold accepted (Postgres `integer`). */
export const MAX_LEVEL = 1000;
export const MAX_THRESHOLD = 2_000_000_000;

/** The invariant a write that breaks the ordering of the stored set names. */
export const LEVEL_ORDER_INVARIANT = 'level_configs.thresholds_increasing';

/** A stored level. Times are UTC ms. */
export interface LevelConfig {
  level: number;
  name: string;
  threshold: number;
  /** What the level grants (any JSON value but null; read back exactly as given). */
  perks?: JsonValue;
  createdAt: number;
  updatedAt: number;
}

/** Input of `upsert` and of each entry of `replaceAll`. */
export interface NewLevelConfig {
  level: number;
  name: string;
  threshold: number;
  perks?: JsonValue;
}

/** The level-config repository every implementation provides. */
export interface LevelConfigRepository {
  /** The level numbered `level`, or null. */
  get(level: number): Promise<LevelConfig | null>;
  /** Every level, in level order. */
  list(): Promise<LevelConfig[]>;
  /**
   * The level a user with `points` holds: the highest level whose threshold is <= `points`
   * (null when no level is configured). Throws `ValidationError('points')` unless `points` is a
   * non-negative safe integer.
   */
  levelFor(points: number): Promise<LevelConfig | null>;
  /**
   * Creates the level or replaces its name, threshold and perks (its `createdAt` is kept; `perks`
   * absent removes them). Throws `ValidationError`, `UnsafeInputError` for the input alone, and
   * `InvariantViolation('level_configs.thresholds_increasing')` when the set after the write
   * would not have thresholds strictly increasing with the level.
   */
  upsert(input: NewLevelConfig): Promise<LevelConfig>;
  /**
   * Replaces the whole set with `levels` (in any order) and returns it in level order; every
   * level is created anew (`createdAt` = now). Drizzle replaces in one transaction; Mongo
   * (no transactions) deletes then inserts, so a concurrent reader may see an empty set.
   * Throws `ValidationError('levels…')` / `UnsafeInputError` when the new set breaks a rule;
   * nothing is changed then.
   */
  replaceAll(levels: readonly NewLevelConfig[]): Promise<LevelConfig[]>;
}

export const levelConfigMethods: MethodMap<LevelConfigRepository> = {
  get: 'read',
  list: 'read',
  levelFor: 'read',
  upsert: 'write',
  replaceAll: 'write',
};

function int(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValidationError(field, `must be an integer from ${min} to ${max}`);
  return v;
}

/** Validates one level (errors name `<prefix>level`, `<prefix>threshold`, …). */
export function validateLevelConfig(input: NewLevelConfig, prefix = ''): NewLevelConfig {
  if (input === null || typeof input !== 'object') throw new ValidationError(prefix === '' ? 'input' : prefix.slice(0, -1), 'must be an object');
  const level = int(`${prefix}level`, input.level, 1, MAX_LEVEL);
  const threshold = int(`${prefix}threshold`, input.threshold, 0, MAX_THRESHOLD);
  if ((level === 1) !== (threshold === 0)) throw new ValidationError(`${prefix}threshold`, 'must be 0 for level 1 and greater than 0 for every other level');
  const out: NewLevelConfig = { level, name: requireText(`${prefix}name`, input.name, 100), threshold };
  if (input.perks !== undefined) out.perks = validateJsonPayload(`${prefix}perks`, input.perks);
  return out;
}

/**
 * The first ordering rule `set` breaks (a sentence), or undefined: unique levels, level 1
 * present when the set is not empty, thresholds strictly increasing with the level.
 */
export function levelOrderProblem(set: readonly Pick<LevelConfig, 'level' | 'threshold'>[]): string | undefined {
  const sorted = [...set].sort((a, b) => a.level - b.level);
  if (sorted.length > 0 && sorted[0]!.level !== 1) return 'a non-empty set must have level 1';
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (a.level === b.level) return `level ${b.level} appears twice`;
    if (b.threshold <= a.threshold) return `level ${b.level}'s threshold ${b.threshold} must be greater than level ${a.level}'s ${a.threshold}`;
  }
  return undefined;
}

/** Validates `replaceAll` input: every entry, then the set's ordering (`ValidationError('levels')`). */
export function validateLevelSet(levels: readonly NewLevelConfig[]): NewLevelConfig[] {
  if (!Array.isArray(levels)) throw new ValidationError('levels', 'must be an array');
  if (levels.length > MAX_LEVEL) throw new ValidationError('levels', `must have at most ${MAX_LEVEL} entries`);
  const out = levels.map((l, i) => validateLevelConfig(l, `levels[${i}].`));
  const problem = levelOrderProblem(out);
  if (problem) throw new ValidationError('levels', problem);
  return out.sort((a, b) => a.level - b.level);
}

/** Throws `InvariantViolation(LEVEL_ORDER_INVARIANT)` when the stored set after an upsert would break the ordering. */
export function assertLevelOrder(after: readonly Pick<LevelConfig, 'level' | 'threshold'>[]): void {
  const problem = levelOrderProblem(after);
  if (problem) throw new InvariantViolation(LEVEL_ORDER_INVARIANT, problem);
}

/** Validates `levelFor`'s argument. */
export function validatePoints(points: unknown): number {
  if (typeof points !== 'number' || !Number.isSafeInteger(points) || points < 0) throw new ValidationError('points', 'must be a non-negative safe integer');
  return points;
}

/**
 * The stored id of a level created at `createdAt` (ms): an ObjectId whose time is `createdAt`'s
 * second and whose other 8 bytes hold the milliseconds and the level number. Mongo uses it as
 * `_id` and Postgres as `legacy_object_id`, so a primary and its mirror, stamping the same
 * instant, store the same id without being told it (a level is re-created only after its old
 * row is gone, so the id cannot collide with a live one).
 */
export function levelConfigObjectId(level: number, createdAt: number): string {
  const seconds = Math.floor(createdAt / 1000);
  const millis = createdAt - seconds * 1000;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const id = `${hex(seconds >>> 0, 8)}${hex(millis, 4)}${hex(level, 8)}6c63`;
  return id;
}
