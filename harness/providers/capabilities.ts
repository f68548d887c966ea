/**
 * What a MongoDB-wire server can do, detected from `buildInfo` and `hello`, never assumed
 * (DESIGN.md section 5).
 */
import type { Document } from 'mongodb';
import type { MongoCapabilities } from './types.ts';

/**
 * The subset of `MongoClient` this module uses (admin commands), so a user's own client or a
 * test double fits. See https://www.mongodb.com/docs/manual/reference/command/buildInfo/
 */
export interface AdminCommandClient {
  db(name: string): { command(command: Document): Promise<Document> };
}

/**
 * FerretDB 1.24 over SQLite, as observed against tools/ferretdb: no multi-document transactions
 * (`autocommit` is an unknown field), Decimal128 drops the connection, partial/TTL/collation index
 * options answer NotImplemented (238), and a unique violation caused by an update comes back as
 * code 1 (InternalError, with the SQLite message) while one caused by an insert or upsert is 11000.
 */
const FERRETDB = {
  transactions: false,
  decimal128: false,
  partialIndexes: false,
  ttlIndexes: false,
  collation: false,
  atomicUpdates: false,
  uniqueViolationOnUpdateCode: 1,
} as const;

/**
 * Detects the capabilities of the server behind `client`.
 *
 * A server whose `buildInfo` has `ferretdbVersion` is FerretDB, with the fixed capabilities above.
 * Any other server is taken to be mongod/mongos: Decimal128, partial, TTL and collation indexes,
 * atomic single-document updates and code 11000 for unique violations; transactions only on a
 * replica set member (`hello.setName`) or a mongos (`hello.msg === 'isdbgrid'`).
 *
 * @throws the driver's error when `buildInfo` or `hello` fails (server unreachable, not authorised).
 */
export async function detectMongoCapabilities(client: AdminCommandClient): Promise<MongoCapabilities> {
  const admin = client.db('admin');
  const buildInfo = await admin.command({ buildInfo: 1 });
  const version = typeof buildInfo.version === 'string' ? buildInfo.version : 'unknown';
  if (buildInfo.ferretdbVersion !== undefined) {
    return {
      server: `FerretDB ${String(buildInfo.ferretdbVersion)} (MongoDB-compatible ${version})`,
      isFerretDB: true,
      ...FERRETDB,
    };
  }
  const hello = await admin.command({ hello: 1 });
  const replicaSetOrMongos = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  return {
    server: `MongoDB ${version}`,
    isFerretDB: false,
    transactions: replicaSetOrMongos,
    decimal128: true,
    partialIndexes: true,
    ttlIndexes: true,
    collation: true,
    atomicUpdates: true,
    uniqueViolationOnUpdateCode: 11000,
  };
}
