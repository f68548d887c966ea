/**
 * The edits that register a new domain: its entry in `contracts/index.ts` (the registry), its
 * table in `schema/index.ts` (what drizzle-kit and the typed database read) and its stored-entity
 * spec in `repos/legacy/index.ts` (`STORED_ENTITIES`, what backfill, verify and reconcile read).
 * Each edit is a pure text transform that fails with a clear message, and changes nothing, when
 * the file does not look as expected.
 */
import type { DomainNames } from './names.ts';

/** A registration edit that cannot be made; `file` is the file it concerns. */
export class ScaffoldRegistrationError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ScaffoldRegistrationError';
  }
}

/** Inserts `lines` after the last line matching `pattern` (a top-level import or export line). */
function insertAfterLast(text: string, pattern: RegExp, lines: readonly string[], file: string, what: string): string {
  const all = text.split('\n');
  let last = -1;
  all.forEach((l, i) => {
    if (pattern.test(l)) last = i;
  });
  if (last < 0) throw new ScaffoldRegistrationError(file, `found no ${what} to add after`);
  all.splice(last + 1, 0, ...lines);
  return all.join('\n');
}

/** Appends `item` to the array literal of the declaration `export const <name>`. */
function appendToArray(text: string, name: string, item: string, file: string): string {
  const decl = new RegExp(`export const ${name}\\b[^=]*=\\s*\\[`).exec(text);
  if (!decl) throw new ScaffoldRegistrationError(file, `found no array literal "export const ${name} ... = [...]"`);
  const open = decl.index + decl[0].length;
  const close = text.indexOf(']', open);
  if (close < 0 || text.slice(open, close).includes('[')) throw new ScaffoldRegistrationError(file, `the ${name} array is not a plain list of names`);
  const body = text.slice(open, close);
  const trimmed = body.trimEnd();
  let next: string;
  if (trimmed.trim() === '') next = item;
  else if (body.includes('\n')) {
    // One entry per line: keep the layout (indentation of the last entry, trailing comma).
    const indent = /\n([ \t]*)\S[^\n]*$/.exec(trimmed)?.[1] ?? '  ';
    next = `${trimmed.endsWith(',') ? trimmed : `${trimmed},`}\n${indent}${item},${body.slice(trimmed.length)}`;
  } else next = `${trimmed.replace(/,$/, '')}, ${item}${body.slice(trimmed.length)}`;
  return text.slice(0, open) + next + text.slice(close);
}

/** Inserts `block` before the doc comment (if any) of the statement starting at `at`. */
function insertBeforeStatement(text: string, at: number, block: string): string {
  let start = at;
  const before = text.slice(0, at);
  if (/\*\/\s*$/.test(before)) {
    const open = before.lastIndexOf('/**');
    if (open >= 0) start = open;
  }
  return text.slice(0, start) + block + text.slice(start);
}

/** `contracts/index.ts` with the domain imported, defined and appended to `domains`. */
export function registerInContracts(text: string, n: DomainNames, file = 'contracts/index.ts'): string {
  const declared = new RegExp(`(?:const|let|function|class)\\s+${n.camel}\\b|import\\s+(?:type\\s+)?\\{[^}]*\\b${n.camel}\\b[^}]*\\}`);
  if (declared.test(text) || text.includes(`name: '${n.kebab}'`)) {
    throw new ScaffoldRegistrationError(file, `already uses the name ${n.camel} (is ${n.kebab} registered already?)`);
  }
  let out = insertAfterLast(
    text,
    /^import .* from '[^']+';\s*$/,
    [
      `import { ${n.camel}Methods } from './${n.kebab}.ts';`,
      `import { ${n.camel}Model } from './${n.kebab}.model.ts';`,
      `import { ${n.camel}Commands } from './${n.kebab}.commands.ts';`,
      `import { ${n.camel}Examples } from './${n.kebab}.examples.ts';`,
      `import { ensure${n.pascal}Indexes, mongo${n.pascal}Repository } from '../repos/mongo/${n.kebab}.ts';`,
      `import { drizzle${n.pascal}Repository } from '../repos/drizzle/${n.kebab}.ts';`,
      `import { ${n.camel}Entity } from '../repos/legacy/${n.kebab}.ts';`,
    ],
    file,
    'import line',
  );
  const at = out.search(/^export const domains\b/m);
  if (at < 0) throw new ScaffoldRegistrationError(file, 'found no "export const domains" (the registry array)');
  const entry = `export const ${n.camel} = defineDomain({
  name: '${n.kebab}',
  // SCAFFOLD: the domains whose repositories this domain's commands call (e.g. ['user']).
  dependsOn: [],
  methods: ${n.camel}Methods,
  model: ${n.camel}Model,
  mongo: mongo${n.pascal}Repository,
  drizzle: drizzle${n.pascal}Repository,
  mongoCollections: ['${n.collection}'],
  ensureMongoIndexes: ensure${n.pascal}Indexes,
  pgTables: ['${n.table}'],
  commands: ${n.camel}Commands,
  examples: ${n.camel}Examples,
  // SCAFFOLD: rules on stored state checked after every command (properties/invariants/), and
  // domain checks (constraint agreement, concurrency) if the domain has any.
  invariants: [],
  checks: [],
  stored: [${n.camel}Entity],
});

`;
  out = insertBeforeStatement(out, at, entry);
  return appendToArray(out, 'domains', n.camel, file);
}

/** `schema/index.ts` with the domain's table module exported. */
export function registerInSchema(text: string, n: DomainNames, file = 'schema/index.ts'): string {
  const line = `export * from './${n.table}.ts';`;
  if (text.includes(line)) throw new ScaffoldRegistrationError(file, `already exports ./${n.table}.ts`);
  return insertAfterLast(text, /^export \* from '[^']+';\s*$/, [line], file, '"export * from" line');
}

/** `repos/legacy/index.ts` with the stored-entity spec imported, re-exported and in `STORED_ENTITIES`. */
export function registerInLegacy(text: string, n: DomainNames, file = 'repos/legacy/index.ts'): string {
  if (new RegExp(`\\b${n.camel}Entity\\b`).test(text)) throw new ScaffoldRegistrationError(file, `already lists ${n.camel}Entity`);
  let out = insertAfterLast(text, /^import .* from '[^']+';\s*$/, [`import { ${n.camel}Entity } from './${n.kebab}.ts';`], file, 'import line');
  out = insertAfterLast(out, /^export \* from '[^']+';\s*$/, [`export * from './${n.kebab}.ts';`], file, '"export * from" line');
  return appendToArray(out, 'STORED_ENTITIES', `${n.camel}Entity`, file);
}
