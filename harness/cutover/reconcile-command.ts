/**
 * `cutover reconcile`: replays the open dual-write gaps against the live databases (PG_URL,
 * MONGO_URL + --mongo-db), hosts allow-listed. Exit code: 0 every gap resolved; 1 some left
 * open (their documents were skipped: see the report); 2 bad usage or no server.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { Option, type Command } from 'commander';
import * as schema from '../../schema/index.ts';
import { openLiveStores, withWriterLock, writeJson } from './backfill-command.ts';
import { assertReportWritable } from '../report-file.ts';
import { reconcile } from './reconcile.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `cutover reconcile [--mongo-db NAME] [--allow-host H]... [--json FILE]`. */
export function registerReconcileCommand(cli: Command): Command {
  return cli
    .command('reconcile')
    .description('replay open pg_dualwrite_gaps: re-sync the affected domains from Mongo (PG_URL, MONGO_URL) until Postgres matches; idempotent')
    .option('--mongo-db <name>', 'the Mongo database to read (default: MONGO_DB)')
    .addOption(new Option('--allow-host <host>', 'also allow this database host (repeatable; default: loopback only)').argParser(collect))
    .option('--json <file>', 'write the full report as JSON')
    .action(async (o: { mongoDb?: string; allowHost?: string[]; json?: string }) => {
      if (o.json) assertReportWritable('--json', o.json);
      const stores = await openLiveStores(o.mongoDb, process.env, 3, o.allowHost ?? []);
      try {
        const r = await withWriterLock(stores.pg, 'reconcile', () => reconcile({ mongoDb: stores.mongoDb, pg: drizzle(stores.pg, { schema }), log: (l) => console.error(l) }));
        const open = Object.entries(r.open);
        if (open.length === 0) console.log('no open gaps');
        else {
          console.log(`open gaps: ${open.map(([d, n]) => `${d} ${n}`).join(', ')}`);
          console.log(`deleted ${r.deleted.length} rows whose Mongo document is gone; kept ${r.kept.length} append-only rows`);
          if (r.backfill) console.log(`re-synced: ${r.backfill.totals.inserted} inserted, ${r.backfill.totals.updated} updated, ${r.backfill.totals.skipped} skipped`);
          console.log(`resolved ${r.resolved} gaps, ${r.remaining} left open`);
        }
        if (o.json) await writeJson(o.json, r);
        process.exitCode = r.remaining > 0 ? 1 : 0;
      } finally {
        await stores.close();
      }
    });
}
