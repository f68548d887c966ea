/**
 * Test support: scratch stores on the servers `global-setup.ts` started, and a registry with one
 * implementation swapped for a seeded fault (`test/harness-catches`).
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { MongoClient } from 'mongodb';
import { domains } from '../contracts/index.ts';
import type { DomainDefinition } from '../contracts/domain.ts';
import { detectMongoCapabilities } from '../harness/providers/capabilities.ts';
import { MongoScratch, PgTemplate, type PgScratch } from '../harness/isolation.ts';
import type { MongoCapabilities } from '../harness/providers/types.ts';

/** Stores for one test file: a migrated template, a Mongo client, and helpers to make scratches. */
export interface TestStores {
  readonly template: PgTemplate;
  readonly client: MongoClient;
  readonly capabilities: MongoCapabilities;
  pg(): Promise<PgScratch>;
  mongo(registry?: readonly DomainDefinition[]): Promise<MongoScratch>;
  dispose(): Promise<void>;
}

/** Opens stores on the run's servers (call in `beforeAll`, dispose in `afterAll`). */
export async function openStores(): Promise<TestStores> {
  const template = await PgTemplate.create(inject('pgUrl'));
  const client = new MongoClient(inject('mongoUrl'));
  await client.connect();
  const capabilities = await detectMongoCapabilities(client);
  const mongos: MongoScratch[] = [];
  return {
    template,
    client,
    capabilities,
    pg: () => template.clone('cutover_test'),
    async mongo(registry = domains) {
      const m = await MongoScratch.create(client, registry, 'cutover_test');
      mongos.push(m);
      return m;
    },
    async dispose() {
      for (const m of mongos) await m.drop().catch(() => {});
      await client.close();
      await template.dispose();
    },
  };
}

/** `registry` with domain `name`'s implementations replaced by those in `swap`. */
export function withImplementation<R extends object>(
  registry: readonly DomainDefinition[],
  name: string,
  swap: Partial<Pick<DomainDefinition<R>, 'mongo' | 'drizzle' | 'model'>>,
): DomainDefinition[] {
  return registry.map((d) => (d.name === name ? ({ ...d, ...swap } as DomainDefinition) : d));
}

/** The run's servers as provider handles the harness does not own (never stopped by a test). */
export async function sharedServers() {
  const { startPostgres } = await import('../harness/providers/postgres.ts');
  const { startMongo } = await import('../harness/providers/mongo.ts');
  return {
    postgres: await startPostgres({ env: { PG_URL: inject('pgUrl') } }),
    mongo: await startMongo({ env: { MONGO_URL: inject('mongoUrl') } }),
  };
}

/**
 * Registers `beforeAll`/`afterAll` that open stores with one Postgres and one Mongo scratch
 * database for the file; read them from the returned object inside tests.
 */
export function useScratchStores(): { readonly stores: TestStores; readonly pg: PgScratch; readonly mongo: MongoScratch } {
  const state: { stores?: TestStores; pg?: PgScratch; mongo?: MongoScratch } = {};
  beforeAll(async () => {
    state.stores = await openStores();
    state.pg = await state.stores.pg();
    state.mongo = await state.stores.mongo();
  });
  afterAll(() => state.stores?.dispose());
  return {
    get stores() {
      return state.stores!;
    },
    get pg() {
      return state.pg!;
    },
    get mongo() {
      return state.mongo!;
    },
  };
}

/** Runs one SQL statement on `scratch` through a pool of its own (ended afterwards); resolves with the rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as node-postgres types them
export async function scratchQuery(scratch: PgScratch, text: string, values: unknown[] = []): Promise<any[]> {
  const pool = scratch.newPool(1);
  try {
    return (await pool.query(text, values)).rows;
  } finally {
    await pool.end();
  }
}

/** Runs the `cutover` CLI in a child process; resolves with its exit code and output whatever the code. */
export async function runCutover(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const path = await import('node:path');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.resolve('bin/cutover.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
