/**
 * The readiness report (`cutover report`): per domain, the columns a hand-written cutover status
 * page would have, where every cell comes from evidence that was produced (with its time), and a
 * cell with no evidence says so, never a guess.
 *
 * Evidence is judged, not just shown: a parity cell states the counts compared and says "no data"
 * when both sides were empty (0 documents against 0 rows proves nothing); the live shadow-read
 * column reads production's `pg_shadow_read_counts` when given the live database, and the check's
 * generated traffic stays in its own "synthetic" column; and a domain is "ready for read cutover"
 * only when every threshold of {@link ReadinessThresholds} holds, otherwise the page names the
 * unmet ones. (A page that said "zero diff" and "ready" over empty sets and 25-67 generated
 * comparisons was not evidence for a cutover.)
 */
import type { CheckReport, CheckResult } from '../results.ts';
import { formatMs } from './grid.ts';
import { formatRate, rateUpperBound } from './rate.ts';

/** Cross-store parity per domain, from `cutover verify` (optional input). */
export interface ParityEvidence {
  readonly domain: string;
  /** Mongo documents and Postgres rows the verify compared (0 and 0: "no data"). */
  readonly mongoDocuments?: number;
  readonly postgresRows?: number;
  readonly zeroDiff: boolean;
  readonly differences: number;
  readonly openGaps: number;
  readonly durationMs: number;
  readonly checkedAt: string;
}

/** Shadow-read counts of one domain from the live database (`pg_shadow_read_counts`). */
export interface LiveShadowEvidence {
  readonly domain: string;
  readonly match: number;
  readonly mismatch: number;
  readonly error: number;
  readonly ignored: number;
  /** Rows of `pg_shadow_read_mismatches` for the domain (the mismatches kept for inspection). */
  readonly recordedMismatches: number;
}

/**
 * What "ready for read cutover" requires; every field is configurable (`cutover report
 * --min-live-reads N --max-mismatch-rate R`).
 */
export interface ReadinessThresholds {
  /** Live shadow-read comparisons (match + mismatch + error) at least. Default 1,000. */
  readonly minLiveComparisons: number;
  /** The one-sided 95% upper bound on the live mismatch rate below this (a fraction). Default 0.005 (0.5%). */
  readonly maxMismatchUpperBound: number;
}

/** The defaults of {@link ReadinessThresholds}. */
export const DEFAULT_THRESHOLDS: ReadinessThresholds = { minLiveComparisons: 1000, maxMismatchUpperBound: 0.005 };

/** Optional inputs of the report beyond the check report. */
export interface ReadinessInputs {
  readonly parity?: readonly ParityEvidence[];
  /** Live counts; `undefined` when the live database was not given (the column then says so). */
  readonly live?: readonly LiveShadowEvidence[];
  readonly thresholds?: ReadinessThresholds;
}

/** One cell: a verdict and the evidence behind it. */
export interface ReadinessCell {
  readonly state: 'ok' | 'failed' | 'partial' | 'none';
  readonly text: string;
}

/** A mismatch rate: `k` of `n`, the rate and its one-sided 95% upper bound (fractions). */
export interface RateEvidence {
  readonly k: number;
  readonly n: number;
  readonly rate: number;
  readonly upper: number;
}

/** One row of the report. */
export interface ReadinessRow {
  readonly domain: string;
  readonly cells: Readonly<Record<ReadinessColumn, ReadinessCell>>;
  /** Thresholds not met (empty when ready), in words: `parity: no data (0 documents, 0 rows compared)`. */
  readonly unmet: readonly string[];
  /** Live mismatch rate, when live counts exist. */
  readonly liveRate?: RateEvidence;
  /** Synthetic (check traffic) mismatch rate. */
  readonly syntheticRate?: RateEvidence;
}

/** The columns, in order. */
export const READINESS_COLUMNS = ['schema', 'mongo repo', 'drizzle repo', 'dualwrite', 'contract', 'properties', 'backfill parity', 'live shadow reads', 'synthetic shadow reads', 'open gaps', 'phase'] as const;
/** A column name. */
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

