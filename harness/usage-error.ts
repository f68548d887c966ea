/**
 * The error class of bad command-line or library options: the CLI prints its message alone (no
 * stack trace) and exits with code 2.
 *
 * @public
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
