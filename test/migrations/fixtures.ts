/**
 * Throw-away copies of the repository's migrations folder and schema, each mutated to break one
 * rule of the migration gate. Everything lives in a temporary directory; the real
 * `schema/migrations` and `schema/*.ts` are only ever read.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** A mutable copy of `schema/migrations`. */
export class MigrationsCopy {
  private constructor(
    /** The temporary directory (removed by `dispose`). */
    readonly root: string,
    /** The copied migrations folder, to pass as `migrationsFolder`. */
    readonly path: string,
  ) {}

  /** Copies the repository's migrations folder into a new temporary directory. */
  static create(): MigrationsCopy {
    const root = mkdtempSync(join(tmpdir(), 'cutover-migtest-'));
    const path = join(root, 'migrations');
    cpSync(join(REPO, 'schema', 'migrations'), path, { recursive: true });
    return new MigrationsCopy(root, path);
  }

  /** Rewrites `meta/_journal.json` through `edit`. */
  editJournal(edit: (journal: Journal) => void): void {
    const file = join(this.path, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    edit(journal);
    writeFileSync(file, JSON.stringify(journal, null, 2));
  }

  /** Rewrites migration file `name` (e.g. `0000_core_tables.sql`) through `edit`. */
  editFile(name: string, edit: (sql: string) => string): void {
    const file = join(this.path, name);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }

  /**
   * Appends migration `<nnnn>_<name>.sql` with `sql`, its journal entry (`when` one second after
   * the last) and its snapshot: the previous snapshot passed through `editSnapshot` (unchanged,
   * as `drizzle-kit generate --custom` does, when omitted). Returns the file name.
   */
  append(name: string, sql: string, editSnapshot?: (snapshot: Record<string, any>) => void): string {
    let tag = '';
    let previous = '';
    this.editJournal((journal) => {
      const last = journal.entries[journal.entries.length - 1]!;
      const idx = journal.entries.length;
      tag = `${String(idx).padStart(4, '0')}_${name}`;
      previous = `${last.tag.split('_')[0]}_snapshot.json`;
      journal.entries.push({ idx, version: '7', when: last.when + 1000, tag, breakpoints: true });
    });
    const snapshot = JSON.parse(readFileSync(join(this.path, 'meta', previous), 'utf8')) as Record<string, any>;
    editSnapshot?.(snapshot);
    snapshot.prevId = snapshot.id;
    snapshot.id = randomUUID();
    writeFileSync(join(this.path, 'meta', `${tag.split('_')[0]}_snapshot.json`), JSON.stringify(snapshot, null, 2));
    writeFileSync(join(this.path, `${tag}.sql`), sql);
    return `${tag}.sql`;
  }

  /** Removes the temporary directory. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A copy of the schema code (`schema/*.ts` and the `contracts/*.ts` it imports) in a temporary
 * directory, with `node_modules` linked so that its imports resolve; edit it, then pass
 * `schemaFile`.
 */
export class SchemaCopy {
  private constructor(readonly root: string) {}

  /** Copies `schema/*.ts` and `contracts/*.ts` into a new temporary directory. */
  static create(): SchemaCopy {
    const root = mkdtempSync(join(tmpdir(), 'cutover-schematest-'));
    for (const dir of ['schema', 'contracts']) {
      mkdirSync(join(root, dir));
      for (const f of readdirSync(join(REPO, dir)).filter((x) => x.endsWith('.ts'))) cpSync(join(REPO, dir, f), join(root, dir, f));
    }
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    return new SchemaCopy(root);
  }

  /** The copied `schema/index.ts`. */
  get schemaFile(): string {
    return join(this.root, 'schema', 'index.ts');
  }

  /** Rewrites `schema/<name>` through `edit`; throws when the edit changes nothing. */
  edit(name: string, edit: (source: string) => string): void {
    const file = join(this.root, 'schema', name);
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of schema/${name} changed nothing`);
    writeFileSync(file, after);
  }

  /** Removes the temporary directory (the `node_modules` link, not its target). */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A seed for the upgrade paths: at every version, one row in each table that exists from the
 * first migration on (a user with an address, a category, a payment and its ledger entry).
 */
export async function seedEveryTable(url: string, k: number): Promise<void> {
  const hex = (n: number) => (k * 16 + n).toString(16).padStart(24, '0');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `WITH u AS (
         INSERT INTO users (legacy_object_id, email, role, created_at, updated_at)
         VALUES ($1, $2, 'buyer', now(), now()) RETURNING id
       ), a AS (
         INSERT INTO addresses (legacy_object_id, user_id, line1, city, country, is_primary, created_at, updated_at)
         SELECT $3, id, 'Main St 1', 'Izmir', 'TR', true, now(), now() FROM u RETURNING user_id
       ), p AS (
         INSERT INTO payments (legacy_object_id, user_id, amount, currency, provider, created_at, updated_at)
         SELECT $4, id, '12.5', 'USDT', 'seed', now(), now() FROM u RETURNING id, user_id, currency
       )
       INSERT INTO funds_ledger_entries (legacy_object_id, payment_id, user_id, currency, direction, kind, amount, created_at)
       SELECT $5, id, user_id, currency, 'credit', 'deposit', '12.5', now() FROM p`,
      [hex(1), `seed${k}@example.com`, hex(2), hex(3), hex(4)],
    );
    await client.query(`INSERT INTO categories (legacy_object_id, name, created_at, updated_at) VALUES ($1, $2, now(), now())`, [hex(5), `Seeded ${k}`]);
  } finally {
    await client.end();
  }
}
