import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FRAME = /\((?:file:\/\/)?([^()]+?):\d+:\d+\)$|at (?:async )?(?:file:\/\/)?([^()\s]+?):\d+:\d+$/;

/** The project-relative file of the first stack frame outside this file and `file`. */
function callerOutside(file: string): string | undefined {
  for (const line of new Error().stack?.split('\n').slice(1) ?? []) {
    const m = FRAME.exec(line.trim());
    const abs = m?.[1] ?? m?.[2];
    if (!abs || abs === fileURLToPath(import.meta.url)) continue;
    const rel = path.relative(ROOT, abs).split(path.sep).join('/');
    if (rel === file) continue;
    return rel.startsWith('..') ? abs : rel;
  }
  return undefined;
}

/**
 * What a scaffolded stub throws until a developer writes it (`cutover new-domain`, see
 * docs/adding-a-domain.md).
 *
 * Every spot a new domain must fill in is a region between `// SCAFFOLD-BEGIN <spot>` and
 * `// SCAFFOLD-END` whose body throws this error. It is deliberately not a contract error: the
 * harness reports it as a crash, so examples fail and model-based runs disagree with the model
 * (the message names a different file on each side), and `cutover check --domain <name>` cannot
 * pass before every spot is written.
 *
 * @public
 */
export class ScaffoldNotImplemented extends Error {
  /** Searchable in reports and logs. */
  readonly code = 'SCAFFOLD_NOT_IMPLEMENTED' as const;

  /**
   * @param file - the scaffolded file, relative to the project root (`repos/mongo/gift-card.ts`)
   * @param spot - the region's name, as in `// SCAFFOLD-BEGIN <spot>`
   * @param what - what to write there, in a few words
   */
  constructor(
    readonly file: string,
    readonly spot: string,
    what: string,
    /** Set for a spot in code every implementation calls (the validator): see {@link ScaffoldNotImplemented.shared}. */
    readonly calledFrom?: string,
  ) {
    super(
      `${file}: SCAFFOLD spot "${spot}" is not written yet (${what}); write it between "SCAFFOLD-BEGIN ${spot}" and "SCAFFOLD-END"` +
        (calledFrom ? ` (called from ${calledFrom})` : ''),
    );
    this.name = 'ScaffoldNotImplemented';
  }

  /**
   * The error of a spot in code the model and every implementation share (the contract's
   * validator). Its message names the file that called it: otherwise the model and an
   * implementation would fail with the same message, and the differential runner compares
   * outcomes by message, so the model-based check would see agreement where nothing works.
   */
  static shared(file: string, spot: string, what: string): ScaffoldNotImplemented {
    return new ScaffoldNotImplemented(file, spot, what, callerOutside(file));
  }
}
