/**
 * Shadow reads: while Mongo stays authoritative, every read is also answered by the Postgres
 * mirror in the background and the two answers are compared. These are the shared words for
 * what a comparison found; the comparison itself lives in `repos/shadow.ts`.
 *
 * @public
 */
import type { Outcome } from './outcome.ts';

/**
 * - `match`: equal answers (after mapping the mirror's ids to the primary's);
 * - `mismatch`: different answers;
 * - `ignored`: different, but an ignore rule for a known, documented difference applies (counted
 *   apart from matches, never as one);
 * - `error`: the comparison itself could not run (for example the id map could not be read).
 */
export const SHADOW_OUTCOMES = ['match', 'mismatch', 'ignored', 'error'] as const;
export type ShadowOutcome = (typeof SHADOW_OUTCOMES)[number];

/** One shadow read: the call and what each store answered (mirror ids already mapped). */
export interface ShadowComparison {
  readonly domain: string;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly primary: Outcome;
  readonly mirror: Outcome;
}

/**
 * A known, documented difference between the stores that must not count as a mismatch. `name`
 * appears in reports; `description` says what differs and why it is acceptable; `source` names
 * the issue or document that accepted it.
 */
export interface IgnoreRule {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  applies(c: ShadowComparison): boolean;
}