const rateOf = (k: number, n: number): RateEvidence => ({ k, n, rate: n ? k / n : 0, upper: rateUpperBound(k, n) });
const pct = (x: number) => `${(x * 100).toPrecision(3).replace(/\.?0+$/, '')}%`;

/**
 * Builds the rows from a check report and the optional evidence, failing domains first, then
 * blocked, then ready (each by name).
 */
export function readinessRows(report: CheckReport, inputs: ReadinessInputs = {}): ReadinessRow[] {
  const parity = inputs.parity ?? [];
  const t = inputs.thresholds ?? DEFAULT_THRESHOLDS;
  const schema = summarize(report.results.filter((r) => r.domain === 'schema'));
  const domains = [...new Set(report.results.map((r) => r.domain))].filter((d) => d !== 'schema');
  const rows = domains.map((domain): ReadinessRow => {
    const mine = report.results.filter((r) => r.domain === domain);
    const of = (impl: string) => mine.filter((r) => r.implementation === impl && (r.check === 'examples' || r.check === 'model-based'));
    const shadow = mine.find((r) => r.check === 'shadow-reads' && r.implementation === 'dual');
    const baseline = mine.find((r) => r.check === 'shadow-reads' && r.implementation === 'mongo');
    const p = parity.find((x) => x.domain === domain);
    const live = inputs.live?.find((x) => x.domain === domain);
    const liveRate = live ? rateOf(live.mismatch + live.error, live.match + live.mismatch + live.error) : undefined;
    const m = shadow?.metrics;
    const syntheticRate = m ? rateOf((m.mismatch ?? 0) + (m.error ?? 0), (m.match ?? 0) + (m.mismatch ?? 0) + (m.error ?? 0)) : undefined;
    const cells: Record<ReadinessColumn, ReadinessCell> = {
      schema,
      'mongo repo': summarize(of('mongo')),
      'drizzle repo': summarize(of('drizzle')),
      dualwrite: summarize([...of('dual'), ...of('dual-pg')]),
      contract: summarize(of('model')),
      properties: summarize(mine.filter((r) => !['examples', 'model-based', 'shadow-reads'].includes(r.check))),
      'backfill parity': parityCell(p),
      'live shadow reads': liveCell(inputs.live, live, liveRate, t),
      'synthetic shadow reads': shadowCell(shadow, baseline),
      'open gaps': p ? { state: p.openGaps === 0 ? 'ok' : 'failed', text: `${p.openGaps} open` } : none('not run (needs cutover verify)'),
      phase: none(),
    };
    const unmet = unmetThresholds(cells, p, liveRate, t);
    cells.phase = phaseOf(cells, unmet);
    return { domain, cells, unmet, ...(liveRate && { liveRate }), ...(syntheticRate && { syntheticRate }) };
  });
  const rank = (r: ReadinessRow) => (r.cells.phase.state === 'failed' ? 0 : r.cells.phase.state === 'ok' ? 2 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || a.domain.localeCompare(b.domain));
}

function parityCell(p: ParityEvidence | undefined): ReadinessCell {
  if (!p) return none('not run (needs cutover verify)');
  const counted = p.mongoDocuments !== undefined;
  const counts = counted ? ` over ${p.mongoDocuments} documents / ${p.postgresRows ?? 0} rows` : '';
  if (counted && p.mongoDocuments === 0 && (p.postgresRows ?? 0) === 0) return { state: 'none', text: `no data (0 documents, 0 rows compared; ${p.checkedAt})` };
  if (!p.zeroDiff) return { state: 'failed', text: `${p.differences} differences${counts} (${formatMs(p.durationMs)}, ${p.checkedAt})` };
  return { state: counted ? 'ok' : 'partial', text: `zero diff${counts} (${formatMs(p.durationMs)}, ${p.checkedAt})` };
}

