/**
 * The migration gate on other projects' drizzle-kit folders: each throw-away folder (real
 * `drizzle-kit generate` output) breaks one rule that only a database holding data can show,
 * and the upgrade path must fail with the migration file and statement, the Postgres error, and
 * the shrunk rows as INSERTs; a clean folder passes with no configuration at all.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkMigrations, formatMigrationReport, loadCustomObjects, migrationReportPassed, type MigrationCheckReport } from '../harness/migrations/index.ts';
import { DrizzleProject } from './migrations/drizzle-project.ts';

const USERS = (columns: string, extras = '') =>
  `export const users = pgTable('users', { id: uuid('id').primaryKey().defaultRandom(), ${columns} }${extras});\n` +
  `export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: uuid('author_id').notNull().references(() => users.id), title: text('title').notNull() });`;
const ENUM = (values: string) => `export const postStatus = pgEnum('post_status', [${values}]);\n`;
const BASE_COLUMNS = {
  email: `email: text('email').notNull()`,
  nick: `nick: varchar('nick', { length: 50 })`,
  points: `points: integer('points').notNull().default(0)`,
  code: `code: text('code')`,
  status: `status: postStatus('status').notNull().default('draft')`,
};
type Columns = typeof BASE_COLUMNS;
const schema = (cols: Partial<Columns> = {}, opts: { enumValues?: string; extras?: string; more?: string } = {}) =>
  ENUM(opts.enumValues ?? `'draft', 'live', 'archived'`) + USERS(Object.values({ ...BASE_COLUMNS, ...cols }).join(', ') + (opts.more ? `, ${opts.more}` : ''), opts.extras ?? '');

let base: DrizzleProject;
const projects: DrizzleProject[] = [];
beforeAll(async () => {
  base = await DrizzleProject.build([schema()]);
}, 120_000);
afterAll(() => {
  for (const p of [base, ...projects]) p?.dispose();
});

/** A copy of the base project (version 0 generated once) with version 1 generated from `source`. */
async function withChange(source: string, edit?: (sql: string) => string): Promise<DrizzleProject> {
  const root = mkdtempSync(join(tmpdir(), 'cutover-kit-'));
  cpSync(join(base.root, 'migrations'), join(root, 'migrations'), { recursive: true });
  symlinkSync(join(base.root, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  const p = Object.assign(Object.create(DrizzleProject.prototype) as DrizzleProject, { root });
  projects.push(p);
  await p.generate(source, 'change');
  if (edit) p.editSql(1, edit);
  return p;
}

async function gate(p: DrizzleProject, rowsPerTable?: number): Promise<MigrationCheckReport> {
  const r = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: p.migrationsFolder, schemaFile: p.schemaFile, ...(rowsPerTable !== undefined && { rowsPerTable }) });
  if (process.env.CUTOVER_PRINT_GATE) console.log(formatMigrationReport(r));
  return r;
}

const details = (r: MigrationCheckReport, name: string) => r.steps.find((s) => s.name === name)!.details.join('\n');
const lineOf = (p: DrizzleProject, needle: string) => p.sql(1).split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The upgrade from 0000 failed at `needle`'s line with `sqlstate`, and the shrunk rows are `rows` INSERTs. */
function expectDataFailure(r: MigrationCheckReport, p: DrizzleProject, needle: string, sqlstate: string, rows: number, rowText: RegExp): void {
  const text = details(r, 'upgrade-path');
  expect(r.steps.find((s) => s.name === 'fresh-apply')!.status, formatMigrationReport(r)).toBe('passed');
  expect(r.steps.find((s) => s.name === 'upgrade-path')!.status, formatMigrationReport(r)).toBe('failed');
  expect(migrationReportPassed(r)).toBe(false);
  const file = p.fileName(1);
  expect(text).toContain(`upgrade from ${file.replace(/\.sql$/, '').replace(/^0001/, '0000').replace(/_change$/, '_v0')}: migrating to head failed: ${file}:${lineOf(p, needle)}:`);
  expect(text).toContain(`(SQLSTATE ${sqlstate})`);
  expect(text).toContain(`statement: ${needle}`);
  expect(text).toMatch(new RegExp(`minimal rows \\(${rows}, shrunk from \\d+ in \\d+ probes, confirmed with drizzle-orm's migrator\\)`));
  const inserts = text.split('\n').filter((l) => l.trim().startsWith('INSERT INTO'));
  expect(inserts).toHaveLength(rows);
  expect(inserts.join('\n')).toMatch(rowText);
  expect(text).toMatch(/replay: npx cutover migrate --check --migrations \S+ --schema \S+ --seed 1/);
}

