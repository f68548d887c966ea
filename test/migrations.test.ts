/**
 * The migration gate (DESIGN.md section 2.5): it passes on the repository's own migrations and
 * schema, and each seeded fault in a throw-away copy is caught by the step responsible for it,
 * with a message that names the object.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  CUSTOM_OBJECTS,
  DEFAULT_MIGRATIONS_FOLDER,
  checkMigrations,
  formatMigrationReport,
  lintMigrations,
  migrationReportPassed,
  readMigrationFolder,
  type MigrationCheckReport,
  type MigrationStepName,
} from '../harness/migrations/index.ts';
import { MigrationsCopy, SchemaCopy, seedEveryTable } from './migrations/fixtures.ts';

const disposables: { dispose(): void }[] = [];
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
});

function migrationsCopy(): MigrationsCopy {
  const copy = MigrationsCopy.create();
  disposables.push(copy);
  return copy;
}

function step(report: MigrationCheckReport, name: MigrationStepName) {
  const s = report.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name} in the report`);
  return s;
}

/** The step's details, one string, for `toContain`/`toMatch`. */
const details = (report: MigrationCheckReport, name: MigrationStepName) => step(report, name).details.join('\n');

describe('migration gate on the repository', () => {
  it('passes: fresh apply, every upgrade path (seeded), catalog = schema, no drift, clean lint', async () => {
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), seed: seedEveryTable });
    console.log(formatMigrationReport(report));
    const warnings = report.steps.flatMap((s) => s.details.filter((d) => d.startsWith('warning:')).map((d) => `${s.name}: ${d}`));
    if (warnings.length) console.log(`migration gate warnings:\n${warnings.join('\n')}`);
    expect(report.steps.map((s) => s.name)).toEqual(['journal', 'fresh-apply', 'upgrade-path', 'catalog', 'drift', 'lint']);
    expect(report.steps.filter((s) => s.status === 'failed'), formatMigrationReport(report)).toEqual([]);
    expect(migrationReportPassed(report)).toBe(true);
    // One line per version says what was seeded there, from that version's snapshot.
    const upgrade = details(report, 'upgrade-path');
    const folder = readMigrationFolder(DEFAULT_MIGRATIONS_FOLDER);
    for (const m of folder.migrations.slice(0, -1)) expect(upgrade).toMatch(new RegExp(`^rows at ${m.entry.tag}: \\d+ rows in \\d+ of \\d+ tables \\(users \\d+`, 'm'));
    // Our own folder is held to our custom objects without being told.
    expect(details(report, 'catalog')).toMatch(/ [1-9]\d* triggers, 4 functions/);
  });

  it('holds a copy of our folder in another place to no custom objects unless they are declared', async () => {
    const copy = migrationsCopy();
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, rowsPerTable: 0 });
    expect(step(report, 'catalog').status).toBe('failed');
    expect(details(report, 'catalog')).toMatch(/trigger funds_ledger_no_update on funds_ledger_entries exists in the database but is not expected/);
    expect(details(report, 'catalog')).toContain('function funds_ledger_reject_change() exists in the database but is not expected');
  });
});

