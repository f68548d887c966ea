/**
 * `npx tsx bench/verify.ts`: backfill and verify throughput on this machine. A script, never a test.
 *
 * Starts its own servers (`startPostgres`/`startMongo`: embedded Postgres and FerretDB unless
 * `PG_URL`/`MONGO_URL` say otherwise), writes a legacy dataset of `--docs` documents across the
 * five collections (insertMany batches; the Mongo indexes of every domain exist, as in
 * production), backfills it into a scratch clone of the migrated template, then times `verify`
 * `--reps` times at zero diff and once more after `--corrupt` single-field corruptions (to price
 * the bisection and the re-reads), and the read floor: both stores read through the same cursors
 * with nothing done to the data (`bench/read-floor.ts`), to show what bounds verify. Peak RSS is sampled every 20 ms during each phase (and
 * `process.resourceUsage().maxRSS` is the whole process's high-water mark).
 *
 * Prints a table and saves JSON (default `reports/bench-verify.json`).
 *
 * Usage: npx tsx bench/verify.ts [--docs N] [--reps N] [--corrupt N] [--bucket-bits B] [--out FILE]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { domains } from '../contracts/index.ts';
import { writeLegacyDataset } from '../fixtures/legacy.ts';
import { backfill, type BackfillReport } from '../harness/cutover/backfill.ts';
import { verify, type VerifyReport } from '../harness/cutover/verify.ts';
import { MongoScratch } from '../harness/isolation.ts';

import { STORED_ENTITIES } from '../repos/legacy/index.ts';
import { readFloor } from './read-floor.ts';
import { median } from './stats.ts';
import { startBenchServers } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '200000' },
    reps: { type: 'string', default: '3' },
    corrupt: { type: 'string', default: '10' },
    'bucket-bits': { type: 'string', default: '12' },
    out: { type: 'string', default: 'reports/bench-verify.json' },
  },
});
const docs = Number(args.docs);
const reps = Number(args.reps);
const corrupt = Number(args.corrupt);
const bucketBits = Number(args['bucket-bits']);

/** Runs `f` while sampling RSS; returns its result, wall time and the peak RSS seen (MB). */
async function measured<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - t0, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

