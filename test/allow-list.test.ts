/**
 * The allow-list holds for every command: with the list narrowed to 127.0.0.1
 * (`CUTOVER_ALLOW_ONLY`), a URL naming 127.0.0.2 is refused before any socket opens, which a TCP
 * listener on 127.0.0.2 proves by seeing no connection. And URL parsing says what is wrong,
 * naming the variable, without echoing any part of a password. Traffic stays on loopback.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertUrlAllowed, parseConnectionUrl } from '../harness/connect-policy.ts';
import { runCutover } from './support.ts';

/** A listener on 127.0.0.2 that counts the connections it accepts. */
async function listener(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let n = 0;
  const server = net.createServer((socket) => {
    n++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.2', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, connections: () => n, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('every command refuses a host outside the allow-list before connecting', () => {
  let trap: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => {
    trap = await listener();
  });
  afterAll(() => trap.close());

  const farPg = () => `postgres://app:s3cret-pw@127.0.0.2:${trap.port}/app`;
  const farMongo = () => `mongodb://app:s3cret-pw@127.0.0.2:${trap.port}/?authSource=admin`;
  const narrowed = { CUTOVER_ALLOW_ONLY: '127.0.0.1' };

  const commands: readonly (readonly string[])[] = [
    ['check', '--domain', 'user', '--runs', '1'],
    ['migrate'],
    ['migrate', '--check'],
    ['env'],
    ['backfill', '--mongo-db', 'app'],
    ['verify', '--mongo-db', 'app'],
    ['reconcile', '--mongo-db', 'app'],
  ];
  for (const args of commands) {
    it(`${args.join(' ')}: PG_URL on 127.0.0.2 is refused, nothing connects`, async () => {
      const before = trap.connections();
      const r = await runCutover(args, { ...narrowed, PG_URL: farPg(), MONGO_URL: inject('mongoUrl') });
      expect(r.stderr).toMatch(/PG_URL: host 127\.0\.0\.2 is not allowed \(allow it with --allow-host 127\.0\.0\.2/);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toContain('s3cret');
      expect(trap.connections()).toBe(before);
    });
    if (args[0] === 'migrate') continue; // migrate and the migration gate read PG_URL only
    it(`${args.join(' ')}: MONGO_URL on 127.0.0.2 is refused, nothing connects`, async () => {
      const before = trap.connections();
      const r = await runCutover(args, { ...narrowed, PG_URL: inject('pgUrl'), MONGO_URL: farMongo() });
      expect(r.stderr).toMatch(/MONGO_URL: host 127\.0\.0\.2 is not allowed/);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toContain('s3cret');
      expect(trap.connections()).toBe(before);
    });
  }

  it('a host allowed with --allow-host is contacted (the listener can see a connection)', async () => {
    const before = trap.connections();
    const r = await runCutover(['migrate', '--allow-host', '127.0.0.2'], { ...narrowed, PG_URL: farPg() });
    expect(r.code).toBe(2);
    expect(trap.connections()).toBeGreaterThan(before);
  });
});

describe('connection URLs: what is wrong, which variable, no password', () => {
  const refuse = (variable: string, url: string, kind: 'postgres' | 'mongo', env: NodeJS.ProcessEnv = {}) => {
    try {
      assertUrlAllowed(variable, url, kind, env);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`accepted ${url}`);
  };

  it('a raw @, : or / in a password: says to percent-encode, never names a fragment of it as the host', () => {
    for (const url of ['postgres://app:Qz@Kv:Wy@127.0.0.1:5432/app', 'postgres://app:Qz/Kv@Wy@127.0.0.1/app', 'postgres://app:Qz:Kv@127.0.0.1/app', 'postgres://app:Qz#Kv@127.0.0.1/app', 'postgres://app:Qz?Kv@127.0.0.1/app']) {
      const m = refuse('PG_URL', url, 'postgres');
      expect(m).toMatch(/^PG_URL: the password .*not percent-encoded: percent-encode it/);
      expect(m).not.toMatch(/Qz|Kv|Wy|not allowed|allow-host/);
    }
    expect(refuse('MONGO_URL', 'mongodb://app:p@ss@127.0.0.1:27017', 'mongo')).toMatch(/^MONGO_URL: .*percent-encode/);
    expect(() => parseConnectionUrl('PG_URL', 'postgres://app:p%40ss%3Aw%2F@127.0.0.1:5432/app', 'postgres')).not.toThrow();
  });

  it('empty host, bad port, wrong scheme, not a URL: each named', () => {
    expect(refuse('PG_URL', 'postgres://app:pw@:5432/app', 'postgres')).toMatch(/^PG_URL: the host is empty/);
    expect(refuse('PG_URL', 'postgres:///app', 'postgres')).toMatch(/^PG_URL: the host is empty/);
    expect(refuse('MONGO_URL', 'mongodb://127.0.0.1:99999', 'mongo')).toBe('MONGO_URL: port 99999 is not a TCP port (a whole number in 1..65535)');
    expect(refuse('PG_URL', 'postgres://127.0.0.1:54x2/app', 'postgres')).toMatch(/^PG_URL: the port is not a TCP port/);
    expect(refuse('PG_URL', 'http://app:pw@127.0.0.1:5432/app', 'postgres')).toMatch(/^PG_URL: http:\/\/ is not a Postgres URL \(use postgres:\/\/ or postgresql:\/\//);
    expect(refuse('MONGO_URL', 'postgres://127.0.0.1', 'mongo')).toMatch(/^MONGO_URL: postgres:\/\/ is not a MongoDB URL/);
    expect(refuse('PG_URL', 'app:pw@127.0.0.1', 'postgres')).toMatch(/^PG_URL: not a URL/);
    expect(refuse('PG_URL', 'app:pw@127.0.0.1', 'postgres')).not.toContain('pw');
  });

  it('libpq host= parameters and every host of a Mongo seed list are checked; loopback is allowed by default', () => {
    expect(refuse('PG_URL', 'postgres://u:pw@127.0.0.1/app?host=db.example.internal', 'postgres')).toMatch(/host db\.example\.internal is not allowed/);
    expect(refuse('MONGO_URL', 'mongodb://127.0.0.1:27017,db.example.internal:27017', 'mongo')).toMatch(/host db\.example\.internal is not allowed/);
    expect(() => assertUrlAllowed('PG_URL', 'postgres://u:pw@127.0.0.2/app?host=/var/run/postgresql', 'postgres', {})).not.toThrow();
    expect(() => assertUrlAllowed('MONGO_URL', 'mongodb://localhost:1,[::1]:2', 'mongo', {})).not.toThrow();
    expect(refuse('PG_URL', 'postgres://u@127.0.0.2/app', 'postgres', { CUTOVER_ALLOW_ONLY: '127.0.0.1' })).toMatch(/host 127\.0\.0\.2 is not allowed/);
    expect(() => assertUrlAllowed('PG_URL', 'postgres://u@db.internal/app', 'postgres', { CUTOVER_ALLOW_HOSTS: 'db.internal' })).not.toThrow();
  });
});
