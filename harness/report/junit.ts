/**
 * JUnit XML reporter (for CI dashboards): one `<testsuite>` per domain, one `<testcase>` per
 * check and implementation. A check that did not run is `<skipped>` with its reason, never a pass.
 */
import { create } from 'xmlbuilder2';
import type { CheckReport } from '../results.ts';

/** The report as a JUnit XML document. */
export function formatJUnitReport(report: CheckReport): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'cutover check',
    tests: report.results.length,
    failures: report.results.filter((r) => r.status === 'failed').length,
    skipped: report.results.filter((r) => r.status === 'not-run').length,
    time: (report.durationMs / 1000).toFixed(3),
  });
  const domains = [...new Set(report.results.map((r) => r.domain))];
  for (const domain of domains) {
    const mine = report.results.filter((r) => r.domain === domain);
    const suite = root.ele('testsuite', {
      name: domain,
      tests: mine.length,
      failures: mine.filter((r) => r.status === 'failed').length,
      skipped: mine.filter((r) => r.status === 'not-run').length,
      time: (mine.reduce((s, r) => s + r.durationMs, 0) / 1000).toFixed(3),
      timestamp: report.startedAt,
    });
    for (const r of mine) {
      const tc = suite.ele('testcase', { classname: `cutover.${domain}.${r.check}`, name: r.implementation, time: (r.durationMs / 1000).toFixed(3) });
      if (r.status === 'not-run') tc.ele('skipped', { message: r.reason ?? 'not run here' });
      if (r.status === 'failed') {
        const f = r.failure;
        const body = [f?.counterexample && `Shrunk counterexample:\n${f.counterexample}`, f?.message, f?.replay && `Replay: ${f.replay}`].filter(Boolean).join('\n\n');
        const message = (f?.message ?? 'failed').replace(/\s+/g, ' ').trim();
        tc.ele('failure', { message: message.length > 300 ? `${message.slice(0, 297)}...` : message, type: r.check }).txt(body);
      }
    }
  }
  return root.end({ prettyPrint: true });
}
