/**
 * Verify on the real servers: zero diff after a backfill (breakers included: what backfill is
 * told to skip or repair is not a difference), then single-field corruptions on either side are
 * found exactly — those records and fields and nothing else — with and without bisection, and
 * verify writes nothing (it runs as a role that may only SELECT, in a read-only transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId, type Document } from 'mongodb';
import pg from 'pg';
import { writeLegacyDataset } from '../fixtures/legacy.ts';
import { STORED_ENTITIES } from '../repos/legacy/index.ts';
import { backfill } from '../harness/cutover/backfill.ts';
import { canonicalJson } from '../harness/cutover/canonical.ts';
import { verify, type Difference, type VerifyReport } from '../harness/cutover/verify.ts';
import { scratchName } from '../harness/isolation.ts';
import { assertUrlAllowed } from '../harness/connect-policy.ts';

const assertAllowedUrl = (variable: string, url: string, env: NodeJS.ProcessEnv) => assertUrlAllowed(variable, url, variable === 'PG_URL' ? 'postgres' : 'mongo', env);
import { describeDifference } from '../harness/cutover/verify-command.ts';
import { useScratchStores } from './support.ts';

const DATASET = { seed: 11, documents: 3000 } as const;
const TABLES = ['users', 'categories', 'addresses', 'payments', 'funds_ledger_entries', 'id_map', 'pg_dualwrite_gaps'];

describe('verify', () => {
  const s = useScratchStores();
  let readOnly: pg.Client;
  let role: string;

  const sql = async (text: string, values: unknown[] = []) => {
    const pool = s.pg.newPool(1);
    try {
      return (await pool.query(text, values)).rows;
    } finally {
      await pool.end();
    }
  };

  /** A fingerprint of every table and collection, to prove verify changed nothing. */
  const fingerprint = async () => {
    const out: Record<string, string> = {};
    for (const t of TABLES) out[t] = String((await sql(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS f FROM ${t} t`))[0]!.f);
    for (const c of ['users', 'categories', 'addresses', 'payments', 'fundsLedgerEntries']) {
      const docs = await s.mongo.db.collection(c).find({}).sort({ _id: 1 }).toArray();
      out[c] = canonicalJson(docs.map((d: Document) => JSON.stringify(d)));
    }
    return out;
  };

  beforeAll(async () => {
    await writeLegacyDataset(s.mongo.db, DATASET);
    await backfill({ mongoDb: s.mongo.db, pg: s.pg.db });
    // A role that can read and nothing else: verify must not need more.
    role = scratchName('verify_ro');
    await sql(`CREATE ROLE ${role} LOGIN PASSWORD 'ro'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    const url = new URL(s.pg.url);
    url.username = role;
    url.password = 'ro';
    readOnly = new pg.Client({ connectionString: url.toString() });
    await readOnly.connect();
  });

  afterAll(async () => {
    await readOnly?.end();
    await sql(`REASSIGN OWNED BY ${role} TO CURRENT_USER; DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => {});
  });

  it('finds zero diff after a backfill, listing what the policy excludes instead', async () => {
    const before = await fingerprint();
    const r = await verify({ mongoDb: s.mongo.db, pg: readOnly });
    expect(r.differences).toEqual([]);
    expect(r.zeroDiff).toBe(true);
    expect(r.transaction).toEqual({ readOnly: true, isolation: 'repeatable read' });
    expect(r.rejectedCount).toBeGreaterThanOrEqual(8);
    expect(r.entities.map((e) => e.entity)).toEqual(STORED_ENTITIES.map((e) => e.name));
    for (const e of r.entities) {
      expect(e.postgres.rows).toBe(e.mongo.expected);
      expect(e.mongo.expected + e.mongo.rejected).toBe(e.mongo.documents);
    }
    expect(r.entities.find((e) => e.entity === 'category')!.mongo.repaired).toBe(1);
    expect(r.gaps).toEqual({ open: 0, oldestAt: null, byDomain: {} });
    expect(await fingerprint()).toEqual(before);
  });

  describe('after corrupting single records on each side', () => {
    const expected: Difference[] = [];

    beforeAll(async () => {
      // Postgres: one address city.
      const [addr] = await sql(`SELECT legacy_object_id, city FROM addresses WHERE legacy_object_id IS NOT NULL ORDER BY legacy_object_id OFFSET 100 LIMIT 1`);
      await sql(`UPDATE addresses SET city = 'Corrupted City' WHERE legacy_object_id = $1`, [addr!.legacy_object_id]);
      expected.push({ entity: 'address', id: addr!.legacy_object_id, fields: [{ field: 'city', mongo: addr!.city, postgres: 'Corrupted City' }] });

      // Mongo: one user's displayName.
      const users = s.mongo.db.collection('users');
      const user = await users.findOne({ displayName: { $type: 'string' } }, { sort: { _id: -1 } });
      await users.updateOne({ _id: user!._id }, { $set: { displayName: 'Changed in Mongo' } });
      expected.push({ entity: 'user', id: user!._id.toHexString(), fields: [{ field: 'displayName', mongo: 'Changed in Mongo', postgres: user!.displayName }] });

      // Mongo: one ledger entry deleted (Postgres keeps it).
      const ledger = s.mongo.db.collection('fundsLedgerEntries');
      const [entry] = await ledger.find({ _id: { $type: 'objectId' } }).sort({ _id: 1 }).skip(500).limit(1).toArray();
      await ledger.deleteOne({ _id: entry!._id });
      expected.push({ entity: 'ledgerEntry', id: entry!._id.toHexString(), only: 'postgres', reason: 'no Mongo document has this _id' });

      // Postgres-only rows: one with a legacy id Mongo never had, one with none at all.
      const ghost = new ObjectId().toHexString();
      await sql(`INSERT INTO categories (legacy_object_id, name, created_at, updated_at) VALUES ($1, 'Only In Postgres', now(), now())`, [ghost]);
      expected.push({ entity: 'category', id: ghost, only: 'postgres', reason: 'no Mongo document has this _id' });
      const [pgOnly] = await sql(`INSERT INTO users (email, role, created_at, updated_at) VALUES ('pg.only@example.com', 'buyer', now(), now()) RETURNING id::text`);
      expected.push({ entity: 'user', id: pgOnly!.id, only: 'postgres', reason: 'the row has no legacy_object_id (written to Postgres only)' });

      // Mongo-only: a payment written after the backfill.
      const owner = await users.findOne({}, { sort: { _id: 1 } });
      const late = new ObjectId();
      await s.mongo.db.collection('payments').insertOne({ _id: late, userId: owner!._id, amount: '5', currency: 'USDT', status: 'pending', provider: 'stripe', createdAt: new Date(), updatedAt: new Date() });
      expected.push({ entity: 'payment', id: late.toHexString(), only: 'mongo' });
    });

    const sorted = (ds: readonly Difference[]) => [...ds].sort((a, b) => `${a.entity}/${a.id}`.localeCompare(`${b.entity}/${b.id}`));

    it('points at exactly those records and fields, and nothing else', async () => {
      const before = await fingerprint();
      const r = await verify({ mongoDb: s.mongo.db, pg: readOnly });
      expect(r.zeroDiff).toBe(false);
      expect(sorted(r.differences)).toEqual(sorted(expected));
      expect(r.differenceCount).toBe(expected.length);
      expect(await fingerprint()).toEqual(before);
    });

    it('finds the same differences by bisecting one big bucket down to small ranges', async () => {
      const r: VerifyReport = await verify({ mongoDb: s.mongo.db, pg: s.pg.db, bucketBits: 0, leafSize: 8 });
      expect(sorted(r.differences)).toEqual(sorted(expected));
      const ledger = r.entities.find((e) => e.entity === 'ledgerEntry')!;
      expect(ledger.buckets).toEqual({ total: 1, differing: 1 });
      expect(ledger.bisect.levels).toBeGreaterThanOrEqual(5);
      expect(ledger.bisect.leafRanges).toBeGreaterThanOrEqual(1);
    });

    it('verifies only the domains asked for, reading their references on the Mongo side', async () => {
      const pool = s.pg.newPool(2);
      const r = await verify({ mongoDb: s.mongo.db, pg: pool, domains: ['address'] }).finally(() => pool.end());
      expect(r.entities.map((e) => e.entity)).toEqual(['address']);
      expect(r.differences).toEqual(expected.filter((d) => d.entity === 'address'));
    });

    it('counts the open dual-write gap backlog of the verified domains', async () => {
      await sql(`INSERT INTO pg_dualwrite_gaps (domain, method, args, error_code, error_message, created_at) VALUES ('user', 'update', '[]', 'X', 'x', '2024-01-02T03:04:05.678Z'), ('payment', 'create', '[]', 'X', 'x', now())`);
      const r = await verify({ mongoDb: s.mongo.db, pg: readOnly, domains: ['user'] });
      expect(r.gaps).toEqual({ open: 1, oldestAt: Date.UTC(2024, 0, 2, 3, 4, 5, 678), byDomain: { payment: 1, user: 1 } });
    });
  });

  it('refuses a bad option before touching either server', async () => {
    await expect(verify({ mongoDb: s.mongo.db, pg: readOnly, bucketBits: 21 })).rejects.toThrow(/bucketBits/);
    await expect(verify({ mongoDb: s.mongo.db, pg: readOnly, domains: ['no-such-domain'] })).rejects.toThrow(/unknown domain "no-such-domain"/);
  });
});

describe('cutover verify / backfill commands', () => {
  it('connect only to loopback hosts and those in CUTOVER_ALLOW_HOSTS, without printing credentials', () => {
    expect(() => assertAllowedUrl('PG_URL', 'postgres://u:secret@127.0.0.1:5432/app', {})).not.toThrow();
    expect(() => assertAllowedUrl('MONGO_URL', 'mongodb://localhost:27017,[::1]:27018', {})).not.toThrow();
    expect(() => assertAllowedUrl('PG_URL', 'postgres://u:secret@prod-db:5432/app', {})).toThrow(/PG_URL: host prod-db is not allowed/);
    expect(() => assertAllowedUrl('PG_URL', 'postgres://u:secret@prod-db:5432/app', { CUTOVER_ALLOW_HOSTS: 'staging, prod-db' })).not.toThrow();
    try {
      assertAllowedUrl('PG_URL', 'postgres://u:secret@evil:5432/app', {});
    } catch (e) {
      expect(String(e)).not.toContain('secret');
    }
  });

  it('print one line per difference', () => {
    expect(describeDifference({ entity: 'address', id: 'a1', fields: [{ field: 'city', mongo: 'Lyon', postgres: 'X' }] })).toBe('address a1: city mongo="Lyon" postgres="X"');
    expect(describeDifference({ entity: 'user', id: 'u1', only: 'postgres', reason: 'no Mongo document has this _id' })).toBe('user u1: only in postgres (no Mongo document has this _id)');
  });
});