function liveCell(all: readonly LiveShadowEvidence[] | undefined, live: LiveShadowEvidence | undefined, r: RateEvidence | undefined, t: ReadinessThresholds): ReadinessCell {
  if (!all) return none('not read (give the live database: cutover report --live with PG_URL)');
  if (!live || !r || r.n === 0) return { state: 'none', text: 'no data (0 live comparisons in pg_shadow_read_counts)' };
  const ignored = live.ignored ? `; ${live.ignored} ignored by rules` : '';
  const ok = r.n >= t.minLiveComparisons && r.upper < t.maxMismatchUpperBound;
  const state = ok ? 'ok' : r.k > 0 && r.rate >= t.maxMismatchUpperBound ? 'failed' : 'partial';
  return { state, text: `${formatRate(r.k, r.n)}${ignored}; ${live.recordedMismatches} mismatches recorded` };
}

/** Every threshold of "ready for read cutover" the evidence does not meet, in words. */
function unmetThresholds(c: Record<ReadinessColumn, ReadinessCell>, p: ParityEvidence | undefined, live: RateEvidence | undefined, t: ReadinessThresholds): string[] {
  const out: string[] = [];
  const required = ['schema', 'mongo repo', 'drizzle repo', 'dualwrite', 'contract'] as const;
  const notPassed = [...required.filter((k) => c[k].state !== 'ok'), ...(['properties', 'synthetic shadow reads'] as const).filter((k) => c[k].state === 'failed')];
  if (notPassed.length) out.push(`all checks passed: not ${notPassed.join(', ')}`);
  if (!p) out.push('parity: no cutover verify report');
  else if (p.mongoDocuments === undefined) out.push('parity: the verify report does not say how many records it compared');
  else if (p.mongoDocuments === 0 && (p.postgresRows ?? 0) === 0) out.push('parity: no data (0 documents, 0 rows compared)');
  else if (!p.zeroDiff) out.push(`parity: ${p.differences} differences (needs zero)`);
  if (p && p.openGaps > 0) out.push(`open gaps: ${p.openGaps} (needs 0)`);
  if (!live || live.n === 0) out.push(`live shadow reads: none read (needs at least ${t.minLiveComparisons})`);
  else {
    if (live.n < t.minLiveComparisons) out.push(`live shadow reads: ${live.n} comparisons (needs at least ${t.minLiveComparisons})`);
    if (live.upper >= t.maxMismatchUpperBound) out.push(`live mismatch rate: 95% upper bound ${pct(live.upper)} (needs below ${pct(t.maxMismatchUpperBound)})`);
  }
  return out;
}

/** The pipeline stages a domain goes through, in order. */
export const STAGES = ['dual write', 'backfill', 'parity', 'shadow reads', 'cutover'] as const;

/** How far along the pipeline a row's evidence goes: each stage ok, failed, partial or not shown. */
export function stagesOf(row: ReadinessRow): Record<(typeof STAGES)[number], ReadinessCell['state']> {
  const c = row.cells;
  const repos = (['schema', 'mongo repo', 'drizzle repo', 'contract', 'dualwrite'] as const).map((k) => c[k].state);
  return {
    'dual write': repos.includes('failed') ? 'failed' : repos.every((s) => s === 'ok') ? 'ok' : 'partial',
    backfill: c['open gaps'].state,
    parity: c['backfill parity'].state,
    'shadow reads': c['live shadow reads'].state,
    cutover: row.unmet.length === 0 ? 'ok' : 'none',
  };
}

/** The verdict: ready when no threshold is unmet, else failing (some evidence failed) or blocked, with what stops it. */
function phaseOf(c: Record<ReadinessColumn, ReadinessCell>, unmet: readonly string[]): ReadinessCell {
  if (unmet.length === 0) return { state: 'ok', text: 'ready for read cutover' };
  const failing = READINESS_COLUMNS.some((k) => k !== 'phase' && c[k].state === 'failed');
  return { state: failing ? 'failed' : 'partial', text: `${failing ? 'failing' : 'blocked'}: ${unmet.join('; ')}` };
}

