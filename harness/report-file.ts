/**
 * Report files (`--json`, `--junit`, `--markdown`, `--html`): checked for writability before a
 * run starts, written only when the run produced the report, and atomically (a temporary file in
 * the same folder, then a rename), so that a run that fails, is interrupted or dies leaves the
 * previous report whole. Truncating the files at the start used to turn the last good report into
 * 0 bytes when the next run failed at connect.
 *
 * @public
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage-error.ts';

/**
 * Throws `UsageError` naming `option` unless `file` can be written: its folder exists or can be
 * created and is writable, and `file` is not a folder and, if it exists, is writable. Creates the
 * folder; never creates or changes `file`.
 */
export function assertReportWritable(option: string, file: string): void {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`${option} ${file}: cannot write into folder ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
    if (!isDir) accessSync(abs, constants.W_OK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`${option} ${file}: the file is not writable (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (isDir) throw new UsageError(`${option} ${file}: is a folder, not a file`);
}

/**
 * Writes `text` to `file` atomically: into `<file>.<pid>.tmp` next to it, then renamed over
 * `file` (a rename within one folder replaces the old file in one step). Creates the folder.
 * The temporary file is removed when the write fails.
 *
 * @throws the system error of the write or the rename.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const abs = path.resolve(file);
  mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
