/**
 * `cutover new-domain`: scaffolds a domain's four faces (schema, contract with model, commands
 * and examples, Mongo and Drizzle implementations, stored-entity spec) from the address domain's
 * patterns, and registers it. The result type-checks as written and fails `cutover check` until
 * every `SCAFFOLD-BEGIN` region is written (see {@link ScaffoldNotImplemented} and
 * docs/adding-a-domain.md).
 *
 * @public
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { domainNames, type DomainNames } from './names.ts';
import { registerInContracts, registerInLegacy, registerInSchema } from './register.ts';
import { domainFiles, type ScaffoldFile } from './templates.ts';

export { DomainNameError, domainNames, pluralWord, type DomainNames } from './names.ts';
export { ScaffoldNotImplemented } from './not-implemented.ts';
export { ScaffoldRegistrationError } from './register.ts';
export { generateDomainMigrations, ScaffoldMigrationError, type MigrationSteps } from './migrations.ts';
export { domainFiles, domainPaths, idMapTriggerSql, type ScaffoldFile } from './templates.ts';

/** The project files a domain is registered in, in the order they are edited. */
export const REGISTRATION_FILES = ['contracts/index.ts', 'schema/index.ts', 'repos/legacy/index.ts'] as const;

/** Refusal to scaffold: files exist already, or the directory is not a project. */
export class ScaffoldConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldConflictError';
  }
}

/** Options of {@link planScaffold}. */
export interface ScaffoldOptions {
  /** The domain name, lower-case kebab case (`gift-card`). */
  readonly name: string;
  /** The project root (where `contracts/index.ts` is). */
  readonly dir: string;
  /** The plural in kebab case when the regular English rule is wrong (`person` → `people`). */
  readonly plural?: string;
}

/** What a scaffold writes: new files and the new text of the registration files. */
export interface ScaffoldPlan {
  readonly names: DomainNames;
  readonly files: readonly ScaffoldFile[];
  readonly edits: readonly ScaffoldFile[];
  /** The required spots, `file: spot`, in file order. */
  readonly spots: readonly string[];
}

/**
 * Validates the name, checks that no file of the domain exists, and computes every file and
 * edit. Writes nothing. Throws `DomainNameError`, {@link ScaffoldConflictError} or
 * `ScaffoldRegistrationError`.
 */
export async function planScaffold(opts: ScaffoldOptions): Promise<ScaffoldPlan> {
  const names = domainNames(opts.name, opts.plural);
  for (const f of REGISTRATION_FILES) {
    if (!existsSync(path.join(opts.dir, f))) throw new ScaffoldConflictError(`--dir ${opts.dir}: not a cutover-harness project (no ${f})`);
  }
  const files = domainFiles(names);
  const taken = files.filter((f) => existsSync(path.join(opts.dir, f.path))).map((f) => f.path);
  if (taken.length) throw new ScaffoldConflictError(`refusing to overwrite existing files: ${taken.join(', ')} (remove them, or choose another name)`);
  const read = (f: string) => readFile(path.join(opts.dir, f), 'utf8');
  const edits: ScaffoldFile[] = [
    { path: REGISTRATION_FILES[0], text: registerInContracts(await read(REGISTRATION_FILES[0]), names) },
    { path: REGISTRATION_FILES[1], text: registerInSchema(await read(REGISTRATION_FILES[1]), names) },
    { path: REGISTRATION_FILES[2], text: registerInLegacy(await read(REGISTRATION_FILES[2]), names) },
  ];
  const spots = files.flatMap((f) => [...f.text.matchAll(/\/\/ SCAFFOLD-BEGIN (\S+)/g)].map((m) => `${f.path}: ${m[1]}`));
  return { names, files, edits, spots };
}

/** Writes a plan: the new files (never over an existing one), then the registration edits. */
export async function writeScaffold(plan: ScaffoldPlan, dir: string): Promise<void> {
  for (const f of plan.files) {
    await mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
    // `wx`: a file that appeared since the plan is refused, not overwritten.
    await writeFile(path.join(dir, f.path), f.text, { flag: 'wx' });
  }
  for (const e of plan.edits) await writeFile(path.join(dir, e.path), e.text);
}

/** What to do after scaffolding, as numbered lines for the terminal. */
export function nextSteps(plan: ScaffoldPlan): string[] {
  const n = plan.names;
  return [
    `1. Shape the table in schema/${n.table}.ts (columns, FKs, CHECKs, unique indexes), then generate its migrations:`,
    `     npx cutover new-domain ${n.kebab} --migrations`,
    `   (drizzle-kit generate --name ${n.table}, then drizzle-kit generate --custom --name ${n.table}_rules with the`,
    `   ${n.table}_id_map trigger written into it), and run the migration gate: npx cutover migrate --check`,
    `2. Write the ${plan.spots.length} required spots; until each is written, cutover check fails with ScaffoldNotImplemented naming it:`,
    ...plan.spots.map((s) => `     ${s}`),
    '   and extend the entity at the "// SCAFFOLD:" notes (fields, commands, indexes, dependsOn, invariants).',
    `3. Add a seeded-fault test: test/harness-catches/${n.kebab}.test.ts with its mutant in test/harness-catches/${n.kebab}.mutants.ts.`,
    `4. npx cutover check --domain ${n.kebab} --runs 30`,
    'Walkthrough: docs/adding-a-domain.md',
  ];
}