/** `1 of 20 domains ready for read cutover; 2 failing, 17 blocked — unmet: live shadow reads (19), parity (5)`. */
export function readinessSummary(rows: readonly ReadinessRow[]): string {
  const ready = rows.filter((r) => r.cells.phase.state === 'ok').length;
  const failing = rows.filter((r) => r.cells.phase.state === 'failed').length;
  const blocked = rows.length - ready - failing;
  const reasons = new Map<string, number>();
  for (const r of rows) for (const key of new Set(r.unmet.map((u) => u.split(':')[0]!))) reasons.set(key, (reasons.get(key) ?? 0) + 1);
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k} (${n})`);
  return `${ready} of ${rows.length} domains ready for read cutover; ${failing} failing, ${blocked} blocked${top.length ? ` — unmet: ${top.join(', ')}` : ''}`;
}

function thresholdsLine(t: ReadinessThresholds): string {
  return (
    `Ready for read cutover means: every check passed, backfill parity at zero diff over a non-empty set, 0 open gaps, at least ${t.minLiveComparisons} live shadow-read comparisons, ` +
    `and a 95% upper bound on the live mismatch rate below ${pct(t.maxMismatchUpperBound)} (set them with --min-live-reads and --max-mismatch-rate). ` +
    "Synthetic shadow reads come from the check's generated traffic and are not live evidence. Bounds are one-sided 95% Clopper-Pearson upper bounds."
  );
}

/** The report as Markdown: the summary line, one row per domain (failing and blocked first), the thresholds. */
export function readinessMarkdown(report: CheckReport, inputs: ReadinessInputs = {}): string {
  const rows = readinessRows(report, inputs);
  const esc = (x: string) => x.replace(/\|/g, '\\|');
  return [
    '# Cutover readiness',
    '',
    `**${readinessSummary(rows)}**`,
    '',
    `From \`cutover check\` of ${report.startedAt} (${formatMs(report.durationMs)}, ${report.options.runs} runs per property) on ${report.environment.postgres} and ${report.environment.mongo}.`,
    '',
    `| domain | ${READINESS_COLUMNS.join(' | ')} |`,
    `|---|${READINESS_COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.domain} | ${READINESS_COLUMNS.map((c) => esc(r.cells[c].text)).join(' | ')} |`),
    '',
    thresholdsLine(inputs.thresholds ?? DEFAULT_THRESHOLDS),
    '',
  ].join('\n');
}

/** A bar for a mismatch rate: the rate filled, the 95% upper bound as a lighter band behind it, on a scale of `scale` (a fraction). */
function rateBar(label: string, r: RateEvidence | undefined, scale: number, esc: (x: string) => string): string {
  if (!r || r.n === 0) return `<div class="bar-row"><span class="bar-label">${label}</span><span class="muted">no data</span></div>`;
  const w = (x: number) => `${Math.min(100, (x / scale) * 100).toFixed(1)}%`;
  const text = `${pct(r.rate)}, upper bound ${pct(r.upper)} (n=${r.n.toLocaleString('en-US')})`;
  return `<div class="bar-row"><span class="bar-label">${label}</span><span class="bar" role="img" aria-label="${esc(`${label}: ${text}`)}"><span class="bound" style="width:${w(r.upper)}"></span><span class="rate" style="width:${w(r.rate)}"></span></span><span class="bar-text">${esc(text)}</span></div>`;
}

/**
 * The report as one self-contained HTML page (inline CSS, no scripts, no external requests): a
 * summary line, then one card per domain, failing and blocked first, with its pipeline, what
 * blocks it, its mismatch-rate bars (live and synthetic, each with its 95% upper bound) and the
 * full evidence table.
 */
