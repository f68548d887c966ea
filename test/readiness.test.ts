/**
 * The readiness page judges evidence: "no data" over empty sets, live shadow-read counts read
 * from the live database and kept apart from the synthetic ones, "ready for read cutover" only
 * when every threshold holds (and otherwise which one does not), failing and blocked first.
 * The HTML page is rendered in headless Chromium (a real browser) to prove it renders.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readinessRows, readinessSummary, type ParityEvidence } from '../harness/report/readiness.ts';
import type { CheckReport, CheckResult } from '../harness/results.ts';
import { runCutover, scratchQuery, useScratchStores } from './support.ts';

const passed = (domain: string, check: string, implementation: string, extra: Partial<CheckResult> = {}): CheckResult => ({ domain, check, implementation, status: 'passed', durationMs: 10, runs: 5, ...extra });
const allPassing = (domain: string): CheckResult[] => [
  ...['model', 'mongo', 'drizzle', 'dual', 'dual-pg'].map((i) => passed(domain, 'examples', i)),
  passed(domain, 'shadow-reads', 'dual', { metrics: { match: 40, mismatch: 0 } }),
  passed(domain, 'shadow-reads', 'mongo', { metrics: { match: 40, mismatch: 0 } }),
];
const report: CheckReport = {
  startedAt: '2026-12-03T08:00:00.000Z',
  durationMs: 1000,
  environment: { postgres: 'PostgreSQL 18', mongo: 'FerretDB', mongoCapabilities: {}, pgReset: 'delete-replica', templateMigrateMs: 1, node: 'v20', tz: 'UTC' },
  options: { runs: 5, heavyRuns: 2 },
  results: [passed('schema', 'migrations', 'postgres'), ...allPassing('user'), ...allPassing('address'), ...allPassing('category'), { ...passed('payment', 'examples', 'drizzle'), status: 'failed', failure: { message: 'x' } }, ...allPassing('payment').slice(1)],
} as unknown as CheckReport;
const parity = (domain: string, documents: number, extra: Partial<ParityEvidence> = {}): ParityEvidence => ({ domain, mongoDocuments: documents, postgresRows: documents, zeroDiff: true, differences: 0, openGaps: 0, durationMs: 5, checkedAt: '2026-12-03T08:10:00.000Z', ...extra });

describe('readiness judges evidence', () => {
  it('no data over empty sets, synthetic reads are not live evidence, thresholds named when unmet', () => {
    const rows = readinessRows(report, {
      parity: [parity('user', 500), parity('address', 0), parity('category', 300), parity('payment', 10)],
      live: [{ domain: 'user', match: 5000, mismatch: 0, error: 0, ignored: 3, recordedMismatches: 0 }, { domain: 'category', match: 200, mismatch: 0, error: 0, ignored: 0, recordedMismatches: 0 }],
      thresholds: { minLiveComparisons: 1000, maxMismatchUpperBound: 0.005 },
    });
    const by = Object.fromEntries(rows.map((r) => [r.domain, r]));
    expect(rows.map((r) => r.domain)).toEqual(['payment', 'address', 'category', 'user']); // failing, blocked, ready
    expect(by.user!.cells.phase.text).toBe('ready for read cutover');
    expect(by.address!.cells['backfill parity'].text).toMatch(/^no data \(0 documents, 0 rows compared/);
    expect(by.address!.unmet).toContain('parity: no data (0 documents, 0 rows compared)');
    expect(by.address!.cells['synthetic shadow reads'].text).toMatch(/^0 of 40/);
    expect(by.address!.unmet).toContain('live shadow reads: none read (needs at least 1000)');
    expect(by.category!.unmet).toEqual(['live shadow reads: 200 comparisons (needs at least 1000)', 'live mismatch rate: 95% upper bound 1.49% (needs below 0.5%)']);
    expect(by.payment!.cells.phase.text).toMatch(/^failing: all checks passed: not drizzle repo/);
    expect(readinessSummary(rows)).toMatch(/^1 of 4 domains ready for read cutover; 1 failing, 2 blocked — unmet: live shadow reads \(3\)/);
    // The same page without the live database: nothing is ready, whatever the synthetic traffic showed.
    expect(readinessRows(report, { parity: [parity('user', 500)] }).find((r) => r.domain === 'user')!.cells.phase.text).toMatch(/^blocked: live shadow reads: none read/);
  });
});

describe('cutover report --live', () => {
  const scratch = useScratchStores();

  it('reads pg_shadow_read_counts from the live database and renders in headless Chromium', async () => {
    await scratchQuery(scratch.pg, `INSERT INTO pg_shadow_read_counts (domain, method, outcome, rule, count) VALUES ('user', 'findById', 'match', '', 4990), ('user', 'findById', 'mismatch', '', 2), ('user', 'list', 'ignored', 'order', 7)`);
    await scratchQuery(scratch.pg, `INSERT INTO pg_shadow_read_mismatches (domain, method, args, primary_answer, mirror_answer) VALUES ('user', 'findById', '[]', '{}', '{}'), ('user', 'findById', '[]', '{}', '{}')`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cutover-readiness-'));
    writeFileSync(path.join(dir, 'check.json'), JSON.stringify(report));
    const html = path.join(dir, 'r.html');
    const r = await runCutover(['report', '--from', path.join(dir, 'check.json'), '--live', '--html', html, '--min-live-reads', '1000'], { PG_URL: scratch.pg.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| user |'))!;
    expect(row).toMatch(/\| 2 of 4,992 \(rate 0\.0401%, 95% upper bound [0-9.]+%\); 7 ignored by rules; 2 mismatches recorded/);
    expect(row).toMatch(/\| 0 of 40 .*95% upper bound/); // the synthetic column, apart
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script|https?:\/\/|<link|<img/);
    expect(page).toMatch(/<p class="summary">0 of 4 domains ready for read cutover; 1 failing, 3 blocked/);

    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
    expect(chromium, 'headless Chromium is needed (Debian package chromium; .ci/run installs it)').toBeDefined();
    const shot = path.join(dir, 'readiness.png');
    const dom = execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--dump-dom', `file://${html}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(dom).toMatch(/<section class="card failed"><h2>payment/); // the browser parsed the page: cards, failing first
    execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', '--window-size=1400,1000', `--screenshot=${shot}`, `file://${html}`], { stdio: 'ignore' });
    expect(statSync(shot).size).toBeGreaterThan(10_000); // a blank page compresses to a few hundred bytes
    console.log(`readiness screenshot: ${shot}`);
  });
});