describe('migration gate catches', () => {
  it('an enum value added and used in the same migration run', async () => {
    const copy = migrationsCopy();
    // What drizzle-kit generates for a new role that also becomes the default.
    const file = copy.append(
      'auditor_role',
      `ALTER TYPE "public"."user_role" ADD VALUE 'auditor';--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'auditor';`,
      (s) => {
        s.enums['public.user_role'].values.push('auditor');
        s.tables['public.users'].columns.role.default = "'auditor'";
      },
    );
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, customObjects: CUSTOM_OBJECTS });

    expect(step(report, 'lint').status).toBe('failed');
    expect(details(report, 'lint')).toContain(`${file}:2: uses enum value 'auditor', added to user_role at ${file}:1, in the same migration run`);
    // An empty database migrates (user_role is created in the same transaction, which Postgres
    // allows); every database that already has user_role does not. Hence the upgrade paths.
    expect(step(report, 'fresh-apply').status).toBe('passed');
    expect(step(report, 'upgrade-path').status).toBe('failed');
    expect(details(report, 'upgrade-path')).toContain(
      `upgrade from 0002_id_map_sync: migrating to head failed: ${file}:2: unsafe use of new value "auditor" of enum type user_role (SQLSTATE 55P04)`,
    );
    // It needs no rows: the earliest path says so once, the others point at it.
    expect(details(report, 'upgrade-path')).toContain('upgrade from 0000_core_tables: migrating to head failed');
    expect(details(report, 'upgrade-path')).toContain('it fails with no rows at all: any database at 0000_core_tables fails this way');
    expect(details(report, 'upgrade-path')).toContain('same statement and SQLSTATE as the upgrade from 0000_core_tables');
    expect(migrationReportPassed(report)).toBe(false);
  });

  it('a journal entry whose "when" is not after the previous one', async () => {
    const copy = migrationsCopy();
    copy.editJournal((j) => {
      j.entries[2]!.when = j.entries[1]!.when - 60_000;
    });
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, customObjects: CUSTOM_OBJECTS });

    expect(step(report, 'journal').status).toBe('failed');
    expect(details(report, 'journal')).toMatch(/journal entry 2 \(0002_id_map_sync\): "when" \d+ is not after the previous entry's \(0001_funds_ledger_append_only/);
    // And what it does to a real database: the upgrade from 0001 skips 0002, silently (its
    // triggers are missing) or, when a later migration calls id_map_sync(), with an error.
    expect(step(report, 'upgrade-path').status).toBe('failed');
    const upgrade = details(report, 'upgrade-path');
    if (upgrade.includes('migrating to head failed')) {
      expect(upgrade).toMatch(/upgrade from 0001_funds_ledger_append_only: migrating to head failed: .*function id_map_sync\(\) does not exist/);
    } else {
      expect(upgrade).toContain('upgrade from 0001_funds_ledger_append_only: migration 0002_id_map_sync was never applied');
      expect(upgrade).toContain('trigger users_id_map on users: in the fresh database but missing from the upgraded one');
    }
  });

  it('a schema change without a migration (drift)', async () => {
    const schema = SchemaCopy.create();
    disposables.push(schema);
    schema.edit('users.ts', (src) => src.replace(`displayName: text('display_name'),`, `displayName: text('display_name'),\n    nickname: text('nickname'),`));
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), schemaFile: schema.schemaFile, rowsPerTable: 0 });

    expect(step(report, 'drift').status).toBe('failed');
    expect(details(report, 'drift')).toContain('ALTER TABLE "users" ADD COLUMN "nickname" text;');
    expect(step(report, 'catalog').status).toBe('failed');
    expect(details(report, 'catalog')).toContain('column users.nickname is declared in the schema (text null) but missing from the database');
  });

  it('an index lost from the SQL while the snapshot still lists it', async () => {
    const copy = migrationsCopy();
    copy.editFile('0000_core_tables.sql', (sql) =>
      sql
        .split('\n')
        .filter((line) => !line.includes('CREATE UNIQUE INDEX "categories_active_name_norm_uq"'))
        .join('\n'),
    );
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, customObjects: CUSTOM_OBJECTS, rowsPerTable: 0 });

    expect(step(report, 'catalog').status).toBe('failed');
    expect(details(report, 'catalog')).toContain('index categories_active_name_norm_uq on categories is declared in the schema but missing from the database');
    expect(details(report, 'catalog')).toContain('lower((btrim(name) COLLATE "C"))) WHERE is_active');
    // drizzle-kit compares the schema with its snapshot, which still has the index: only the
    // catalog step can see this.
    expect(step(report, 'drift').status).toBe('passed');
  });

  it('a dropped ledger guard trigger', async () => {
    const copy = migrationsCopy();
    copy.append('drop_truncate_guard', '-- Custom migration (fixture): drops a guard.\nDROP TRIGGER funds_ledger_no_truncate ON funds_ledger_entries;\n');
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, customObjects: CUSTOM_OBJECTS, rowsPerTable: 0 });

    expect(step(report, 'catalog').status).toBe('failed');
    expect(details(report, 'catalog')).toContain('trigger funds_ledger_no_truncate on funds_ledger_entries is missing from the database');
    // Lint has no opinion on the dropped trigger (the repository's own migrations may carry
    // warnings, e.g. 0018's indexes on the existing payments table): the catalog is what catches it.
    expect(step(report, 'lint').status).not.toBe('failed');
    expect(details(report, 'lint')).not.toContain('funds_ledger_no_truncate');
  });

  it('a legacy_object_id that lost its unique constraint, and a foreign key left NOT VALID in the database', async () => {
    const copy = migrationsCopy();
    copy.append(
      'loosen_integrity',
      '-- Custom migration (fixture).\nALTER TABLE "users" DROP CONSTRAINT "users_legacy_object_id_unique";\n' +
        '--> statement-breakpoint\nALTER TABLE "addresses" DROP CONSTRAINT "addresses_user_id_users_id_fk";\n' +
        '--> statement-breakpoint\nALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade NOT VALID;\n',
    );
    const report = await checkMigrations({ adminUrl: inject('pgUrl'), migrationsFolder: copy.path, customObjects: CUSTOM_OBJECTS, rowsPerTable: 0 });
    expect(step(report, 'catalog').status).toBe('failed');
    expect(details(report, 'catalog')).toContain('users.legacy_object_id has no unique constraint of its own: two rows could mirror one Mongo document');
    expect(details(report, 'catalog')).toContain('foreign key addresses_user_id_users_id_fk on addresses is NOT VALID');
  });
});

