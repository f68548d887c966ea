/**
 * Starts the servers once for the whole test run and hands their URLs to the test files through
 * vitest's `provide`/`inject`. Servers the harness started are stopped at the end (and on
 * Ctrl-C, by the providers' own cleanup).
 */
import type { TestProject } from 'vitest/node';
import { startMongo } from '../harness/providers/mongo.ts';
import { startPostgres } from '../harness/providers/postgres.ts';
import type { MongoServer, PostgresServer } from '../harness/providers/types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    mongoUrl: string;
  }
}

let pg: PostgresServer | undefined;
let mongo: MongoServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  pg = await startPostgres();
  mongo = await startMongo();
  project.provide('pgUrl', pg.url);
  project.provide('mongoUrl', mongo.url);
  console.log(`[cutover tests] postgres: ${pg.description}; mongo: ${mongo.description}`);
}

export async function teardown(): Promise<void> {
  await mongo?.stop();
  await pg?.stop();
}
