/**
 * `cutover verify`: the read-only parity check of live servers (`PG_URL`, `MONGO_URL` +
 * `--mongo-db`, hosts allow-listed). Register with `registerVerifyCommand(cli)`.
 *
 * @public
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../runner.ts';
import { STORED_ENTITIES } from '../../repos/legacy/index.ts';
import { openLiveStores, writeJson } from './backfill-command.ts';
import { assertReportWritable } from '../report-file.ts';
import { verify, type Difference } from './verify.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** One line for a difference. */
export function describeDifference(d: Difference): string {
  if ('only' in d) return `${d.entity} ${d.id}: only in ${d.only}${d.reason ? ` (${d.reason})` : ''}`;
  return `${d.entity} ${d.id}: ${d.fields.map((f) => `${f.field} mongo=${JSON.stringify(f.mongo)} postgres=${JSON.stringify(f.postgres)}`).join('; ')}`;
}

/**
 * Adds `cutover verify [--domain D]... [--mongo-db NAME] [--bucket-bits B] [--json FILE]`.
 * Exit code: 0 zero diff; 1 differences found; 2 bad usage or no server.
 */
export function registerVerifyCommand(cli: Command): Command {
  return cli
    .command('verify')
    .description('read-only parity check of Mongo (MONGO_URL) and Postgres (PG_URL): checksums per id bucket, bisection down to the differing records and fields, dual-write gap backlog')
    .addOption(new Option('--domain <name>', `only this domain (repeatable): ${[...new Set(STORED_ENTITIES.map((e) => e.domain))].join(', ')}`).argParser(collect))
    .option('--mongo-db <name>', 'the Mongo database to read (default: MONGO_DB)')
    .option('--bucket-bits <n>', 'log2 of the checksum buckets per entity (0..20)', (v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 20) throw new UsageError('--bucket-bits must be a whole number in 0..20');
      return n;
    }, 12)
    .option('--json <file>', 'write the full report as JSON')
    .addOption(new Option('--allow-host <host>', 'also allow this database host (repeatable; default: loopback only)').argParser(collect))
    .action(async (o: { domain?: string[]; mongoDb?: string; bucketBits: number; json?: string; allowHost?: string[] }) => {
      // An unwritable --json is found now, not after the whole verify ran.
      if (o.json) assertReportWritable('--json', o.json);
      const stores = await openLiveStores(o.mongoDb, process.env, 2, o.allowHost ?? []);
      try {
        console.error(`verify: comparing ${o.domain?.join(', ') ?? 'every domain'} (read only)`);
        const r = await verify({ mongoDb: stores.mongoDb, pg: stores.pg, bucketBits: o.bucketBits, ...(o.domain && { domains: o.domain }) }).catch((e: unknown) => {
          if (e instanceof Error && /unknown domain/.test(e.message)) throw new UsageError(`--domain: ${e.message}`);
          throw e;
        });
        console.log(`verify (${r.transaction.isolation}, read only: ${r.transaction.readOnly ? 'yes' : 'NO'}): ${r.records} records in ${(r.durationMs / 1000).toFixed(1)} s`);
        for (const e of r.entities) {
          console.log(`  ${e.entity.padEnd(12)} mongo ${e.mongo.documents} (expected ${e.mongo.expected}, rejected ${e.mongo.rejected}, repaired ${e.mongo.repaired})  postgres ${e.postgres.rows + e.postgres.withoutLegacyId}  differences ${e.differences}`);
        }
        for (const d of r.differences.slice(0, 50)) console.log(`  ${describeDifference(d)}`);
        if (r.differenceCount > 50) console.log(`  … ${r.differenceCount - 50} more (see --json)`);
        console.log(`gaps: ${r.gaps.open} open${r.gaps.oldestAt !== null ? `, oldest ${new Date(r.gaps.oldestAt).toISOString()}` : ''}`);
        console.log(r.zeroDiff ? 'zero diff' : `${r.differenceCount} differences`);
        if (o.json) await writeJson(o.json, r);
        process.exitCode = r.zeroDiff ? 0 : 1;
      } finally {
        await stores.close();
      }
    });
}