export function readinessHtml(report: CheckReport, inputs: ReadinessInputs = {}): string {
  const rows = readinessRows(report, inputs);
  const t = inputs.thresholds ?? DEFAULT_THRESHOLDS;
  const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const scale = Math.max(t.maxMismatchUpperBound * 2, ...rows.flatMap((r) => [r.liveRate?.upper ?? 0, r.syntheticRate?.upper ?? 0]));
  const limit = `${Math.min(100, (t.maxMismatchUpperBound / scale) * 100).toFixed(1)}%`;
  const cards = rows
    .map((r) => {
      const stages = stagesOf(r);
      const pipeline = STAGES.map((st) => `<li class="${stages[st]}">${esc(st)}</li>`).join('');
      const unmet = r.unmet.length ? `<ul class="unmet">${r.unmet.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>` : '<p class="ready">every threshold holds</p>';
      const cells = READINESS_COLUMNS.filter((c) => c !== 'phase')
        .map((c) => `<tr><th>${esc(c)}</th><td class="${r.cells[c].state}">${esc(r.cells[c].text)}</td></tr>`)
        .join('');
      const verdict = r.cells.phase.state === 'ok' ? 'ready' : r.cells.phase.state === 'failed' ? 'failing' : 'blocked';
      return `<section class="card ${r.cells.phase.state}"><h2>${esc(r.domain)} <span class="verdict">${verdict}</span></h2>
<ol class="pipeline">${pipeline}</ol>
${unmet}
<div class="bars" style="--limit:${limit}">${rateBar('live', r.liveRate, scale, esc)}${rateBar('synthetic', r.syntheticRate, scale, esc)}</div>
<details><summary>evidence</summary><table>${cells}</table></details></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cutover readiness</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem 2rem;color:#202124;background:#fafafa}
h1{margin:0 0 .3rem}.summary{font-size:1.25rem;font-weight:600;margin:.2rem 0 .6rem}.muted,.source{color:#5f6368}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #dadce0;border-left:6px solid #9aa0a6;border-radius:6px;padding:.7rem 1rem}
.card.ok{border-left-color:#188038}.card.failed{border-left-color:#d93025}.card.partial{border-left-color:#f9ab00}
.card h2{font-size:1.1rem;margin:0 0 .4rem}.verdict{font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;background:#f1f3f4;vertical-align:middle}
.card.ok .verdict{background:#e6f4ea;color:#188038}.card.failed .verdict{background:#fce8e6;color:#d93025}.card.partial .verdict{background:#fef7e0;color:#b06000}
.pipeline{display:flex;list-style:none;padding:0;margin:.3rem 0;gap:2px}.pipeline li{flex:1;text-align:center;font-size:.75rem;padding:.25rem .1rem;background:#f1f3f4;color:#5f6368}
.pipeline li:first-child{border-radius:4px 0 0 4px}.pipeline li:last-child{border-radius:0 4px 4px 0}
.pipeline li.ok{background:#188038;color:#fff}.pipeline li.failed{background:#d93025;color:#fff}.pipeline li.partial{background:#f9ab00;color:#202124}
.unmet{margin:.3rem 0;padding-left:1.2rem;color:#3c4043}.ready{color:#188038;margin:.3rem 0}
.bar-row{display:flex;align-items:center;gap:.5rem;margin:.2rem 0;font-size:.8rem}.bar-label{width:5rem;color:#5f6368}
.bar{position:relative;flex:1;height:.8rem;background:#f1f3f4;border-radius:3px;overflow:hidden}
.bar::after{content:"";position:absolute;left:var(--limit);top:0;bottom:0;border-left:2px dashed #202124}
.bar .bound{position:absolute;left:0;top:0;bottom:0;background:#fad2cf}.bar .rate{position:absolute;left:0;top:0;bottom:0;background:#d93025}
.bar-text{width:15rem}
details{margin-top:.4rem}table{border-collapse:collapse;width:100%;font-size:.8rem}th,td{border:1px solid #e0e0e0;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.ok{background:#e6f4ea}td.failed{background:#fce8e6}td.partial{background:#fef7e0}td.none{background:#f1f3f4;color:#5f6368}
</style></head><body>
<h1>Cutover readiness</h1>
<p class="summary">${esc(readinessSummary(rows))}</p>
<p class="source">From <code>cutover check</code> of ${esc(report.startedAt)} (${esc(formatMs(report.durationMs))}, ${report.options.runs} runs per property) on ${esc(report.environment.postgres)} and ${esc(report.environment.mongo)}.</p>
<div class="cards">
${cards}
</div>
<p class="muted">${esc(thresholdsLine(t))} The dashed line on each bar is the limit. Every cell comes from evidence that was produced; "no evidence" and "no data" mean none.</p>
</body></html>
`;
}
