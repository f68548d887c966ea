/**
 * Step `journal`: `meta/_journal.json` is what drizzle-orm's migrator trusts, so it must describe
 * the folder exactly. The migrator applies a journal entry only when its `when` is later than the
 * newest `created_at` already recorded, so an entry whose `when` is not after its predecessor's
 * is silently skipped on every database that already ran the predecessor.
 */
import type { Findings } from './report.ts';
import type { MigrationFolder } from './migration-folder.ts';

/** Checks the journal against the folder; every problem is named by entry tag or file name. */
export function checkJournal(folder: MigrationFolder, f: Findings): void {
  const { journal, migrations } = folder;
  if (journal.dialect !== 'postgresql') f.error(`meta/_journal.json: dialect is "${journal.dialect}", expected "postgresql"`);

  const tags = new Set<string>();
  migrations.forEach(({ entry }, position) => {
    const label = `journal entry ${position} (${entry.tag})`;
    if (typeof entry.tag !== 'string' || entry.tag === '') {
      f.error(`journal entry ${position} has no tag`);
      return;
    }
    if (entry.idx !== position) f.error(`${label}: idx is ${entry.idx}, expected ${position} (entries must be in idx order, without gaps)`);
    if (tags.has(entry.tag)) f.error(`${label}: tag "${entry.tag}" appears more than once`);
    tags.add(entry.tag);
    if (!Number.isSafeInteger(entry.when)) f.error(`${label}: "when" is ${JSON.stringify(entry.when)}, not a timestamp in ms`);
    const prefix = /^(\d+)_/.exec(entry.tag)?.[1];
    if (prefix === undefined || Number(prefix) !== position) {
      f.warn(`${label}: tag prefix is not ${String(position).padStart(4, '0')} (drizzle-kit numbers files by position)`);
    }
    const previous = migrations[position - 1]?.entry;
    if (previous && Number.isSafeInteger(previous.when) && !(entry.when > previous.when)) {
      f.error(
        `${label}: "when" ${entry.when} is not after the previous entry's (${previous.tag}: ${previous.when}); ` +
          `drizzle-orm's migrator would skip ${entry.tag} on every database that already applied ${previous.tag}`,
      );
    }
  });

  // One .sql file per entry, one entry per .sql file.
  const expectedSql = new Set(migrations.map((m) => m.fileName));
  for (const m of migrations) if (m.sql === undefined) f.error(`${m.fileName} is listed in the journal (${m.entry.tag}) but missing from the folder`);
  for (const file of folder.sqlFiles) if (!expectedSql.has(file)) f.error(`${file} has no journal entry, so the migrator never applies it`);

  // drizzle-kit generate diffs the schema against the newest snapshot: each migration needs its
  // snapshot, and the snapshots must form one chain (prevId -> id).
  const expectedSnapshots = new Set(migrations.map((m) => m.snapshotFile));
  let previousId: unknown = '00000000-0000-0000-0000-000000000000';
  for (const m of migrations) {
    if (m.snapshot === undefined) {
      f.error(`meta/${m.snapshotFile} (snapshot of ${m.entry.tag}) is missing or not JSON`);
      previousId = undefined;
      continue;
    }
    if (previousId !== undefined && m.snapshot.prevId !== previousId) {
      f.error(`meta/${m.snapshotFile}: prevId ${String(m.snapshot.prevId)} is not the previous snapshot's id ${String(previousId)}`);
    }
    previousId = m.snapshot.id;
  }
  for (const file of folder.snapshotFiles) {
    if (!expectedSnapshots.has(file)) f.error(`meta/${file} belongs to no journal entry (drizzle-kit may diff against it)`);
  }

  f.info(`${migrations.length} journal entries, ${folder.sqlFiles.length} .sql files, ${folder.snapshotFiles.length} snapshots`);
}