describe('migration gate on a drizzle-kit folder with data-dependent changes', () => {
  it('passes a clean folder with no configuration, and reports the rows seeded per version', async () => {
    const p = await withChange(schema({}, { more: `bio: text('bio')` }) + `\nexport const tags = pgTable('tags', { id: serial('id').primaryKey(), name: text('name').notNull().unique() });`);
    const r = await gate(p);
    expect(migrationReportPassed(r), formatMigrationReport(r)).toBe(true);
    expect(details(r, 'upgrade-path')).toMatch(/rows at 0000_v0: \d+ rows in 2 of 2 tables \(users \d+, posts \d+\)/);
    // No custom objects are demanded of another project's folder.
    expect(details(r, 'catalog')).toContain('0 triggers, 0 functions');
  }, 120_000);

  it('a UNIQUE constraint added over duplicates', async () => {
    const p = await withChange(schema({ email: `email: text('email').notNull().unique()` }));
    // Without generated rows (the gate before this change, on another project's folder) the
    // upgrade path is green: only rows show the fault.
    const empty = await gate(p, 0);
    expect(empty.steps.find((s) => s.name === 'upgrade-path')!.status).toBe('passed');
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ADD CONSTRAINT "users_email_unique" UNIQUE("email")', '23505', 2, /INSERT INTO "users"[^\n]*\n[^\n]*INSERT INTO "users"/);
  }, 120_000);

  it('a CHECK added over rows that break it', async () => {
    const p = await withChange(schema({}, { extras: `, (t) => [check('users_points_nonneg', sql\`\${t.points} >= 0\`)]` }));
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ADD CONSTRAINT "users_points_nonneg" CHECK ("users"."points" >= 0)', '23514', 1, /INSERT INTO "users" .*'-\d+'/);
  }, 120_000);

  it('a NOT NULL column added without a default', async () => {
    const p = await withChange(schema({}, { more: `tier: text('tier').notNull()` }));
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ADD COLUMN "tier" text NOT NULL', '23502', 1, /INSERT INTO "users"/);
  }, 120_000);

  it('SET NOT NULL over NULLs', async () => {
    const p = await withChange(schema({ nick: `nick: varchar('nick', { length: 50 }).notNull()` }));
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ALTER COLUMN "nick" SET NOT NULL', '23502', 1, /INSERT INTO "users" .*NULL/);
  }, 120_000);

  it('a type change whose cast fails on the rows (text to integer, USING added by hand)', async () => {
    const p = await withChange(schema({ code: `code: integer('code')` }), (s) => s.replace('SET DATA TYPE integer;', 'SET DATA TYPE integer USING "code"::integer;'));
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ALTER COLUMN "code" SET DATA TYPE integer USING "code"::integer', '22P02', 1, /INSERT INTO "users"/);
  }, 120_000);

  it('an enum value removed while rows still hold it', async () => {
    const p = await withChange(schema({}, { enumValues: `'draft', 'live'` }));
    expectDataFailure(
      await gate(p),
      p,
      'ALTER TABLE "users" ALTER COLUMN "status" SET DATA TYPE "public"."post_status" USING "status"::"public"."post_status"',
      '22P02',
      1,
      /INSERT INTO "users" .*'archived'/,
    );
  }, 120_000);

  it('a varchar shortened below the longest value', async () => {
    const p = await withChange(schema({ nick: `nick: varchar('nick', { length: 10 })` }));
    expectDataFailure(await gate(p), p, 'ALTER TABLE "users" ALTER COLUMN "nick" SET DATA TYPE varchar(10)', '22001', 1, /INSERT INTO "users" .*'x{11,}'/);
  }, 120_000);

  it('asserts custom objects only where the project declares them (--custom-objects FILE)', async () => {
    const p = await withChange(schema({}, { more: `bio: text('bio')` }));
    await p.custom(
      'touch_trigger',
      `-- Custom migration: keeps users.bio trimmed (a trigger drizzle-kit cannot express).\n` +
        `CREATE FUNCTION users_trim_bio() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.bio := btrim(NEW.bio); RETURN NEW; END $$;\n` +
        `--> statement-breakpoint\nCREATE TRIGGER users_trim_bio BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_trim_bio();\n`,
    );
    const undeclared = await gate(p);
    expect(undeclared.steps.find((s) => s.name === 'catalog')!.status).toBe('failed');
    expect(details(undeclared, 'catalog')).toContain('trigger users_trim_bio on users exists in the database but is not expected');

    const file = join(p.root, 'custom-objects.json');
    writeFileSync(
      file,
      JSON.stringify({ triggers: [{ name: 'users_trim_bio', table: 'users', timing: 'BEFORE', level: 'ROW', events: ['INSERT', 'UPDATE'], function: 'users_trim_bio' }], functions: ['users_trim_bio'] }),
    );
    const declared = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: p.migrationsFolder, schemaFile: p.schemaFile, customObjects: await loadCustomObjects(file) });
    expect(migrationReportPassed(declared), formatMigrationReport(declared)).toBe(true);
    expect(details(declared, 'catalog')).toContain('1 triggers, 1 functions');

    writeFileSync(file, JSON.stringify({ triggers: [{ name: 'users_trim_bio', table: 'users', timing: 'DURING', level: 'ROW', events: ['INSERT'], function: 'f' }] }));
    await expect(loadCustomObjects(file)).rejects.toThrow(/triggers\[0\]\.timing: must be BEFORE or AFTER/);
  }, 180_000);
});
