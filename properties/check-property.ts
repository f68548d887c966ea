/**
 * Runs a fast-check property and turns its report into a `PropertyOutcome` the harness can
 * print: pass/fail, runs, seed, the shrunk counterexample and its replay path.
 */
import fc from 'fast-check';
import { redactText } from '../harness/redact.ts';

/** Options every property run takes (the CLI's `--runs`, `--seed`, `--path`). */
export interface PropertyOptions {
  /** Number of runs (generated inputs); default 100. */
  readonly runs?: number;
  /** Seed to reproduce a run; random when absent. */
  readonly seed?: number;
  /**
   * Replay path of a counterexample (with `seed`): runs exactly that case. For command sequences
   * it is fast-check's path, `@`, and the `fc.commands` replay path (`12:0:3@AAAB:E`).
   */
  readonly path?: string;
}

/** What a property run found. */
export interface PropertyOutcome {
  readonly passed: boolean;
  /** Runs executed (including the failing one, excluding shrinking attempts). */
  readonly runs: number;
  readonly seed: number;
  /** Replay path of the shrunk counterexample. */
  readonly path?: string;
  /** The shrunk counterexample, printed. */
  readonly counterexample?: string;
  /** The failure message of the shrunk counterexample. */
  readonly error?: string;
  readonly shrinks?: number;
}

/**
 * Checks `property`; never throws for a property failure (it is reported in the outcome).
 * `format` prints the counterexample tuple (default: fast-check's own printer).
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IAsyncProperty<Ts>,
  options: PropertyOptions,
  format: (counterexample: Ts) => string = (c) => fc.stringify(c),
  commandsReplayPath?: (counterexample: Ts) => string | undefined,
): Promise<PropertyOutcome> {
  const params: fc.Parameters<Ts> = { numRuns: options.runs ?? 100 };
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.path !== undefined) params.path = splitPath(options.path).path;
  const details = await fc.check(property, params);
  if (!details.failed) return { passed: true, runs: details.numRuns, seed: details.seed };
  const err = details.errorInstance;
  const message = err instanceof Error ? err.message : String(err);
  const out: PropertyOutcome = {
    passed: false,
    runs: details.numRuns,
    seed: details.seed,
    error: redactText(message),
    shrinks: details.numShrinks,
  };
  if (details.counterexamplePath !== null) {
    const rp = details.counterexample !== null ? commandsReplayPath?.(details.counterexample) : undefined;
    Object.assign(out, { path: rp ? `${details.counterexamplePath}@${rp}` : details.counterexamplePath });
  }
  if (details.counterexample !== null) Object.assign(out, { counterexample: redactText(format(details.counterexample)) });
  return out;
}

/** Splits a replay path into fast-check's path and the `fc.commands` replay path (if any). */
export function splitPath(path: string): { path: string; commands?: string } {
  const at = path.indexOf('@');
  return at < 0 ? { path } : { path: path.slice(0, at), commands: path.slice(at + 1) };
}
