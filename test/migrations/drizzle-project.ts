/**
 * Throw-away drizzle-kit projects for the migration gate's tests: a schema module per version,
 * each turned into a migration by the real `drizzle-kit generate` (from node_modules), so the
 * SQL, journal and snapshots are exactly what a user's folder holds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzleKitBin } from '../../harness/migrations/drift-step.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A temporary project: `schema.ts` and `migrations/` under `root`. */
export class DrizzleProject {
  private constructor(readonly root: string) {}

  /** An empty project with `node_modules` linked so that the schema's imports resolve. */
  static create(): DrizzleProject {
    const root = mkdtempSync(join(tmpdir(), 'cutover-kit-'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    return new DrizzleProject(root);
  }

  /** Builds a project from schema versions: one `drizzle-kit generate` per version. */
  static async build(versions: readonly string[]): Promise<DrizzleProject> {
    const p = DrizzleProject.create();
    for (const [i, source] of versions.entries()) await p.generate(source, `v${i}`);
    return p;
  }

  get schemaFile(): string {
    return join(this.root, 'schema.ts');
  }

  get migrationsFolder(): string {
    return join(this.root, 'migrations');
  }

  /** Writes `schema.ts` (imports of drizzle-orm are added) and runs `drizzle-kit generate --name`. */
  async generate(source: string, name: string): Promise<void> {
    writeFileSync(this.schemaFile, `import { sql } from 'drizzle-orm';\nimport { check, index, integer, pgEnum, pgTable, serial, smallint, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';\nvoid sql; void check; void index; void integer; void pgEnum; void serial; void smallint; void text; void uniqueIndex; void uuid; void varchar;\n${source}\n`);
    const out = await run(process.execPath, [drizzleKitBin(), 'generate', '--dialect', 'postgresql', '--schema', 'schema.ts', '--out', 'migrations', '--name', name], this.root);
    if (out.code !== 0 || /error/i.test(out.stderr)) throw new Error(`drizzle-kit generate failed (${out.code}): ${out.stderr}${out.stdout}`);
  }

  /** `drizzle-kit generate --custom --name` (the schema unchanged), then writes `sql` into the new file. */
  async custom(name: string, sql: string): Promise<void> {
    const out = await run(process.execPath, [drizzleKitBin(), 'generate', '--custom', '--dialect', 'postgresql', '--schema', 'schema.ts', '--out', 'migrations', '--name', name], this.root);
    if (out.code !== 0) throw new Error(`drizzle-kit generate --custom failed (${out.code}): ${out.stderr}${out.stdout}`);
    const journal = JSON.parse(readFileSync(join(this.migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    this.editSql(journal.entries.length - 1, () => sql);
  }

  /** Text of migration `NNNN_name.sql`, found by its prefix. */
  sql(index: number): string {
    return readFileSync(join(this.migrationsFolder, this.fileName(index)), 'utf8');
  }

  /** File name of migration `index` (from the journal). */
  fileName(index: number): string {
    const journal = JSON.parse(readFileSync(join(this.migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    return `${journal.entries[index]!.tag}.sql`;
  }

  /** Rewrites migration `index`'s SQL through `edit` (as a user hand-edits generated SQL). */
  editSql(index: number, edit: (sql: string) => string): void {
    const file = join(this.migrationsFolder, this.fileName(index));
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
