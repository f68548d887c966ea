/**
 * The migration gate's report: one entry per step, each with its status, wall time and the
 * problems it found, named precisely (object, file, line).
 *
 * @public
 */

/** The gate's steps, in the order they are reported. */
export type MigrationStepName = 'journal' | 'fresh-apply' | 'upgrade-path' | 'catalog' | 'drift' | 'lint';

/**
 * `passed`: nothing found. `warning`: only findings that do not block (a plain `CREATE INDEX` on an
 * existing table, a dropped column ...). `failed`: at least one error, or the step could not run.
 */
export type MigrationStepStatus = 'passed' | 'failed' | 'warning';

/** One step of the gate. */
export interface MigrationCheckStep {
  readonly name: MigrationStepName;
  readonly status: MigrationStepStatus;
  /** Wall time of the step, milliseconds. */
  readonly durationMs: number;
  /**
   * One line per finding, errors prefixed `error: `, warnings `warning: `, plus unprefixed
   * lines that say what was checked (counts, statements, the SQL drizzle-kit would write).
   */
  readonly details: readonly string[];
}

/** Everything `checkMigrations` found. */
export interface MigrationCheckReport {
  /** The steps, in the order of {@link MigrationStepName}. */
  readonly steps: readonly MigrationCheckStep[];
  /** Wall time of the whole gate, milliseconds (steps partly overlap, so not their sum). */
  readonly durationMs: number;
  /** Absolute path of the migrations folder checked. */
  readonly migrationsFolder: string;
  /** Absolute path of the Drizzle schema module compared against. */
  readonly schemaFile: string;
}

/** True when no step failed; warnings do not fail the gate. */
export function migrationReportPassed(report: MigrationCheckReport): boolean {
  return report.steps.every((s) => s.status !== 'failed');
}

/**
 * The report as text: a line per step (`PASS`, `WARN` or `FAIL`, name, time in ms), each followed
 * by its details indented, then a total line. No colours, so it reads the same in a log file.
 */
export function formatMigrationReport(report: MigrationCheckReport): string {
  const label: Record<MigrationStepStatus, string> = { passed: 'PASS', warning: 'WARN', failed: 'FAIL' };
  const width = Math.max(...report.steps.map((s) => s.name.length), 0);
  const lines: string[] = [];
  for (const step of report.steps) {
    lines.push(`${label[step.status]}  ${step.name.padEnd(width)}  ${formatMs(step.durationMs).padStart(8)}`);
    for (const d of step.details) lines.push(...d.split('\n').map((l) => `      ${l}`));
  }
  const verdict = migrationReportPassed(report) ? 'passed' : 'FAILED';
  lines.push(`migration gate ${verdict} in ${formatMs(report.durationMs)}`);
  return lines.join('\n');
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Collects a step's findings; the step's status follows from them. Internal. */
export class Findings {
  readonly details: string[] = [];
  private errors = 0;
  private warnings = 0;

  /** A finding that fails the step. */
  error(message: string): void {
    this.errors++;
    this.details.push(`error: ${message}`);
  }

  /** A finding that does not fail the step. */
  warn(message: string): void {
    this.warnings++;
    this.details.push(`warning: ${message}`);
  }

  /** What was checked (not a problem). */
  info(message: string): void {
    this.details.push(message);
  }

  /** Number of `error()` findings so far. */
  get errorCount(): number {
    return this.errors;
  }

  /** `failed` with any error, else `warning` with any warning, else `passed`. */
  get status(): MigrationStepStatus {
    return this.errors > 0 ? 'failed' : this.warnings > 0 ? 'warning' : 'passed';
  }
}

/**
 * Runs one step, timing it; an exception the step did not expect becomes an `error:` line, so
 * one broken step never hides the others.
 */
export async function runStep(
  name: MigrationStepName,
  body: (f: Findings) => Promise<void> | void,
  log: (line: string) => void,
): Promise<MigrationCheckStep> {
  const findings = new Findings();
  const t0 = performance.now();
  try {
    await body(findings);
  } catch (error) {
    findings.error(`step stopped: ${messageOf(error)}`);
  }
  const step: MigrationCheckStep = {
    name,
    status: findings.status,
    durationMs: performance.now() - t0,
    details: findings.details,
  };
  log(`[migrations] ${name}: ${step.status} (${formatMs(step.durationMs)})`);
  return step;
}

/** `error.message` (with its cause's message) for anything thrown. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
