/**
 * Step `drift`: the schema code and the migrations agree, i.e. `drizzle-kit generate` on a clean
 * tree writes nothing, and `drizzle-kit check` finds the snapshots consistent. Both run as child
 * processes on a temporary copy of the migrations folder, so the real folder is never written.
 *
 * drizzle-kit 0.31 reads `--out` relative to its working directory (it opens `./<out>/...`, so an
 * absolute path breaks), hence the child runs in the temporary directory with `--out migrations`.
 * When the change is ambiguous (a column renamed or dropped and added) drizzle-kit asks an
 * interactive question; without a TTY it prints an error and exits 0, which is reported as drift.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { trackedTempDir } from '../providers/cleanup.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Findings } from './report.ts';
import { splitSqlStatements } from './sql-statements.ts';

/** Longest a drizzle-kit command may run before it counts as hung, ms. */
const DRIZZLE_KIT_TIMEOUT_MS = 120_000;

/** Where drizzle-kit's CLI is (`drizzle-kit/bin.cjs`, resolved from this package). */
export function drizzleKitBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('drizzle-kit')), 'bin.cjs');
}

/**
 * Runs `drizzle-kit generate` and `drizzle-kit check` against a copy of `migrationsFolder`,
 * reporting into `f` every file generate would write (with its statements) and every complaint.
 *
 * @throws only when the temporary directory cannot be created; a missing or failing drizzle-kit
 *   is reported as an error finding.
 */
export async function checkDrift(migrationsFolder: string, schemaFile: string, f: Findings): Promise<void> {
  let bin: string;
  try {
    bin = drizzleKitBin();
  } catch {
    return f.error('not run: drizzle-kit cannot be found (it is a devDependency: install dev dependencies to run the drift check)');
  }
  const runDrizzleKit = (args: readonly string[], cwd: string) => runNode([bin, ...args], cwd);
  const temp = trackedTempDir('cutover-drift-');
  const root = temp.path;
  try {
    const out = join(root, 'migrations');
    cpSync(migrationsFolder, out, { recursive: true });
    const before = new Set(readdirSync(out));
    const journalBefore = readFileSync(join(out, 'meta', '_journal.json'), 'utf8');

    const gen = await runDrizzleKit(['generate', '--dialect', 'postgresql', '--schema', schemaFile, '--out', 'migrations'], root);
    const written = readdirSync(out).filter((file) => !before.has(file) && file.endsWith('.sql'));
    for (const file of written) {
      const statements = splitSqlStatements(readFileSync(join(out, file), 'utf8')).map((s) => `    ${s.text.replace(/\n\s*/g, ' ')};`);
      f.error(`drift: the schema code differs from the migrations; drizzle-kit generate would write ${file}:\n${statements.join('\n')}`);
    }
    const journalChanged = readFileSync(join(out, 'meta', '_journal.json'), 'utf8') !== journalBefore;
    const complaint = gen.stderr.trim();
    if (/require a TTY|Interactive prompts/i.test(complaint)) {
      f.error(
        'drift: drizzle-kit generate stopped at an interactive question (a table or column it cannot tell renamed from dropped and added): ' +
          'the schema code differs from the latest snapshot; the catalog step names the objects. Run `npx drizzle-kit generate` in a terminal',
      );
    } else if (gen.code !== 0 || complaint !== '') {
      f.error(`drizzle-kit generate exited ${gen.code ?? gen.signal}:\n${indent(complaint || gen.stdout)}`);
    } else if (written.length === 0 && journalChanged) {
      f.error('drift: drizzle-kit generate changed meta/_journal.json without writing a migration');
    } else if (written.length === 0) {
      const summary = /No schema changes[^\n]*/.exec(gen.stdout)?.[0] ?? gen.stdout.trim().split('\n').pop() ?? '';
      f.info(`drizzle-kit generate: ${summary.replace(/[^\x20-\x7E]+/g, '').trim()}`);
    }

    const check = await runDrizzleKit(['check', '--dialect', 'postgresql', '--out', 'migrations'], root);
    const checkOutput = `${check.stdout}\n${check.stderr}`.trim();
    if (check.code !== 0 || !/Everything's fine/.test(checkOutput)) {
      f.error(`drizzle-kit check complains (exit ${check.code ?? check.signal}):\n${indent(checkOutput)}`);
    } else {
      f.info("drizzle-kit check: Everything's fine");
    }
  } finally {
    temp.dispose();
  }
}

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` in `cwd`, without a TTY, colours off, ANSI codes stripped. */
function runNode(args: readonly string[], cwd: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), DRIZZLE_KIT_TIMEOUT_MS);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
    };
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(-1, null);
    });
    child.on('close', finish);
  });
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
