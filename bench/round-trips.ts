/**
 * `npx tsx bench/round-trips.ts [domains] [kinds] [runs]`: what a model-based command costs in
 * round trips. Runs the differential property of each domain on each implementation kind (seed
 * 42) and prints, per domain and kind: wall time, commands, ms per command, Postgres queries and
 * Mongo commands per command (each run's reset and the model's work included: per-run costs
 * are spread over the run's commands), and with `DETAIL=1` the statements sent most often (the first 60
 * characters of each). A script for finding where a model-based run spends its time, never a test.
 *
 * Arguments: a comma-separated domain list (default every domain), a comma-separated kind list
 * (default `mongo,drizzle,dual,dual-pg`), runs per property (default 25).
 */
import pg from 'pg';
import { MongoClient } from 'mongodb';
import { domains } from '../contracts/index.ts';
import { closure } from '../contracts/domain.ts';
import { MongoScratch } from '../harness/isolation.ts';
import { runModelBased, type ModelBasedStats } from '../properties/differential.ts';
import { IMPLEMENTATIONS, type ImplementationKind } from '../properties/targets.ts';
import { startBenchServers } from './servers.ts';

const pgCounts = new Map<string, number>();
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
// Counts every statement any pool of this process sends (the pools are created after this line).
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, q: unknown, ...rest: unknown[]) {
  const text = typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
  pgCounts.set(key, (pgCounts.get(key) ?? 0) + 1);
  return query.call(this, q, ...rest);
};

const names = process.argv[2] ? process.argv[2].split(',') : domains.map((d) => d.name);
const kinds = (process.argv[3] ? process.argv[3].split(',') : IMPLEMENTATIONS) as Exclude<ImplementationKind, 'model'>[];
const runs = Number(process.argv[4] ?? 25);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs: ${process.argv[4]} is not a whole number >= 1`);
for (const n of names) if (!domains.some((d) => d.name === n)) throw new Error(`unknown domain ${n}`);
for (const k of kinds) if (!IMPLEMENTATIONS.includes(k)) throw new Error(`unknown implementation kind ${k}`);

const servers = await startBenchServers();
const client = new MongoClient(servers.mongoServer.url, { monitorCommands: true });
const mongoCounts = new Map<string, number>();
client.on('commandStarted', (e) => {
  const target = (e.command as Record<string, unknown>)[e.commandName];
  const key = `${e.commandName} ${typeof target === 'string' ? target : ''}`;
  mongoCounts.set(key, (mongoCounts.get(key) ?? 0) + 1);
});
await client.connect();
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `      ${v} ${k}`).join('\n');
try {
  console.log('domain kind: wall ms, commands, ms/command, postgres queries/command, mongo commands/command');
  for (const name of names) {
    const domain = domains.find((d) => d.name === name)!;
    const pgScratch = await servers.template.clone('cutover_rt');
    const mongo = await MongoScratch.create(client, closure(domain, domains), 'cutover_rt');
    try {
      for (const kind of kinds) {
        pgCounts.clear();
        mongoCounts.clear();
        const stats: ModelBasedStats = { commands: 0, runs: 0, resetMs: 0 };
        const t0 = performance.now();
        const o = await runModelBased({ domain, registry: domains, kind, pg: pgScratch, mongo, runs, seed: 42, stats });
        const ms = performance.now() - t0;
        if (!o.passed) throw new Error(`${name} ${kind} failed: ${o.error}`);
        const per = (x: number) => (x / stats.commands).toFixed(2);
        console.log(`${name} ${kind}: ${ms.toFixed(0)}, ${stats.commands}, ${per(ms)}, ${per(total(pgCounts))}, ${per(total(mongoCounts))}`);
        if (process.env.DETAIL === '1') console.log(`    postgres:\n${top(pgCounts)}\n    mongo:\n${top(mongoCounts)}`);
      }
    } finally {
      await pgScratch.drop();
      await mongo.drop();
    }
  }
} finally {
  await client.close();
  await servers.stop();
}
