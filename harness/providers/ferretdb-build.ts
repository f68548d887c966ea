/**
 * Building and finding the FerretDB binary of tools/ferretdb (our Go main embedding FerretDB 1.24;
 * see DESIGN.md section 5 for why it is our own main).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProviderUnavailableError } from './errors.ts';
import { findExecutable, isExecutableFile } from './processes.ts';

/** Absolute path of tools/ferretdb, the Go module to build. */
export const FERRETDB_SOURCE_DIR = fileURLToPath(new URL('../../tools/ferretdb/', import.meta.url));

/** Where the built binary is cached: tools/ferretdb/bin/ferretdb. */
export const FERRETDB_BINARY = path.join(FERRETDB_SOURCE_DIR, 'bin', 'ferretdb');

/** Options of {@link buildFerretDB}. */
export interface BuildFerretDBOptions {
  /** The Go module to build. Default {@link FERRETDB_SOURCE_DIR}. */
  readonly sourceDir?: string;
  /** Path of the binary to write. Default `<sourceDir>/bin/ferretdb`. */
  readonly output?: string;
  /** Environment for `go` (PATH, HOME, GOPATH, GOPROXY ...). Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines ("building ...", "up to date"). Default: discarded. */
  readonly log?: (line: string) => void;
  /** Build even when the binary is newer than the sources. */
  readonly force?: boolean;
}

/**
 * Builds tools/ferretdb with `GOTOOLCHAIN=local go build` (about a minute on a cold Go cache),
 * unless the binary is already newer than every `*.go` file, `go.mod` and `go.sum`. The binary is
 * written under a temporary name and renamed, so a concurrent start never runs a half-written file.
 *
 * @returns the absolute path of the binary.
 * @throws ProviderUnavailableError when `go` is not on `env.PATH`.
 * @throws Error when `go build` fails; the message carries the tail of its output.
 */
export async function buildFerretDB(opts: BuildFerretDBOptions = {}): Promise<string> {
  const sourceDir = path.resolve(opts.sourceDir ?? FERRETDB_SOURCE_DIR);
  const output = path.resolve(opts.output ?? path.join(sourceDir, 'bin', 'ferretdb'));
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  if (!opts.force && isBinaryFresh(output, sourceDir)) {
    log(`ferretdb: ${output} is up to date`);
    return output;
  }
  const go = findExecutable('go', env);
  if (go === undefined) {
    throw new ProviderUnavailableError(
      `go is not on PATH, so ${path.relative(process.cwd(), sourceDir) || '.'} cannot be built`,
    );
  }
  log(`ferretdb: building ${output} with ${go} (about a minute on a cold Go cache)`);
  await mkdir(path.dirname(output), { recursive: true });
  const partial = `${output}.partial-${process.pid}-${Date.now()}`;
  try {
    await run(go, ['build', '-o', partial, '.'], sourceDir, { ...env, GOTOOLCHAIN: 'local' });
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
  log(`ferretdb: built ${output}`);
  return output;
}

/**
 * The FerretDB binary to run: `CUTOVER_FERRETDB_BIN` if set; else the cached build, rebuilt first
 * when `go` is on PATH and the sources are newer (a stale binary is still used, with a log line,
 * when there is no `go` or the rebuild fails).
 *
 * @throws Error when `CUTOVER_FERRETDB_BIN` is set but is not an executable file, or when there is
 *   no cached binary and the build fails.
 * @throws ProviderUnavailableError when there is no binary and no `go` to build one.
 */
export async function findFerretDBBinary(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const explicit = env.CUTOVER_FERRETDB_BIN?.trim();
  if (explicit) {
    if (!isExecutableFile(explicit)) throw new Error(`CUTOVER_FERRETDB_BIN=${explicit} is not an executable file`);
    return explicit;
  }
  const cached = isExecutableFile(FERRETDB_BINARY);
  if (findExecutable('go', env) !== undefined) {
    try {
      return await buildFerretDB({ env, log });
    } catch (error) {
      if (!cached) throw error;
      log(`ferretdb: rebuild failed, using the existing ${FERRETDB_BINARY}: ${String(error)}`);
      return FERRETDB_BINARY;
    }
  }
  if (cached) {
    if (!isBinaryFresh(FERRETDB_BINARY, FERRETDB_SOURCE_DIR)) {
      log(`ferretdb: ${FERRETDB_BINARY} is older than its sources, and go is not on PATH to rebuild it`);
    }
    return FERRETDB_BINARY;
  }
  throw new ProviderUnavailableError(
    `no binary at ${FERRETDB_BINARY} and go is not on PATH to build it (or set CUTOVER_FERRETDB_BIN)`,
  );
}

function isBinaryFresh(binary: string, sourceDir: string): boolean {
  if (!isExecutableFile(binary)) return false;
  const built = statSync(binary).mtimeMs;
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum');
  return sources.every((f) => statSync(path.join(sourceDir, f)).mtimeMs <= built);
}

/**
 * The FerretDB version tools/ferretdb pins in go.mod (`v1.24.0`), or `undefined`. The binary's own
 * `buildInfo.ferretdbVersion` says "unknown": FerretDB reads it from a file its module lacks.
 */
export function pinnedFerretDBVersion(sourceDir: string = FERRETDB_SOURCE_DIR): string | undefined {
  try {
    const goMod = readFileSync(path.join(sourceDir, 'go.mod'), 'utf8');
    return /github\.com\/FerretDB\/FerretDB\s+(v\S+)/.exec(goMod)?.[1];
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
