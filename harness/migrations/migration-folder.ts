/**
 * A drizzle-kit migrations folder read the way drizzle-orm's migrator reads it
 * (`readMigrationFiles` in drizzle-orm/migrator.js): `meta/_journal.json` lists the migrations
 * in order; each entry's `<tag>.sql` is split at `--> statement-breakpoint`; its hash is the
 * sha256 (hex) of the file's text. drizzle-kit also keeps one `meta/<prefix>_snapshot.json` per
 * migration (the schema after it), which `drizzle-kit generate` diffs against.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One `entries[]` item of `meta/_journal.json` as drizzle-kit 0.31 writes it. */
export interface JournalEntry {
  readonly idx: number;
  readonly version: string;
  /** Creation time, ms since the epoch; the migrator stores it as `created_at`. */
  readonly when: number;
  readonly tag: string;
  readonly breakpoints: boolean;
}

/** `meta/_journal.json`. */
export interface Journal {
  readonly version: string;
  readonly dialect: string;
  readonly entries: readonly JournalEntry[];
}

/** A journal entry with what the folder holds for it. */
export interface MigrationFile {
  readonly entry: JournalEntry;
  /** `<tag>.sql`. */
  readonly fileName: string;
  /** The file's text, or undefined when the file is missing. */
  readonly sql: string | undefined;
  /** sha256 hex of `sql` exactly as drizzle-orm computes it; undefined when the file is missing. */
  readonly hash: string | undefined;
  /** `meta/<prefix>_snapshot.json` (prefix = the tag up to its first `_`). */
  readonly snapshotFile: string;
  /** The parsed snapshot, or undefined when missing or not JSON. */
  readonly snapshot: Record<string, unknown> | undefined;
}

/** A migrations folder as read from disk. */
export interface MigrationFolder {
  readonly path: string;
  readonly journal: Journal;
  /** One per journal entry, in journal order. */
  readonly migrations: readonly MigrationFile[];
  /** Every `*.sql` file in the folder (sorted). */
  readonly sqlFiles: readonly string[];
  /** Every `meta/*_snapshot.json` file (sorted). */
  readonly snapshotFiles: readonly string[];
}

/** Thrown when the journal cannot be read at all (missing or not JSON). */
export class JournalUnreadableError extends Error {
  readonly code = 'MIGRATION_JOURNAL_UNREADABLE';
}

/** The hash drizzle-orm records for a migration: sha256 (hex) of the file's text. */
export function drizzleMigrationHash(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Reads `folder` (journal, every migration's SQL and snapshot). Missing `.sql` or snapshot files
 * are represented as `undefined`, for the journal step to report.
 *
 * @throws JournalUnreadableError when `meta/_journal.json` is missing, not JSON, or has no
 *   `entries` array.
 */
export function readMigrationFolder(folder: string): MigrationFolder {
  const journalPath = join(folder, 'meta', '_journal.json');
  if (!existsSync(journalPath)) throw new JournalUnreadableError(`${journalPath} does not exist`);
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  } catch (error) {
    throw new JournalUnreadableError(`meta/_journal.json is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(journal?.entries)) throw new JournalUnreadableError('meta/_journal.json has no "entries" array');

  const migrations = journal.entries.map((entry): MigrationFile => {
    const fileName = `${entry.tag}.sql`;
    const sqlPath = join(folder, fileName);
    // drizzle-orm reads the file with readFileSync(...).toString(): UTF-8, BOM and CRLF kept.
    const sql = existsSync(sqlPath) ? readFileSync(sqlPath).toString() : undefined;
    const snapshotFile = `${String(entry.tag).split('_')[0]}_snapshot.json`;
    return {
      entry,
      fileName,
      sql,
      hash: sql === undefined ? undefined : drizzleMigrationHash(sql),
      snapshotFile,
      snapshot: readJson(join(folder, 'meta', snapshotFile)),
    };
  });
  const metaDir = join(folder, 'meta');
  return {
    path: folder,
    journal,
    migrations,
    sqlFiles: readdirSync(folder).filter((f) => f.endsWith('.sql')).sort(),
    snapshotFiles: existsSync(metaDir) ? readdirSync(metaDir).filter((f) => f.endsWith('_snapshot.json')).sort() : [],
  };
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
