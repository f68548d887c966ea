/**
 * Reading a project's declaration of its custom database objects (`--custom-objects FILE`):
 * the triggers and functions its custom SQL migrations create, which drizzle-kit's schema code
 * cannot express. A JSON file, or a module whose default export (or `customObjects` export) is
 * a {@link CustomObjects}.
 *
 * @public
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomObjects } from './custom-objects.ts';

/** Thrown when the declaration cannot be read or breaks a rule; the message names the field. */
export class CustomObjectsFileError extends Error {
  readonly code = 'CUSTOM_OBJECTS_FILE';
}

const TIMINGS = ['BEFORE', 'AFTER'];
const LEVELS = ['ROW', 'STATEMENT'];
const EVENTS = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

/**
 * Loads and validates the declaration at `file`.
 *
 * @throws CustomObjectsFileError when the file is missing, not JSON / not importable, or a
 *   field has the wrong shape (for example `triggers[2].timing: must be BEFORE or AFTER`).
 */
export async function loadCustomObjects(file: string): Promise<CustomObjects> {
  const path = resolve(file);
  let value: unknown;
  try {
    if (path.endsWith('.json')) value = JSON.parse(readFileSync(path, 'utf8'));
    else {
      const mod = (await import(pathToFileURL(path).href)) as { default?: unknown; customObjects?: unknown };
      value = mod.customObjects ?? mod.default;
    }
  } catch (error) {
    throw new CustomObjectsFileError(`--custom-objects ${file}: cannot be read: ${(error as Error).message}`);
  }
  return validateCustomObjects(value, `--custom-objects ${file}`);
}

/** Checks the shape of a declaration; `where` prefixes every message. */
export function validateCustomObjects(value: unknown, where: string): CustomObjects {
  const fail = (field: string, rule: string): never => {
    throw new CustomObjectsFileError(`${where}: ${field}: ${rule}`);
  };
  if (!value || typeof value !== 'object') fail('(top level)', 'must be an object with "triggers" and "functions"');
  const v = value as Record<string, unknown>;
  const str = (x: unknown, field: string) => (typeof x === 'string' && x !== '' ? x : fail(field, 'must be a non-empty string'));
  const oneOf = (x: unknown, allowed: string[], field: string) => (allowed.includes(x as string) ? (x as string) : fail(field, `must be ${allowed.join(' or ')}`));
  const events = (x: unknown, field: string) =>
    Array.isArray(x) && x.length > 0 ? x.map((e, i) => oneOf(e, EVENTS, `${field}[${i}]`)) : fail(field, `must be a non-empty array of ${EVENTS.join(', ')}`);
  const triggers = v.triggers ?? [];
  if (!Array.isArray(triggers)) fail('triggers', 'must be an array');
  const functions = v.functions ?? [];
  if (!Array.isArray(functions)) fail('functions', 'must be an array of function names');
  const out = {
    triggers: (triggers as unknown[]).map((t, i) => {
      const f = `triggers[${i}]`;
      if (!t || typeof t !== 'object') fail(f, 'must be an object');
      const x = t as Record<string, unknown>;
      return {
        name: str(x.name, `${f}.name`),
        table: str(x.table, `${f}.table`),
        timing: oneOf(x.timing, TIMINGS, `${f}.timing`) as 'BEFORE' | 'AFTER',
        level: oneOf(x.level, LEVELS, `${f}.level`) as 'ROW' | 'STATEMENT',
        events: events(x.events, `${f}.events`) as ('INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE')[],
        function: str(x.function, `${f}.function`),
        ...(x.rejects !== undefined && { rejects: x.rejects === true }),
        ...(x.updateOfColumn !== undefined && { updateOfColumn: str(x.updateOfColumn, `${f}.updateOfColumn`) }),
      };
    }),
    functions: (functions as unknown[]).map((x, i) => str(x, `functions[${i}]`)),
  };
  if (v.idMapTrigger === undefined) return out;
  const m = v.idMapTrigger as Record<string, unknown>;
  if (!m || typeof m !== 'object') fail('idMapTrigger', 'must be an object');
  return {
    ...out,
    idMapTrigger: {
      column: str(m.column, 'idMapTrigger.column'),
      mapTable: str(m.mapTable, 'idMapTrigger.mapTable'),
      suffix: str(m.suffix, 'idMapTrigger.suffix'),
      timing: oneOf(m.timing, TIMINGS, 'idMapTrigger.timing') as 'BEFORE' | 'AFTER',
      level: oneOf(m.level, LEVELS, 'idMapTrigger.level') as 'ROW' | 'STATEMENT',
      function: str(m.function, 'idMapTrigger.function'),
      events: events(m.events, 'idMapTrigger.events') as ('INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE')[],
    },
  };
}
