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
  ) {
    super(`${file}: SCAFFOLD spot "${spot}" is not written yet (${what}); write it between "SCAFFOLD-BEGIN ${spot}" and "SCAFFOLD-END"`);
    this.name = 'ScaffoldNotImplemented';
  }
}
