/** The servers a benchmark runs on: started from the environment like `cutover check` does. */
import { MongoClient } from 'mongodb';
import { PgTemplate } from '../harness/isolation.ts';
import { startMongo } from '../harness/providers/mongo.ts';
import { startPostgres } from '../harness/providers/postgres.ts';
import type { MongoServer, PostgresServer } from '../harness/providers/types.ts';

/** Running servers, a connected Mongo client and a migrated template; `stop()` ends them all. */
export interface BenchServers {
  readonly pgServer: PostgresServer;
  readonly mongoServer: MongoServer;
  readonly client: MongoClient;
  readonly template: PgTemplate;
  stop(): Promise<void>;
}

/** Starts Postgres and Mongo (`PG_URL`/`MONGO_URL` or the embedded defaults) and migrates a template. */
export async function startBenchServers(): Promise<BenchServers> {
  const pgServer = await startPostgres();
  const mongoServer = await startMongo();
  const client = new MongoClient(mongoServer.url);
  await client.connect();
  const template = await PgTemplate.create(pgServer.url);
  return {
    pgServer,
    mongoServer,
    client,
    template,
    async stop() {
      await template.dispose();
      await client.close();
      await mongoServer.stop();
      await pgServer.stop();
    },
  };
}