describe('migration lint', () => {
  // Appended fixtures are numbered after the repository's own migrations, however many there are.
  const base = readMigrationFolder(DEFAULT_MIGRATIONS_FOLDER).migrations.length;
  const nth = (i: number, name: string) => `${String(base + i).padStart(4, '0')}_${name}`;

  it('reports a NOT VALID foreign key that is never validated, and accepts one validated later', () => {
    const copy = migrationsCopy();
    copy.append(
      'categories_owner',
      `-- Custom migration (fixture).\nALTER TABLE "categories" ADD CONSTRAINT "categories_owner_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") NOT VALID;\n`,
    );
    const unvalidated = lintMigrations(readMigrationFolder(copy.path)).findings;
    expect(unvalidated).toContainEqual(
      expect.objectContaining({ severity: 'error', rule: 'not-valid-never-validated', file: `${nth(0, 'categories_owner')}.sql`, line: 2 }),
    );
    copy.append('validate_owner', `-- Custom migration (fixture).\nALTER TABLE "categories" VALIDATE CONSTRAINT "categories_owner_fk";\n`);
    const validated = lintMigrations(readMigrationFolder(copy.path)).findings;
    expect(validated.filter((f) => f.rule === 'not-valid-never-validated')).toEqual([]);
  });

  it('warns about a plain CREATE INDEX on an existing table and a dropped column; rejects expressible SQL in a custom migration', () => {
    const copy = migrationsCopy();
    copy.append('payments_ref', `CREATE INDEX "payments_reference_idx" ON "payments" USING btree ("reference");--> statement-breakpoint\nALTER TABLE "addresses" DROP COLUMN "label";`, (s) => {
      s.tables['public.payments'].indexes.payments_reference_idx = { name: 'payments_reference_idx' };
    });
    copy.append('sneaky_table', `-- Custom migration (fixture).\nCREATE TABLE "audit" ("id" uuid PRIMARY KEY);\n`);
    const { findings, custom } = lintMigrations(readMigrationFolder(copy.path));

    // The repository's own custom migrations (0001, 0002, each domain's `_rules`), then the fixture.
    expect(custom.slice(0, 2)).toEqual(['0001_funds_ledger_append_only', '0002_id_map_sync']);
    expect(custom.slice(2, -1).every((t) => t.endsWith('_rules'))).toBe(true);
    expect(custom.at(-1)).toBe(nth(1, 'sneaky_table'));
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', rule: 'index-without-concurrently', file: `${nth(0, 'payments_ref')}.sql`, line: 1 }));
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', rule: 'drops-column', file: `${nth(0, 'payments_ref')}.sql`, line: 2, message: expect.stringContaining('addresses.label') }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'custom-migration-expressible', file: `${nth(1, 'sneaky_table')}.sql`, line: 2 }));
  });

  it('reports data-dependent and locking changes to existing tables, each with its rule id and the safe alternative', () => {
    const copy = migrationsCopy();
    copy.append(
      'risky_changes',
      [
        'ALTER TABLE "users" ADD CONSTRAINT "users_display_name_unique" UNIQUE("display_name");',
        'ALTER TABLE "users" ADD CONSTRAINT "users_display_name_short" CHECK (char_length("users"."display_name") <= 20);',
        'ALTER TABLE "addresses" ADD CONSTRAINT "addresses_city_fk" FOREIGN KEY ("city") REFERENCES "public"."categories"("name");',
        'ALTER TABLE "users" ALTER COLUMN "display_name" SET NOT NULL;',
        'ALTER TABLE "users" ALTER COLUMN "display_name" SET DATA TYPE varchar(20);',
        'ALTER TABLE "users" ADD COLUMN "tier" text NOT NULL;',
        'CREATE UNIQUE INDEX "users_display_name_uq" ON "users" USING btree ("display_name");',
        'ALTER TABLE "users" RENAME COLUMN "tier" TO "level";',
        'ALTER TABLE "categories" RENAME TO "topics";',
        'ALTER TABLE "users" ADD CONSTRAINT "users_later_check" CHECK ("users"."role" <> \'guard\') NOT VALID;',
        'ALTER TABLE "users" VALIDATE CONSTRAINT "users_later_check";',
      ].join('--> statement-breakpoint\n'),
      (snap) => {
        snap.tables['public.users'].columns.display_name.notNull = true;
      },
    );
    const file = `${nth(0, 'risky_changes')}.sql`;
    const findings = lintMigrations(readMigrationFolder(copy.path)).findings.filter((f) => f.file === file);
    const at = (rule: string, line: number, text: string) =>
      expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', rule, line, message: expect.stringContaining(text) }));
    at('unique-on-existing-table', 1, 'Safe: deduplicate first, CREATE UNIQUE INDEX CONCURRENTLY out of band, then ADD CONSTRAINT users_display_name_unique UNIQUE USING INDEX');
    at('check-without-not-valid', 2, 'Safe: ADD CONSTRAINT users_display_name_short CHECK (...) NOT VALID');
    at('fk-without-not-valid', 3, 'then VALIDATE CONSTRAINT addresses_city_fk');
    at('set-not-null', 4, 'CHECK (display_name IS NOT NULL) NOT VALID');
    at('column-type-change', 5, 'users.display_name to varchar(20)');
    at('not-null-column-without-default', 6, 'Safe: add it with a DEFAULT');
    at('unique-on-existing-table', 7, 'CREATE UNIQUE INDEX users_display_name_uq on existing table users');
    at('index-without-concurrently', 7, 'without CONCURRENTLY');
    at('renames-column', 8, 'renames users.tier to level');
    at('renames-table', 9, 'renames table categories to topics');
    // A UNIQUE over a column the same migration adds holds no duplicates yet: not reported.
    copy.append('new_column_unique', 'ALTER TABLE "payments" ADD COLUMN "ref2" text;--> statement-breakpoint\nCREATE UNIQUE INDEX "payments_ref2_uq" ON "payments" USING btree ("ref2");', (snap) => {
      snap.tables['public.payments'].columns.ref2 = { name: 'ref2', type: 'text', primaryKey: false, notNull: false };
    });
    const later = lintMigrations(readMigrationFolder(copy.path)).findings.filter((f) => f.file === `${nth(1, 'new_column_unique')}.sql`);
    expect(later.map((f) => f.rule)).toEqual(['index-without-concurrently']);
    // A NOT VALID check validated later is the safe form: no check-without-not-valid for it.
    expect(findings.filter((f) => f.line === 10)).toEqual([]);
  });
});
