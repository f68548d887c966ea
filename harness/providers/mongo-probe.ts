import { MongoClient } from 'mongodb';
import { detectMongoCapabilities } from './capabilities.ts';
import type { MongoCapabilities } from './types.ts';

/**
 * Connects to `url`, runs `ping`, detects the server's capabilities and disconnects: proof that
 * a MongoDB-wire server answers, plus what to call it in `description`.
 *
 * @param timeoutMs - server selection timeout in milliseconds: how long an unreachable server
 *   may take to fail.
 * @throws the driver's error (`MongoServerSelectionError` when nothing answers within
 *   `timeoutMs`, `MongoServerError` on a refused login ...). Its message may contain the URL;
 *   redact it before printing.
 */
export async function probeMongo(url: string, timeoutMs: number): Promise<MongoCapabilities> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return await detectMongoCapabilities(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}
