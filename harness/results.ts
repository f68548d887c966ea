/**
 * The shapes of a check run's results, shared by the runner and every reporter.
 *
 * @public
 */
import type { ExampleResult } from '../properties/examples.ts';

/** `not-run`: the check could not run here (a missing server capability); never counted as passed. */
export type CheckStatus = 'passed' | 'failed' | 'not-run';

/** A failure, with what a developer needs to reproduce it. */
export interface CheckFailure {
  readonly message: string;
  /** The shrunk counterexample (a command sequence or an input), printed. */
  readonly counterexample?: string;
  readonly seed?: number;
  readonly path?: string;
  /** A command line that replays exactly this counterexample. */
  readonly replay?: string;
}

/** One cell of the report: domain x check x implementation. */
export interface CheckResult {
  readonly domain: string;
  readonly check: string;
  /** `model`, `mongo`, `drizzle`, `dual`, `postgres` or `all`. */
  readonly implementation: string;
  readonly status: CheckStatus;
  /** Wall time of the check, ms. */
  readonly durationMs: number;
  /** Property runs (or examples) executed. */
  readonly runs?: number;
  /** Why the check did not run (status `not-run`). */
  readonly reason?: string;
  readonly failure?: CheckFailure;
  /** Counters a check reports (shadow reads: `match`, `mismatch`, `ignored`, `error` comparisons). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Per-example results of an `examples` check. */
  readonly examples?: readonly ExampleResult[];
}

/** Where the check ran (credential-free). */
export interface RunEnvironment {
  readonly postgres: string;
  readonly mongo: string;
  readonly mongoCapabilities: Readonly<Record<string, string | boolean | number>>;
  readonly pgReset: string;
  readonly templateMigrateMs: number;
  readonly node: string;
  readonly tz: string;
}

/** Everything `cutover check` found. */
export interface CheckReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: RunEnvironment;
  readonly options: { readonly runs: number; readonly heavyRuns?: number; readonly seed?: number; readonly path?: string };
  readonly results: readonly CheckResult[];
}

/** Counts per status. */
export function summarize(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const out: Record<CheckStatus, number> = { passed: 0, failed: 0, 'not-run': 0 };
  for (const r of results) out[r.status]++;
  return out;
}
