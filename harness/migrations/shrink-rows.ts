/**
 * Shrinking a failed upgrade to the fewest seeded rows that still make it fail the same way
 * (same SQLSTATE, same statement). A probe runs on one database at version k: BEGIN, the rows,
 * every later migration's statement chunks in order (as drizzle-orm's migrator sends them, in
 * one transaction), ROLLBACK. Rows are removed with their descendants (a child needs its
 * parent), by halves, then quarters, down to single rows. The result is confirmed once with
 * drizzle-orm's migrator itself on a copy of that database.
 */
import type pg from 'pg';
import { applyFolder, truncatedFolderCopy } from './apply.ts';
import { objectName } from './lint.ts';
import type { MigrationFolder } from './migration-folder.ts';
import { insertSql, type SeedRow } from './seed-rows.ts';
import { adminQuery, createScratchDatabase, withClient } from './scratch-database.ts';
import { STATEMENT_BREAKPOINT } from './sql-statements.ts';

/** How a migration run failed: the SQLSTATE and the chunk drizzle-orm sent. */
export interface FailureKey {
  readonly code: string | undefined;
  readonly query: string | undefined;
}

/** The result of {@link shrinkRows}. */
export interface ShrinkResult {
  /** The minimal rows (parents included), in seeding order. */
  readonly rows: readonly SeedRow[];
  /** Probes run. */
  readonly probes: number;
  /** False when even all rows did not reproduce the failure in a probe (then `rows` is all rows). */
  readonly reproduced: boolean;
  /** True when drizzle-orm's migrator, run on a copy with exactly `rows`, fails the same way. */
  readonly confirmed: boolean;
}

/** Most probes one shrink may run. */
const MAX_PROBES = 60;

/** The SQLSTATE and chunk of an error thrown by drizzle-orm's migrator (possibly wrapped). */
export function failureKey(error: unknown): FailureKey {
  let e = error as { code?: string; query?: string; cause?: unknown } | undefined;
  let code: string | undefined;
  let query: string | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (typeof e.query === 'string') query ??= e.query;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) code ??= e.code;
    e = e.cause as typeof e;
  }
  return { code, query };
}

const same = (a: FailureKey, b: FailureKey) => a.code === b.code && (a.query === undefined || b.query === undefined || a.query === b.query);

/**
 * Shrinks `rows` (seeded at version k of `folder`) to a minimal set that makes the upgrade to
 * head fail as `failure` did. Creates (and drops) its own scratch databases on `adminUrl`.
 *
 * @throws MigrationCheckSetupError when a scratch database cannot be created.
 */
export async function shrinkRows(adminUrl: string, folder: MigrationFolder, k: number, rows: readonly SeedRow[], failure: FailureKey): Promise<ShrinkResult> {
  const base = await createScratchDatabase(adminUrl, `shrink${k}`);
  try {
    const partial = truncatedFolderCopy(folder, k);
    try {
      await applyFolder(base.url, partial.path, folder);
    } finally {
      partial.dispose();
    }
    const chunks = folder.migrations.slice(k + 1).flatMap((m) => (m.sql === undefined ? [] : m.sql.split(STATEMENT_BREAKPOINT)));
    const byId = new Map(rows.map((x) => [x.id, x]));
    const closure = (set: readonly SeedRow[]): SeedRow[] => {
      const out = new Map<number, SeedRow>();
      const add = (x: SeedRow) => {
        if (out.has(x.id)) return;
        out.set(x.id, x);
        for (const p of x.parents) {
          const parent = byId.get(p);
          if (parent) add(parent);
        }
      };
      set.forEach(add);
      return [...out.values()].sort((a, b) => a.id - b.id);
    };
    let probes = 0;
    const result = await withClient(base.url, async (client) => {
      await client.query('SET client_min_messages = warning');
      const fails = async (set: readonly SeedRow[]) => {
        probes++;
        return probe(client, closure(set), chunks, failure);
      };
      if (await fails([])) return { rows: [] as SeedRow[], reproduced: true };
      if (!(await fails(rows))) return { rows: [...rows], reproduced: false };
      let current: SeedRow[] = [...rows];
      // Most failures are about the table the failing statement alters.
      const table = failure.query ? tableOf(failure.query) : undefined;
      const own = current.filter((x) => x.table === table);
      if (own.length > 0 && own.length < current.length && (await fails(own))) current = own;
      const without = (set: SeedRow[], drop: readonly SeedRow[]) => {
        const gone = new Set(drop.map((x) => x.id));
        // A row goes with every row that needs it.
        let changed = true;
        while (changed) {
          changed = false;
          for (const x of set) if (!gone.has(x.id) && x.parents.some((p) => gone.has(p))) {
            gone.add(x.id);
            changed = true;
          }
        }
        return set.filter((x) => !gone.has(x.id));
      };
      let size = Math.max(1, Math.floor(current.length / 2));
      while (probes < MAX_PROBES) {
        let removed = false;
        for (let i = 0; i < current.length && probes < MAX_PROBES; ) {
          const candidate = without(current, current.slice(i, i + size));
          if (candidate.length < current.length && (await fails(candidate))) {
            current = candidate;
            removed = true;
          } else i += size;
        }
        if (size === 1 && !removed) break;
        if (!removed) size = Math.max(1, Math.floor(size / 2));
      }
      return { rows: closure(current), reproduced: true };
    });
    const confirmed = result.reproduced ? await confirm(adminUrl, base.name, folder, result.rows, failure) : false;
    return { ...result, probes, confirmed };
  } finally {
    await base.drop().catch(() => {});
  }
}

/** True when inserting `rows` and running `chunks` in one transaction fails like `failure`. */
async function probe(client: pg.Client, rows: readonly SeedRow[], chunks: readonly string[], failure: FailureKey): Promise<boolean> {
  await client.query('BEGIN');
  try {
    for (const row of rows) {
      try {
        await client.query(insertSql(row));
      } catch {
        return false; // this subset is not a valid database at version k
      }
    }
    for (const chunk of chunks) {
      try {
        await client.query(chunk);
      } catch (error) {
        return same(failureKey(Object.assign(error as object, { query: chunk })), failure);
      }
    }
    return false;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/** The real migrator on a copy of the version-k database holding exactly `rows`. */
async function confirm(adminUrl: string, baseName: string, folder: MigrationFolder, rows: readonly SeedRow[], failure: FailureKey): Promise<boolean> {
  const copy = await createScratchDatabase(adminUrl, 'confirm');
  try {
    await adminQuery(adminUrl, `DROP DATABASE "${copy.name}"`, `CREATE DATABASE "${copy.name}" TEMPLATE "${baseName}"`);
    await withClient(copy.url, async (c) => {
      for (const row of rows) await c.query(insertSql(row));
    });
    try {
      await applyFolder(copy.url, folder.path, folder);
      return false;
    } catch (error) {
      return same(failureKey(error), failure);
    }
  } catch {
    return false;
  } finally {
    await copy.drop().catch(() => {});
  }
}

/** The table an `ALTER TABLE` or `CREATE INDEX ... ON` chunk works on. */
function tableOf(query: string): string | undefined {
  const text = query.replace(/--[^\n]*\n/g, ' ').trim();
  const m = /^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/i.exec(text) ?? /\bON (?:ONLY )?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/i.exec(text);
  return m ? objectName(m[1] as string) : undefined;
}
