/**
 * Small helpers for example specs: they run under vitest and inside `cutover check`, so they use
 * `node:assert` rather than a test runner's `expect`.
 */
import assert from 'node:assert/strict';
import type { ContractError } from './errors.ts';

/**
 * Awaits `p` and asserts it rejects with an error of class `cls` (and, when given, whose
 * properties include `fields`). Returns the error.
 */
export async function rejectsWith<E extends ContractError>(
  p: Promise<unknown>,
  cls: abstract new (...args: never[]) => E,
  fields: Partial<Record<keyof E, unknown>> = {},
): Promise<E> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected a ${cls.name}, but the call succeeded`);
  assert.ok(caught instanceof cls, `expected a ${cls.name}, got ${describe(caught)}`);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual((caught as Record<string, unknown>)[k], v, `${cls.name}.${k}`);
  return caught as E;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}

export { assert };
