/**
 * Applying a migrations folder (all of it, or its first k+1 entries) with drizzle-orm's migrator,
 * and turning a failure into `file:line: message (SQLSTATE)`.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { trackedTempDir } from '../providers/cleanup.ts';
import { join } from 'node:path';
import type pg from 'pg';
import { applyMigrations } from '../migrate.ts';
import { STATEMENT_BREAKPOINT, lineAt } from './sql-statements.ts';
import type { MigrationFolder } from './migration-folder.ts';

/** A row of `drizzle.__drizzle_migrations`. */
export interface AppliedMigration {
  readonly id: number;
  readonly hash: string;
  /** The journal entry's `when` (ms), as the migrator stored it. */
  readonly createdAt: number;
}

/** Thrown by {@link applyFolder}; `message` says where (`0003_x.sql:5`) and why. */
export class MigrationApplyError extends Error {
  readonly code = 'MIGRATION_APPLY_FAILED';
}

/**
 * Runs drizzle-orm's migrator (`migrate(drizzle(client), { migrationsFolder })`, through
 * `harness/migrate.ts`) on the database at `url`.
 *
 * @throws MigrationApplyError when a statement fails: the message names the migration file and
 *   line of the failing statement (found in `folder`), the server's message and SQLSTATE.
 */
export async function applyFolder(url: string, migrationsFolder: string, folder: MigrationFolder): Promise<void> {
  try {
    await applyMigrations(url, migrationsFolder);
  } catch (error) {
    throw new MigrationApplyError(describeApplyError(error, folder), { cause: error });
  }
}

/**
 * A temporary copy of `folder` whose journal lists only entries 0..k, for an upgrade path's first
 * half. The caller removes it with `dispose()`.
 */
export function truncatedFolderCopy(folder: MigrationFolder, k: number): { path: string; dispose(): void } {
  const temp = trackedTempDir(`cutover-mig-upto${k}-`);
  const path = join(temp.path, 'migrations');
  cpSync(folder.path, path, { recursive: true });
  const journalPath = join(path, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, k + 1);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  return { path, dispose: temp.dispose };
}

/** The migrator's bookkeeping rows in id order; empty when the table does not exist. */
export async function readAppliedMigrations(client: pg.Client): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ id: number; hash: string; created_at: string | null }>(
    `SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`,
  ).catch((error: { code?: string }) => {
    if (error.code === '42P01' || error.code === '3F000') return { rows: [] };
    throw error;
  });
  return rows.map((r) => ({ id: r.id, hash: r.hash, createdAt: Number(r.created_at) }));
}

interface PgErrorFields {
  message?: string;
  code?: string;
  position?: string;
  detail?: string;
}

/** `0003_x.sql:5: <server message> (SQLSTATE 55P04)` when the failing statement can be located. */
export function describeApplyError(error: unknown, folder: MigrationFolder): string {
  const e = error as { message?: string; query?: string; cause?: PgErrorFields } & PgErrorFields;
  const pgError: PgErrorFields = e.cause && typeof e.cause === 'object' && 'code' in e.cause ? e.cause : e;
  const query = typeof e.query === 'string' ? e.query : undefined;
  const reason = `${pgError.message ?? e.message ?? String(error)}${pgError.code ? ` (SQLSTATE ${pgError.code})` : ''}${
    pgError.detail ? `; ${pgError.detail}` : ''
  }`;
  const where = query === undefined ? undefined : locateStatement(query, pgError.position, folder);
  return where ? `${where}: ${reason}` : reason;
}

/** Finds the chunk drizzle-orm sent (`query`) in the folder's files: `file:line`. */
function locateStatement(query: string, position: string | undefined, folder: MigrationFolder): string | undefined {
  for (const m of folder.migrations) {
    if (m.sql === undefined) continue;
    let offset = 0;
    for (const chunk of m.sql.split(STATEMENT_BREAKPOINT)) {
      if (chunk === query) {
        const within = position ? Math.max(0, Number(position) - 1) : firstTokenOffset(chunk);
        return `${m.fileName}:${lineAt(m.sql, offset + within)}`;
      }
      offset += chunk.length + STATEMENT_BREAKPOINT.length;
    }
  }
  return undefined;
}

function firstTokenOffset(chunk: string): number {
  const m = /\S/.exec(chunk);
  return m ? m.index : 0;
}
