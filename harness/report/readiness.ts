/**
 * The readiness report (`cutover report`): per domain, the columns a hand-written cutover status
 * page would have — schema, Mongo repo, Drizzle repo, DualWrite, contract, properties, backfill
 * parity, shadow-read mismatch rate, open gaps, phase — where every cell comes from a check that
 * ran (with its time), and a cell with no evidence says "no evidence", never a guess.
 */
import type { CheckReport, CheckResult } from '../results.ts';
import { formatMs } from './grid.ts';
import { formatRate } from './rate.ts';

/** Cross-store parity per domain, from `cutover verify` (optional input). */
export interface ParityEvidence {
  readonly domain: string;
  readonly zeroDiff: boolean;
  readonly differences: number;
  readonly openGaps: number;
  readonly durationMs: number;
  readonly checkedAt: string;
}

/** One cell: a verdict and the evidence behind it. */
export interface ReadinessCell {
  readonly state: 'ok' | 'failed' | 'partial' | 'none';
  readonly text: string;
}

/** One row of the report. */
export interface ReadinessRow {
  readonly domain: string;
  readonly cells: Readonly<Record<ReadinessColumn, ReadinessCell>>;
}

export const READINESS_COLUMNS = ['schema', 'mongo repo', 'drizzle repo', 'dualwrite', 'contract', 'properties', 'backfill parity', 'shadow reads', 'open gaps', 'phase'] as const;
export type ReadinessColumn = (typeof READINESS_COLUMNS)[number];

const none = (why = 'no evidence'): ReadinessCell => ({ state: 'none', text: why });

/** Verdict over a set of results: all passed, any failed, or some not run. */
function summarize(results: readonly CheckResult[]): ReadinessCell {
  if (results.length === 0) return none();
  const ms = formatMs(results.reduce((s, r) => s + r.durationMs, 0));
  const failed = results.filter((r) => r.status === 'failed');
  const notRun = results.filter((r) => r.status === 'not-run');
  const names = (rs: readonly CheckResult[]) => rs.map((r) => `${r.check}/${r.implementation}`).join(', ');
  if (failed.length) return { state: 'failed', text: `FAILED: ${names(failed)} (${ms})` };
  if (notRun.length) return { state: 'partial', text: `${results.length - notRun.length} passed, not run: ${names(notRun)} (${ms})` };
  return { state: 'ok', text: `${results.length} passed (${ms})` };
}

/** Builds the rows from a check report and optional parity evidence. */
export function readinessRows(report: CheckReport, parity: readonly ParityEvidence[] = []): ReadinessRow[] {
  const schema = summarize(report.results.filter((r) => r.domain === 'schema'));
  const domains = [...new Set(report.results.map((r) => r.domain))].filter((d) => d !== 'schema');
  return domains.map((domain) => {
    const mine = report.results.filter((r) => r.domain === domain);
    const of = (impl: string) => mine.filter((r) => r.implementation === impl && (r.check === 'examples' || r.check === 'model-based'));
    const shadow = mine.find((r) => r.check === 'shadow-reads' && r.implementation === 'dual');
    const baseline = mine.find((r) => r.check === 'shadow-reads' && r.implementation === 'mongo');
    const p = parity.find((x) => x.domain === domain);
    const cells: Record<ReadinessColumn, ReadinessCell> = {
      schema,
      'mongo repo': summarize(of('mongo')),
      'drizzle repo': summarize(of('drizzle')),
      dualwrite: summarize(of('dual')),
      contract: summarize(of('model')),
      properties: summarize(mine.filter((r) => !['examples', 'model-based', 'shadow-reads'].includes(r.check))),
      'backfill parity': p
        ? { state: p.zeroDiff ? 'ok' : 'failed', text: `${p.zeroDiff ? 'zero diff' : `${p.differences} differences`} (${formatMs(p.durationMs)}, ${p.checkedAt})` }
        : none('not run (needs cutover verify)'),
      'shadow reads': shadowCell(shadow, baseline),
      'open gaps': p ? { state: p.openGaps === 0 ? 'ok' : 'failed', text: `${p.openGaps} open` } : none('not run (needs cutover verify)'),
      phase: none(),
    };
    cells.phase = phaseOf(cells);
    return { domain, cells };
  });
}

