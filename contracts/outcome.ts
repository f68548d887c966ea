/**
 * Outcomes: what a call did, in a form two implementations can be compared on. A contract error
 * is compared by class (code) and by the field/key/entity it names; any other error is a crash,
 * which never matches anything. Crash messages are not redacted here: every reporter redacts.
 *
 * @public
 */
import { isContractError } from './errors.ts';

export type Outcome =
  | { readonly ok: unknown }
  | { readonly error: string; readonly detail?: string }
  | { readonly crash: string };

/** What the contract error names (field, key, entity or invariant), if anything. */
function detailOf(e: object): string | undefined {
  for (const k of ['field', 'key', 'entity', 'invariant'] as const) {
    const v = (e as Record<string, unknown>)[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** The outcome of a call that threw `e`. */
export function errorOutcome(e: unknown): Outcome {
  if (isContractError(e)) {
    const detail = detailOf(e);
    return detail === undefined ? { error: e.name } : { error: e.name, detail };
  }
  return { crash: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
}

/** Runs `f` and captures its outcome (never throws). */
export async function outcomeOf(f: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await f() };
  } catch (e) {
    return errorOutcome(e);
  }
}

/** True when the outcome is a crash (an error outside the contract). */
export const isCrash = (o: Outcome): o is { crash: string } => 'crash' in o;
