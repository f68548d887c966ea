/**
 * Config contract (the source system's config-store facade, flags `REPO_CONFIG` / `CONFIG_STORE`):
 * runtime settings with a JSON value, a version, and an append-only history.
 *
 * Rules:
 * - every change (the creating `set` and each later `set`) appends exactly one history entry,
 *   in the same transaction in Postgres; versions run 1, 2, 3 … per setting without gaps;
 * - setting the value a setting already has is still a change: it is an operator's action (a
 *   threshold confirmed again, by someone), so it gets a version and a history entry;
 * - the value is JSON (`contracts/json-payload.ts`) and reads back exactly: a threshold stored as
 *   the JSON string "10.5" stays that string; a top-level null is refused (a history entry's
 *   missing `oldValue` means "created", never "was null");
 * - settings are never deleted (no method deletes; Postgres refuses through the append-only
 *   history's foreign key and triggers).
 *
 * `set` takes one object (not `(key, value, options)`) because it may create: the DualWrite
 * wrapper hands the primary's id to the mirror as `args[0].id`.
 *
 * @public
 */
import { createHash } from 'node:crypto';
import { ValidationError, InvariantViolation } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { optionalText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** A setting. `updatedBy` is the user of the latest change, absent when that change named none. */
export interface ConfigSetting {
  id: string;
  key: string;
  value: JsonValue;
  description?: string;
  updatedBy?: string;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** One change of a setting. `oldValue` is absent exactly for version 1 (the creation). */
export interface ConfigHistoryEntry {
  settingId: string;
  version: number;
  oldValue?: JsonValue;
  newValue: JsonValue;
  changedBy?: string;
  changedAt: number;
}

/**
 * Input of `set`. `description` absent keeps the stored one, `null` clears it. `changedBy` is a
 * user id (either id form). `id` is given only by DualWrite and used only when creating.
 */
export interface ConfigSetInput {
  id?: string;
  key: string;
  value: JsonValue;
  description?: string | null;
  changedBy?: string;
  /**
   * Compare-and-set: the version this change must create (1 creates the setting). When the
   * stored version is not `version - 1`, nothing is written and `InvariantViolation(
   * 'config.version_sequence')` is thrown. The DualWrite wrapper passes the primary's new version
   * to the mirror (`echo`), so a mirror that missed a change refuses the next one — recorded as a
   * gap for reconcile — instead of numbering history entries its own way: append-only history
   * cannot be repaired once it diverges (the convergence check found exactly that).
   */
  version?: number;
}

/** Entity kind of settings (`NotFoundError.entity`, model table, id labels). */
export const CONFIG_SETTING = 'configSetting';
/** Model table of history entries. */
export const CONFIG_HISTORY = 'configSettingHistory';

/** Key shape: lower-case snake_case segments joined by dots, at most 100 characters. */
export const CONFIG_KEY = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** The config repository every implementation provides. */
export interface ConfigRepository {
  /**
   * Creates the setting (version 1) or changes it (version + 1), appending one history entry;
   * returns the setting. Throws `ValidationError` (`key`, `value`, `description`, `changedBy`),
   * then `NotFoundError('user')` when `changedBy` names no user.
   */
  set(input: ConfigSetInput): Promise<ConfigSetting>;
  /** The setting, or null. Throws `ValidationError('key')` for a malformed key. */
  get(key: string): Promise<ConfigSetting | null>;
  /** Every setting, by key (code-point order). */
  list(): Promise<ConfigSetting[]>;
  /** The setting's history, oldest first (by version); empty for an unknown key. Throws `ValidationError('key')`. */
  history(key: string): Promise<ConfigHistoryEntry[]>;
}

export const configMethods: MethodMap<ConfigRepository> = {
  set: { create: CONFIG_SETTING, echo: { version: 'version' } },
  get: 'read',
  list: 'read',
  history: 'read',
};

/** Validated `set` input. */
export interface ValidConfigSet {
  id?: string;
  key: string;
  value: JsonValue;
  description?: string | null;
  changedBy?: string;
  version?: number;
}

/** Validates a key. */
export function validateConfigKey(field: string, key: unknown): string {
  if (typeof key !== 'string' || key.length > 100 || !CONFIG_KEY.test(key)) {
    throw new ValidationError(field, 'must be lower-case snake_case segments joined by dots (a-z, 0-9, _), at most 100 characters');
  }
  return key;
}

/** Validates `set` input; errors name the field. */
export function validateConfigSet(input: ConfigSetInput): ValidConfigSet {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  const out: ValidConfigSet = { key: validateConfigKey('key', input.key), value: validateJsonPayload('value', input.value) };
  if (input.id !== undefined) out.id = input.id;
  const d = optionalText('description', input.description, 500, true);
  if (d !== undefined) out.description = d;
  if (input.changedBy !== undefined) {
    if (typeof input.changedBy !== 'string') throw new ValidationError('changedBy', 'must be a user id');
    out.changedBy = input.changedBy;
  }
  if (input.version !== undefined) {
    if (!Number.isSafeInteger(input.version) || input.version < 1) throw new ValidationError('version', 'must be a whole number >= 1');
    out.version = input.version;
  }
  return out;
}

/** The `InvariantViolation` of a compare-and-set `set` whose `version` does not follow the stored one. */
export function versionConflict(key: string, expected: number, stored: number): InvariantViolation {
  return new InvariantViolation('config.version_sequence', `${key}: this change must create version ${expected}, but the stored version is ${stored}`);
}

/**
 * The Mongo `_id` (24 hex) of a history entry written through the repositories: the first 12
 * bytes of SHA-256 over `<setting id>:<version>`. Both stores derive it, so a change mirrored by
 * DualWrite (which passes only the setting's id) has the same legacy id on both sides and
 * `verify` can pair the two. Entries the source system wrote keep their own random ObjectIds;
 * backfill copies those.
 */
export function historyEntryLegacyId(settingLegacyId: string, version: number): string {
  return createHash('sha256').update(`${settingLegacyId}:${version}`).digest('hex').slice(0, 24);
}
