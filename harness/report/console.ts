/**
 * Console reporter: the domain x check x implementation table, what did not run and why, and
 * each failure with its shrunk counterexample and replay line.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { summarize, type CheckReport, type CheckResult } from '../results.ts';
import { formatMs, grid } from './grid.ts';

function cell(r: CheckResult | undefined): string {
  if (!r) return '';
  if (r.status === 'passed') return pc.green(`passed ${r.runs ?? ''}`.trim()) + pc.dim(` ${formatMs(r.durationMs)}`);
  if (r.status === 'failed') return pc.red(pc.bold('FAILED'));
  return pc.yellow('not run here');
}

/** The report as text for a terminal (colours only when the stream supports them). */
export function formatConsoleReport(report: CheckReport): string {
  const { columns, rows } = grid(report.results);
  // cli-table3 colours its borders itself; keep logs and CI files free of escape codes.
  const plain = !pc.isColorSupported;
  const table = new Table({ head: ['domain', 'check', ...columns], style: plain ? { head: [], border: [] } : { head: ['cyan'] } });
  for (const row of rows) table.push([row.domain, row.check, ...columns.map((c) => cell(row.cells.get(c)))]);
  const lines = [table.toString()];

  const notRun = report.results.filter((r) => r.status === 'not-run');
  if (notRun.length) {
    lines.push('', pc.yellow(pc.bold('Not run here (not counted as passed):')));
    for (const r of notRun) lines.push(`  ${r.domain} / ${r.check} / ${r.implementation}: ${r.reason}`);
  }
  for (const r of report.results.filter((x) => x.status === 'failed')) {
    lines.push('', pc.red(pc.bold(`FAILED ${r.domain} / ${r.check} / ${r.implementation}`)));
    if (r.failure?.counterexample) lines.push(pc.bold('  Shrunk counterexample:'), indent(r.failure.counterexample, 4));
    if (r.failure?.message) lines.push(pc.bold('  Failure:'), indent(r.failure.message, 4));
    if (r.failure?.replay) lines.push(pc.bold('  Replay:'), `    ${r.failure.replay}`);
  }
  const s = summarize(report.results);
  const env = report.environment;
  lines.push(
    '',
    `postgres: ${env.postgres} | mongo: ${env.mongo} | reset: ${env.pgReset} | template migrate ${formatMs(env.templateMigrateMs)} | TZ ${env.tz}`,
    `${s.passed} passed, ${s.failed} failed, ${s['not-run']} not run here · ${report.options.path ? `replay of seed ${report.options.seed} path ${report.options.path}` : `${report.options.runs} runs per property${report.options.heavyRuns !== undefined && report.options.heavyRuns !== report.options.runs ? ` (${report.options.heavyRuns} for shadow-reads and convergence)` : ''}`} · ${formatMs(report.durationMs)}`,
  );
  return lines.join('\n');
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}
