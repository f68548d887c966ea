/** Markdown reporter: the same grid as the console, for a pull-request comment or a wiki page. */
import { summarize, type CheckReport, type CheckResult } from '../results.ts';
import { formatMs, grid } from './grid.ts';

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function cell(r: CheckResult | undefined): string {
  if (!r) return '';
  if (r.status === 'passed') return `passed (${r.runs ?? '-'} runs, ${formatMs(r.durationMs)})`;
  if (r.status === 'failed') return '**FAILED**';
  return `not run here: ${escape(r.reason ?? '')}`;
}

/** The report as Markdown. */
export function formatMarkdownReport(report: CheckReport): string {
  const { columns, rows } = grid(report.results);
  const s = summarize(report.results);
  const out = [
    `# cutover check`,
    '',
    `${s.passed} passed, ${s.failed} failed, ${s['not-run']} not run here; ${report.options.runs} runs per property; ${formatMs(report.durationMs)}.`,
    `Postgres: ${report.environment.postgres}. Mongo: ${report.environment.mongo}.`,
    '',
    `| domain | check | ${columns.join(' | ')} |`,
    `|---|---|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.domain} | ${r.check} | ${columns.map((c) => cell(r.cells.get(c))).join(' | ')} |`),
  ];
  for (const r of report.results.filter((x) => x.status === 'failed')) {
    out.push('', `## FAILED ${r.domain} / ${r.check} / ${r.implementation}`, '', '```', r.failure?.counterexample ?? '', r.failure?.message ?? '', '```');
    if (r.failure?.replay) out.push('', `Replay: \`${r.failure.replay}\``);
  }
  return out.join('\n') + '\n';
}
