/**
 * `cutover new-domain <name> --migrations`: the two migrations a domain needs, made the way
 * docs/adding-a-domain.md describes by hand. drizzle-kit generates the table's migration from the
 * schema code; a custom migration (also created by drizzle-kit, so the journal and snapshots stay
 * consistent) holds the id_map trigger, which drizzle-kit cannot express.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DomainNames } from './names.ts';
import { domainPaths, idMapTriggerSql } from './templates.ts';

/** A migration step that cannot be taken; the message says why and what to do. */
export class ScaffoldMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldMigrationError';
  }
}

/** What {@link generateDomainMigrations} did. */
export interface MigrationSteps {
  /** drizzle-kit's output of the table migration (it says when there was nothing to generate). */
  readonly generate: string;
  /** The custom migration written with the id_map trigger, or undefined when one existed already. */
  readonly customFile: string | undefined;
}

const MIGRATIONS = 'schema/migrations';

async function drizzleKit(dir: string, args: readonly string[]): Promise<string> {
  const bin = path.join(dir, 'node_modules', '.bin', 'drizzle-kit');
  if (!existsSync(bin)) throw new ScaffoldMigrationError(`${bin} not found: install the project's dependencies (npm ci) first`);
  try {
    const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: dir, maxBuffer: 1 << 24 });
    return `${stdout}${stderr}`.trim();
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new ScaffoldMigrationError(`drizzle-kit ${args.join(' ')} failed: ${(x.stderr || x.stdout || x.message).trim()}`);
  }
}

/** The journal's last tag (`0005_gift_cards_rules`). */
async function lastTag(dir: string): Promise<string> {
  const journal = JSON.parse(await readFile(path.join(dir, MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const tag = journal.entries.at(-1)?.tag;
  if (!tag) throw new ScaffoldMigrationError(`${MIGRATIONS}/meta/_journal.json has no entries`);
  return tag;
}

/** True when some migration already creates the table's id_map trigger. */
async function hasIdMapTrigger(dir: string, n: DomainNames): Promise<boolean> {
  const folder = path.join(dir, MIGRATIONS);
  const pattern = new RegExp(`CREATE TRIGGER\\s+${n.table}_id_map\\b`, 'i');
  for (const f of (await readdir(folder)).filter((x) => x.endsWith('.sql'))) if (pattern.test(await readFile(path.join(folder, f), 'utf8'))) return true;
  return false;
}

/**
 * Runs `drizzle-kit generate --name <table>`, then, unless a migration already creates the
 * trigger, `drizzle-kit generate --custom --name <table>_rules` and writes the id_map trigger
 * into the file it created. Safe to run again after editing the schema: the first step then
 * generates the change, the second is skipped.
 */
export async function generateDomainMigrations(dir: string, n: DomainNames): Promise<MigrationSteps> {
  const schemaFile = domainPaths(n).schema;
  if (!existsSync(path.join(dir, schemaFile))) throw new ScaffoldMigrationError(`${schemaFile} does not exist: scaffold the domain first (cutover new-domain ${n.kebab})`);
  const index = await readFile(path.join(dir, 'schema', 'index.ts'), 'utf8');
  if (!index.includes(`'./${n.table}.ts'`)) throw new ScaffoldMigrationError(`schema/index.ts does not export ./${n.table}.ts, so drizzle-kit would not see the table`);
  const generate = await drizzleKit(dir, ['generate', '--name', n.table]);
  if (await hasIdMapTrigger(dir, n)) return { generate, customFile: undefined };
  await drizzleKit(dir, ['generate', '--custom', '--name', `${n.table}_rules`]);
  const customFile = `${MIGRATIONS}/${await lastTag(dir)}.sql`;
  await writeFile(path.join(dir, customFile), idMapTriggerSql(n));
  return { generate, customFile };
}