const servers = await startBenchServers();
const { pgServer, mongoServer, client, template } = servers;
try {
  const pg = await template.clone('cutover_bench_verify');
  const mongo = await MongoScratch.create(client, domains, 'cutover_bench_verify');
  try {
    log(`writing ~${docs} legacy documents to ${mongoServer.description}`);
    const write = await measured(() => writeLegacyDataset(mongo.db, { seed: 42, documents: docs, batchSize: 1000 }));
    log(`wrote ${write.value.total} documents in ${(write.ms / 1000).toFixed(1)} s`);

    let lastLog = 0;
    const fill = await measured(() =>
      backfill({
        mongoDb: mongo.db,
        pg: pg.db,
        onProgress: (p) => {
          if (performance.now() - lastLog > 5000) {
            lastLog = performance.now();
            log(`backfill ${p.entity} ${p.done}/${p.total}`);
          }
        },
      }),
    );
    const b: BackfillReport = fill.value;
    log(`backfill: ${b.totals.seen} documents in ${(fill.ms / 1000).toFixed(1)} s, ${b.totals.skipped} skipped`);

    const runs: { ms: number; peakRssMb: number; report: VerifyReport }[] = [];
    for (let i = 0; i < reps; i++) {
      const v = await measured(() => verify({ mongoDb: mongo.db, pg: pg.db, bucketBits }));
      if (!v.value.zeroDiff) throw new Error(`verify found ${v.value.differenceCount} differences right after the backfill`);
      runs.push({ ms: v.ms, peakRssMb: v.peakRssMb, report: v.value });
      log(`verify #${i + 1}: ${v.value.records} records in ${(v.ms / 1000).toFixed(1)} s, peak RSS ${v.peakRssMb.toFixed(0)} MB`);
    }

    // The read floor: what the servers hand over when nothing is done with the data.
    const floorPool = pg.newPool(1);
    const floorClient = await floorPool.connect();
    const floors: Awaited<ReturnType<typeof readFloor>>[] = [];
    try {
      for (let i = 0; i < reps; i++) floors.push(await readFloor(mongo.db, floorClient, STORED_ENTITIES));
    } finally {
      floorClient.release();
      await floorPool.end();
    }
    // The lower middle for an even count, as stats.median.
    const floor = floors.sort((a, b) => a.ms - b.ms)[Math.floor((floors.length - 1) / 2)]!;
    log(`read floor: ${floor.mongoDocuments + floor.postgresRows} records in ${(floor.ms / 1000).toFixed(1)} s (Mongo side ${(floor.mongoMs / 1000).toFixed(1)} s, Postgres side ${(floor.postgresMs / 1000).toFixed(1)} s)`);

    // A few corruptions spread over every table, to time the bisection and leaf re-reads.
    const pool = pg.newPool(1);
    const tables: [string, string][] = [
      ['users', `display_name = 'bench corruption'`],
      ['categories', `updated_at = updated_at + interval '1 ms'`],
      ['addresses', `city = 'bench corruption'`],
      ['payments', `provider = 'bench corruption'`],
    ];
    for (let i = 0; i < corrupt; i++) {
      const [table, set] = tables[i % tables.length]!;
      await pool.query(`UPDATE ${table} SET ${set} WHERE id = (SELECT id FROM ${table} WHERE legacy_object_id IS NOT NULL ORDER BY legacy_object_id OFFSET ${Math.floor(((i + 1) * 997) % 500)} LIMIT 1)`);
    }
    await pool.end();
    const withDiff = await measured(() => verify({ mongoDb: mongo.db, pg: pg.db, bucketBits }));
    log(`verify with ${withDiff.value.differenceCount} differences: ${(withDiff.ms / 1000).toFixed(1)} s`);

    const verifyMs = median(runs.map((r) => r.ms));
    const records = runs[0]!.report.records;
    const result = {
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: pgServer.description, mongo: mongoServer.description },
      documents: { total: write.value.total, perCollection: write.value.counts },
      mongoInsert: { ms: Math.round(write.ms), docsPerSec: Math.round((write.value.total / write.ms) * 1000) },
      backfill: {
        ms: Math.round(fill.ms),
        docsPerSec: Math.round((b.totals.seen / fill.ms) * 1000),
        peakRssMb: Math.round(fill.peakRssMb),
        totals: b.totals,
        perEntity: Object.fromEntries(b.entities.map((e) => [e.entity, { docs: e.counts.seen, ms: Math.round(e.durationMs), docsPerSec: e.docsPerSec, ...e.timingMs }])),
      },
      verify: {
        bucketBits,
        reps,
        records,
        medianMs: Math.round(verifyMs),
        recordsPerSec: Math.round((records / verifyMs) * 1000),
        runsMs: runs.map((r) => Math.round(r.ms)),
        peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRssMb))),
        perEntity: Object.fromEntries(runs[0]!.report.entities.map((e) => [e.entity, { ms: Math.round(e.durationMs), records: e.mongo.documents + e.postgres.rows, ...e.timingMs }])),
      },
      readFloor: {
        records: floor.mongoDocuments + floor.postgresRows,
        ms: Math.round(floor.ms),
        recordsPerSec: Math.round(((floor.mongoDocuments + floor.postgresRows) / floor.ms) * 1000),
        mongoMs: Math.round(floor.mongoMs),
        mongoDocsPerSec: Math.round((floor.mongoDocuments / floor.mongoMs) * 1000),
        postgresMs: Math.round(floor.postgresMs),
        postgresRowsPerSec: Math.round((floor.postgresRows / floor.postgresMs) * 1000),
      },
      verifyWithDifferences: {
        corruptions: corrupt,
        differences: withDiff.value.differenceCount,
        ms: Math.round(withDiff.ms),
        peakRssMb: Math.round(withDiff.peakRssMb),
        bisect: Object.fromEntries(withDiff.value.entities.map((e) => [e.entity, { differingBuckets: e.buckets.differing, ...e.bisect }])),
      },
      processMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };

    const t = new Table({ head: ['phase', 'documents / records', 'time', 'throughput', 'peak RSS'] });
    t.push(['Mongo insert (insertMany 1000)', String(result.documents.total), `${(result.mongoInsert.ms / 1000).toFixed(1)} s`, `${result.mongoInsert.docsPerSec} docs/s`, `${write.peakRssMb.toFixed(0)} MB`]);
    t.push(['backfill', String(b.totals.seen), `${(result.backfill.ms / 1000).toFixed(1)} s`, `${result.backfill.docsPerSec} docs/s`, `${result.backfill.peakRssMb} MB`]);
    t.push([`verify, zero diff (median of ${reps})`, String(records), `${(verifyMs / 1000).toFixed(1)} s`, `${result.verify.recordsPerSec} records/s`, `${result.verify.peakRssMb} MB`]);
    t.push([`read floor: both stores, no work (median of ${reps})`, String(result.readFloor.records), `${(floor.ms / 1000).toFixed(1)} s`, `${result.readFloor.recordsPerSec} records/s`, '']);
    t.push(['  time in the Mongo side (both sides concurrent)', String(floor.mongoDocuments), `${(floor.mongoMs / 1000).toFixed(1)} s`, `${result.readFloor.mongoDocsPerSec} docs/s`, '']);
    t.push(['  time in the Postgres side (both sides concurrent)', String(floor.postgresRows), `${(floor.postgresMs / 1000).toFixed(1)} s`, `${result.readFloor.postgresRowsPerSec} rows/s`, '']);
    t.push([`verify, ${result.verifyWithDifferences.differences} differences`, String(withDiff.value.records), `${(withDiff.ms / 1000).toFixed(1)} s`, '', `${result.verifyWithDifferences.peakRssMb} MB`]);
    console.log(`${result.machine.cores} cores, ${result.machine.cpu}, node ${result.machine.node}`);
    console.log(`postgres: ${result.machine.postgres}; mongo: ${result.machine.mongo}`);
    console.log(t.toString());
    console.log(`process max RSS: ${result.processMaxRssMb} MB`);
    await mkdir(path.dirname(path.resolve(args.out!)), { recursive: true });
    await writeFile(args.out!, JSON.stringify(result, null, 2) + '\n');
    console.log(`saved ${args.out}`);
  } finally {
    await mongo.drop().catch(() => {});
    await pg.drop().catch(() => {});
  }
} finally {
  await servers.stop();
}