function shadowCell(ab: CheckResult | undefined, aa: CheckResult | undefined): ReadinessCell {
  const m = ab?.metrics;
  if (!ab || !m) return none();
  const n = (m.match ?? 0) + (m.mismatch ?? 0) + (m.error ?? 0);
  const k = (m.mismatch ?? 0) + (m.error ?? 0);
  const base = aa?.metrics ? `; A/A baseline ${formatRate(aa.metrics.mismatch ?? 0, (aa.metrics.match ?? 0) + (aa.metrics.mismatch ?? 0))}` : '; no A/A baseline';
  const ignored = m.ignored ? `; ${m.ignored} ignored by rules` : '';
  const state = k === 0 && ab.status === 'passed' && aa?.status === 'passed' ? 'ok' : k > 0 || ab.status === 'failed' ? 'failed' : 'partial';
  return { state, text: `${formatRate(k, n)}${ignored}${base} (${formatMs(ab.durationMs)})` };
}

/**
 * The furthest phase the evidence supports (DESIGN.md section 1): dual write -> backfill ->
 * shadow reads at zero diff -> ready for read cutover.
 */
function phaseOf(c: Record<ReadinessColumn, ReadinessCell>): ReadinessCell {
  const ok = (col: ReadinessColumn) => c[col].state === 'ok';
  if (!ok('schema') || !ok('mongo repo') || !ok('drizzle repo') || !ok('contract')) return { state: 'failed', text: 'not ready for dual write' };
  if (!ok('dualwrite')) return { state: 'partial', text: 'repositories pass; dual write not proven' };
  if (!ok('backfill parity') || !ok('open gaps')) return { state: 'partial', text: 'dual write proven; backfill parity not shown' };
  if (!ok('shadow reads')) return { state: 'partial', text: 'backfilled at zero diff; shadow reads not at zero' };
  return { state: 'ok', text: 'ready for read cutover' };
}

/** The report as Markdown. */
export function readinessMarkdown(report: CheckReport, parity: readonly ParityEvidence[] = []): string {
  const rows = readinessRows(report, parity);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '# Cutover readiness',
    '',
    `From \`cutover check\` of ${report.startedAt} (${formatMs(report.durationMs)}, ${report.options.runs} runs per property) on ${report.environment.postgres} and ${report.environment.mongo}.`,
    '',
    `| domain | ${READINESS_COLUMNS.join(' | ')} |`,
    `|---|${READINESS_COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.domain} | ${READINESS_COLUMNS.map((c) => esc(r.cells[c].text)).join(' | ')} |`),
    '',
    'Shadow-read bounds are one-sided 95% Clopper-Pearson upper bounds on the mismatch rate.',
    '',
  ].join('\n');
}

/** The report as one self-contained HTML page (inline CSS, no scripts, no external requests). */
export function readinessHtml(report: CheckReport, parity: readonly ParityEvidence[] = []): string {
  const rows = readinessRows(report, parity);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const body = rows
    .map((r) => `<tr><th>${esc(r.domain)}</th>${READINESS_COLUMNS.map((c) => `<td class="${r.cells[c].state}">${esc(r.cells[c].text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cutover readiness</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.4rem .6rem;vertical-align:top;text-align:left}
td.ok{background:#e6f4ea}td.failed{background:#fce8e6}td.partial{background:#fef7e0}td.none{background:#f1f3f4;color:#666}
</style></head><body>
<h1>Cutover readiness</h1>
<p>From <code>cutover check</code> of ${esc(report.startedAt)} (${esc(formatMs(report.durationMs))}, ${report.options.runs} runs per property) on ${esc(report.environment.postgres)} and ${esc(report.environment.mongo)}.</p>
<table><thead><tr><th>domain</th>${READINESS_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
<p>Shadow-read bounds are one-sided 95% Clopper-Pearson upper bounds on the mismatch rate. Every cell comes from a check that ran; "no evidence" means none ran.</p>
</body></html>
`;
}

