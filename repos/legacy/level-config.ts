/**
 * Stored-entity spec of the loyalty levels: `levelConfigs` ↔ `level_configs`.
 *
 * Canonical record: {@link LevelConfig} plus the legacy id (levels carry no id in the contract).
 * Per-level rules are checked here; the set-wide ordering (thresholds strictly increasing) is
 * not repaired by backfill: a legacy set that breaks it is copied as is and reported by the
 * domain's invariant.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ValidationError } from '../../contracts/errors.ts';
import { validateJsonPayload } from '../../contracts/json-payload.ts';
import { MAX_LEVEL, MAX_THRESHOLD, type LevelConfig } from '../../contracts/level-config.ts';
import { requireText } from '../../contracts/text.ts';
import { levelConfigs } from '../../schema/level-configs.ts';
import { readJson } from './json-shape.ts';
import { LegacyShapeError, ShapeReader, describe } from './shape.ts';
import { collectViolations, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A stored level with its id. */
export type StoredLevelConfig = LevelConfig & { id: string };
/** A `level_configs` row as Drizzle reads it. */
export type LevelConfigRow = typeof levelConfigs.$inferSelect;
/** Insert values of a `level_configs` row. */
export type LevelConfigInsert = typeof levelConfigs.$inferInsert;

function integer(doc: Document, field: string): number {
  const v: unknown = doc[field];
  if (typeof v !== 'number') throw new LegacyShapeError(field, `must be a number (found ${describe(v)})`);
  return v;
}

/** Canonical record of a `levelConfigs` document. Throws `LegacyShapeError`. */
export function levelConfigFromLegacy(doc: Document): LegacyReading<StoredLevelConfig> {
  const r = new ShapeReader(doc);
  const l: StoredLevelConfig = { id: r.id(), level: integer(doc, 'level'), name: r.string('name'), threshold: integer(doc, 'threshold'), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  const perks = readJson(doc, 'perks', true);
  if (perks !== undefined) l.perks = perks;
  return { record: l, flags: r.flags };
}

/** Contract rules of one level (the set-wide ordering is the invariant's). */
export function validateLevelConfigRecord(l: StoredLevelConfig): RuleViolation[] {
  return collectViolations([
    () => {
      if (!Number.isInteger(l.level) || l.level < 1 || l.level > MAX_LEVEL) throw new ValidationError('level', `must be an integer from 1 to ${MAX_LEVEL}`);
    },
    () => {
      if (!Number.isInteger(l.threshold) || l.threshold < 0 || l.threshold > MAX_THRESHOLD) throw new ValidationError('threshold', `must be an integer from 0 to ${MAX_THRESHOLD}`);
      if ((l.level === 1) !== (l.threshold === 0)) throw new ValidationError('threshold', 'must be 0 for level 1 and greater than 0 for every other level');
    },
    () => requireText('name', l.name, 100),
    () => l.perks !== undefined && validateJsonPayload('perks', l.perks),
  ]);
}

/** The `levelConfigs` spec. */
export const levelConfigEntity: StoredEntity<StoredLevelConfig, LevelConfigRow, LevelConfigInsert> = {
  name: 'levelConfig',
  domain: 'level-config',
  collection: 'levelConfigs',
  table: 'level_configs',
  pgTable: levelConfigs,
  references: {},
  appendOnly: false,
  fromDocument: levelConfigFromLegacy,
  validate: validateLevelConfigRecord,
  fromRow(row) {
    const l: StoredLevelConfig = { id: rowId(row), level: row.level, name: row.name, threshold: row.threshold, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    if (row.perks !== null) l.perks = row.perks;
    return l;
  },
  toRow(l) {
    return {
      legacyObjectId: l.id,
      level: l.level,
      name: l.name,
      threshold: l.threshold,
      perks: l.perks ?? null,
      createdAt: new Date(l.createdAt),
      updatedAt: new Date(l.updatedAt),
    };
  },
};
