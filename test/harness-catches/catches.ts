/**
 * Shared assertion of the seeded-fault tests: `runChecks` on a registry with one mutant must fail
 * the named check with a shrunk counterexample and a replay line, and replaying that line (same
 * seed and path) must fail again with the same counterexample.
 */
import { expect } from 'vitest';
import type { DomainDefinition } from '../../contracts/domain.ts';
import { runChecks, type RunOptions } from '../../harness/runner.ts';
import type { CheckResult } from '../../harness/results.ts';
import { sharedServers } from '../support.ts';

export interface Catch {
  readonly registry: readonly DomainDefinition[];
  readonly domain: string;
  readonly check: string;
  readonly implementation: string;
  readonly runs?: number;
  readonly seed?: number;
  /**
   * False for a check whose failure depends on thread timing (concurrent writers): its replay
   * line reproduces the inputs, not the interleaving, so the replay is not asserted to fail.
   */
  readonly deterministic?: boolean;
  /** Further run options, kept for the replay (for example `cutoverTools`: a seeded fault in verify). */
  readonly options?: Pick<RunOptions, 'cutoverTools'>;
}

/** Runs the check, asserts it failed as described, replays it; returns the failing result. */
export async function expectCaught(c: Catch): Promise<CheckResult> {
  const servers = await sharedServers();
  const select = { ...c.options, registry: c.registry, domains: [c.domain], checks: [c.check], implementations: [c.implementation], servers };
  const report = await runChecks({ ...select, runs: c.runs ?? 100, seed: c.seed ?? 1 });
  const [result] = report.results;
  expect(report.results).toHaveLength(1);
  expect(result!.status, `the seeded fault was not caught by ${c.check} on ${c.implementation}`).toBe('failed');
  const f = result!.failure!;
  expect(f.counterexample).toBeTruthy();
  expect(f.replay).toMatch(new RegExp(`--domain ${c.domain} --check ${c.check} --impl ${c.implementation} --seed -?\\d+ --path [\\d:]+(@[A-Za-z0-9+/:]+)?$`));

  if (c.deterministic === false) return result!;
  const replayed = await runChecks({ ...select, seed: f.seed!, path: f.path! });
  expect(replayed.results[0]!.status).toBe('failed');
  expect(replayed.results[0]!.failure!.counterexample).toBe(f.counterexample);
  return result!;
}
