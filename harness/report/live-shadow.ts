/**
 * Reads production's shadow-read evidence for the readiness report: the per-domain counts in
 * `pg_shadow_read_counts` and the number of rows kept in `pg_shadow_read_mismatches` (written by
 * the service's `PgShadowRecorder`). Read only.
 *
 * @public
 */
import pg from 'pg';
import { UsageError } from '../usage-error.ts';
import { redactUrl } from '../redact.ts';
import { explainConnectFailure } from '../providers/errors.ts';
import type { LiveShadowEvidence } from './readiness.ts';

/**
 * Per-domain live counts from the database at `url` (call `assertUrlAllowed` first).
 *
 * @throws UsageError when the server cannot be reached or the tables are missing (the database
 *   was never migrated).
 */
export async function readLiveShadow(url: string): Promise<LiveShadowEvidence[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw new UsageError(`PG_URL (${redactUrl(url)}): ${explainConnectFailure(e)}`);
  }
  try {
    const counts = await client.query<{ domain: string; outcome: string; n: string }>(`SELECT domain, outcome, sum(count)::text AS n FROM pg_shadow_read_counts GROUP BY 1, 2`).catch((e: { code?: string }) => {
      if (e.code === '42P01') throw new UsageError('report --live: PG_URL has no pg_shadow_read_counts table (run cutover migrate)');
      throw e;
    });
    const kept = await client.query<{ domain: string; n: string }>(`SELECT domain, count(*)::text AS n FROM pg_shadow_read_mismatches GROUP BY 1`);
    const by = new Map<string, { match: number; mismatch: number; error: number; ignored: number; recordedMismatches: number }>();
    const get = (d: string) => by.get(d) ?? by.set(d, { match: 0, mismatch: 0, error: 0, ignored: 0, recordedMismatches: 0 }).get(d)!;
    for (const r of counts.rows) {
      const e = get(r.domain);
      if (r.outcome === 'match' || r.outcome === 'mismatch' || r.outcome === 'error' || r.outcome === 'ignored') e[r.outcome] += Number(r.n);
    }
    for (const r of kept.rows) get(r.domain).recordedMismatches = Number(r.n);
    return [...by].map(([domain, e]) => ({ domain, ...e }));
  } finally {
    await client.end().catch(() => {});
  }
}
