/**
 * Mongo implementation of the level-config contract (collection `levelConfigs`).
 *
 * Unique indexes on `level` and `threshold` hold the per-level uniqueness; the set-wide ordering
 * is checked before each write on the set as read, without a lock (no transactions on FerretDB
 * 1.24 or a standalone mongod), so two concurrent writers can together break it. `replaceAll`
 * deletes, then inserts: a concurrent reader may see an empty or partial set in between.
 */
import { ObjectId, type Db } from 'mongodb';
import type { MongoContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import {
  assertLevelOrder,
  levelConfigObjectId,
  validateLevelConfig,
  validateLevelSet,
  validatePoints,
  type LevelConfig,
  type LevelConfigRepository,
} from '../../contracts/level-config.ts';
import { mapMongoError } from './errors.ts';

/** A `levelConfigs` document. `_id` is derived from the level and its creation instant (see `levelConfigObjectId`). */
export interface LevelConfigDoc {
  _id: ObjectId;
  level: number;
  name: string;
  threshold: number;
  perks?: JsonValue;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes. */
export async function ensureLevelConfigIndexes(db: Db): Promise<void> {
  const c = db.collection('levelConfigs');
  await c.createIndex({ level: 1 }, { name: 'levelConfigs.level', unique: true });
  await c.createIndex({ threshold: 1 }, { name: 'levelConfigs.threshold', unique: true });
}

/** Contract view of a stored document. */
export function levelConfigFromDoc(d: LevelConfigDoc): LevelConfig {
  const l: LevelConfig = { level: d.level, name: d.name, threshold: d.threshold, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
  if (d.perks !== undefined && d.perks !== null) l.perks = d.perks;
  return l;
}

/** {@link LevelConfigRepository} over MongoDB. */
export function mongoLevelConfigRepository({ db, clock }: MongoContext): LevelConfigRepository {
  const levels = db.collection<LevelConfigDoc>('levelConfigs');
  const docOf = (v: { level: number; name: string; threshold: number; perks?: JsonValue }, now: Date): LevelConfigDoc => {
    const d: LevelConfigDoc = { _id: ObjectId.createFromHexString(levelConfigObjectId(v.level, now.getTime())), level: v.level, name: v.name, threshold: v.threshold, createdAt: now, updatedAt: now };
    if (v.perks !== undefined) d.perks = v.perks;
    return d;
  };
  return {
    async get(level) {
      if (typeof level !== 'number' || !Number.isSafeInteger(level)) return null;
      const d = await levels.findOne({ level });
      return d ? levelConfigFromDoc(d) : null;
    },
    async list() {
      return (await levels.find({}).sort({ level: 1 }).toArray()).map(levelConfigFromDoc);
    },
    async levelFor(points) {
      const p = validatePoints(points);
      const [d] = await levels.find({ threshold: { $lte: p } }).sort({ level: -1 }).limit(1).toArray();
      return d ? levelConfigFromDoc(d) : null;
    },
    async upsert(input) {
      const v = validateLevelConfig(input);
      const current = await levels.find({}, { projection: { level: 1, threshold: 1 } }).toArray();
      assertLevelOrder([...current.filter((l) => l.level !== v.level), v]);
      const now = new Date(clock.now());
      const $set = { name: v.name, threshold: v.threshold, updatedAt: now, ...(v.perks !== undefined && { perks: v.perks }) };
      const update = v.perks === undefined ? { $set, $unset: { perks: '' as const } } : { $set };
      const updated = await levels.findOneAndUpdate({ level: v.level }, update, { returnDocument: 'after' }).catch((e) => mapMongoError(e, 'levelConfigs.threshold'));
      if (updated) return levelConfigFromDoc(updated);
      const doc = docOf(v, now);
      await levels.insertOne(doc).catch((e) => mapMongoError(e, 'levelConfigs.level'));
      return levelConfigFromDoc(doc);
    },
    async replaceAll(input) {
      const set = validateLevelSet(input);
      const now = new Date(clock.now());
      await levels.deleteMany({});
      if (set.length === 0) return [];
      const docs = set.map((v) => docOf(v, now));
      await levels.insertMany(docs, { ordered: true }).catch((e) => mapMongoError(e, 'levelConfigs.level'));
      return docs.map(levelConfigFromDoc);
    },
  };
}
