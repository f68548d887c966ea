/**
 * The files `cutover new-domain` writes, modelled on the address domain: a table with the id
 * columns and a `name`, the contract (types, repository, method map, validator), the reference
 * model, command arbitraries, examples, the Mongo and Drizzle implementations and the stored-
 * entity spec. The plumbing every domain shares (both id forms, absent-not-null, ordering,
 * error mapping, the DualWrite id hand-over) is written out; the domain's rules are
 * `SCAFFOLD-BEGIN`/`SCAFFOLD-END` regions that throw {@link ScaffoldNotImplemented} until filled.
 */
import type { DomainNames } from './names.ts';

/** One file the scaffold writes: its path relative to the project root and its text. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** The paths of a domain's files, relative to the project root. */
export function domainPaths(n: DomainNames) {
  return {
    schema: `schema/${n.table}.ts`,
    contract: `contracts/${n.kebab}.ts`,
    model: `contracts/${n.kebab}.model.ts`,
    commands: `contracts/${n.kebab}.commands.ts`,
    examples: `contracts/${n.kebab}.examples.ts`,
    mongo: `repos/mongo/${n.kebab}.ts`,
    drizzle: `repos/drizzle/${n.kebab}.ts`,
    legacy: `repos/legacy/${n.kebab}.ts`,
  } as const;
}

/** The maximum `name` length the scaffold starts with (validator and CHECK agree on it). */
const NAME_MAX = 100;

/** A required spot: a region whose body throws until written. `indent` is the region's indentation. */
function spot(indent: string, file: string, name: string, explain: readonly string[], what: string, body?: (throwLine: string) => string[], shared = false): string {
  const throwLine = `throw ${shared ? 'ScaffoldNotImplemented.shared' : 'new ScaffoldNotImplemented'}('${file}', '${name}', '${what.replace(/'/g, "\\'")}');`;
  const lines = [`// SCAFFOLD-BEGIN ${name}`, ...explain.map((l) => `// ${l}`), ...(body ? body(throwLine) : [throwLine]), '// SCAFFOLD-END'];
  return lines.map((l) => indent + l).join('\n');
}

function schemaFile(n: DomainNames): string {
  return `/**
 * ${n.pascal} (domain \`${n.kebab}\`): table \`${n.table}\`, mirroring the Mongo collection \`${n.collection}\`.
 * SCAFFOLD: say what the table holds and which rules the database itself enforces.
 */
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, legacyObjectIdCheck, legacyObjectIdColumn, msTimestamp } from './columns.ts';

export const ${n.collection} = pgTable(
  '${n.table}',
  {
    id: idColumn(),
    legacyObjectId: legacyObjectIdColumn(),
    // SCAFFOLD: the domain's columns. References are physical FKs with a chosen onDelete
    // (\`.references(() => users.id, { onDelete: 'cascade' })\`), enums are pgEnum over the
    // contract's const array, money uses schema/money.ts, times msTimestamp.
    name: text('name').notNull(),
    createdAt: msTimestamp('created_at').notNull(),
    updatedAt: msTimestamp('updated_at').notNull(),
  },
  (t) => [
    legacyObjectIdCheck('${n.table}', t.legacyObjectId),
    // The validator's rules for \`name\` (requireText: not blank after trimming spaces, at most
    // ${NAME_MAX} code points), held by the database too.
    check('${n.table}_name_not_blank', sql\`btrim(\${t.name}) <> ''\`),
    check('${n.table}_name_length', sql\`char_length(\${t.name}) <= ${NAME_MAX}\`),
    index('${n.table}_created_at_idx').on(t.createdAt),
    // SCAFFOLD: a CHECK for every rule the database can hold, unique (or partial unique) indexes
    // for uniqueness rules, an index per foreign key.
  ],
);
`;
}

function contractFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/**
 * ${n.pascal} contract (domain \`${n.kebab}\`).
 *
 * SCAFFOLD: the rules, in prose: what a ${n.kebab} is, what each method guarantees, which rule
 * the database enforces too (schema/${n.table}.ts).
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';
import { ScaffoldNotImplemented } from '../harness/scaffold/not-implemented.ts';

/** Longest \`name\`, in code points (schema/${n.table}.ts checks the same bound). */
export const ${n.upper}_NAME_MAX = ${NAME_MAX};

/**
 * A stored ${n.kebab}. Ids are opaque strings; times are UTC ms; optional fields are absent,
 * never undefined or null.
 */
export interface ${n.pascal} {
  id: string;
  // SCAFFOLD: the entity's fields.
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** Input of \`create\`. \`id\` is the id the primary store minted (DualWrite passes it to the mirror). */
export interface New${n.pascal} {
  id?: string;
  // SCAFFOLD: the input fields (optional ones with \`?\`).
  name: string;
}

/** Validated \`create\` input. */
export interface Valid${n.pascal} {
  id?: string;
  name: string;
}

/** The ${n.kebab} repository every implementation provides. */
export interface ${n.pascal}Repository {
  /** Creates a ${n.kebab}. Throws \`ValidationError\`, \`UnsafeInputError\` (before any store is written). */
  create(input: New${n.pascal}): Promise<${n.pascal}>;
  /** The ${n.kebab} with this id (either id form), or null. */
  get(id: string): Promise<${n.pascal} | null>;
  /** Every ${n.kebab}, oldest first (\`createdAt\`, then creation order). */
  list(): Promise<${n.pascal}[]>;
  /** Deletes. Throws \`NotFoundError('${n.kebab}')\`. */
  delete(id: string): Promise<void>;
}

/** How DualWrite and the differential runner treat each method. */
export const ${n.camel}Methods: MethodMap<${n.pascal}Repository> = {
  create: { create: '${n.kebab}' },
  get: 'read',
  list: 'read',
  delete: 'write',
};

/**
 * Validates \`create\` input; errors name the field. Every implementation calls it first, so a
 * rejected input reaches no store.
 */
export function validateNew${n.pascal}(input: New${n.pascal}): Valid${n.pascal} {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  const out: Valid${n.pascal} = { name: requireText('name', input.name, ${n.upper}_NAME_MAX) };
  if (input.id !== undefined) out.id = input.id;
${spot(
  '  ',
  p.contract,
  'rules',
  [
    'The contract\'s rules for the other input fields: throw ValidationError(field, rule) or,',
    'through contracts/text.ts (requireText/optionalText), UnsafeInputError; copy optional',
    'fields only when given (absent stays absent); apply defaults here.',
  ],
  'the validator\'s rules for the input fields',
  undefined,
  true,
)}
  return out;
}
`;
}

function modelFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/** Reference model of the ${n.kebab} contract: plain, obviously right code (the oracle). */
import { NotFoundError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import { validateNew${n.pascal}, type ${n.pascal}, type ${n.pascal}Repository } from './${n.kebab}.ts';
import { ScaffoldNotImplemented } from '../harness/scaffold/not-implemented.ts';

/** Model of {@link ${n.pascal}Repository}. */
export function ${n.camel}Model({ clock, state }: ModelContext): ${n.pascal}Repository {
  const rows = state.table<${n.pascal}>('${n.kebab}');
  // SCAFFOLD: other domains' tables are visible, e.g. \`state.table<User>('user')\`.
  return {
    async create(input) {
      const v = validateNew${n.pascal}(input);
${spot(
  '      ',
  p.model,
  'create',
  [
    'The rules of create beyond the validator, in the order the implementations apply them:',
    'references that must exist (NotFoundError(entity, id)), uniqueness (DuplicateKeyError(key),',
    'the key the implementations name), derived fields. Then set the new fields below.',
  ],
  'the reference model\'s create rules',
)}
      const now = clock.now();
      const row: ${n.pascal} = { id: v.id ?? state.nextId(), name: v.name, createdAt: now, updatedAt: now };
      rows.set(row.id, row);
      return structuredClone(row);
    },
    async get(id) {
      const row = rows.get(id);
      return row ? structuredClone(row) : null;
    },
    async list() {
      // Insertion order breaks createdAt ties: the creation order the stores keep too.
      return [...rows.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => structuredClone(r));
    },
    async delete(id) {
      if (!rows.delete(id)) throw new NotFoundError('${n.kebab}', id);
    },
  };
}
`;
}

function commandsFile(n: DomainNames): string {
  return `/** Command arbitraries of the ${n.kebab} domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import type { Call } from './domain.ts';

/** Mostly plain names; some edge strings, an over-long one and unsafe text (rejected before any write). */
const name = () =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('Birthday', 'Welcome', 'Köln') },
    { weight: 4, arbitrary: edgeString() },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(101)) },
    { weight: 1, arbitrary: unsafeString() },
  );

/** \`${n.kebab}.create\`; other domains' commands may use it for their dependencies. */
export const create${n.pascal} = (): fc.Arbitrary<Call> =>
  // SCAFFOLD: every input field, valid values weighted over edge and invalid ones; references
  // with ref('<entity>') (a missing one resolves to an id that names nothing).
  call('${n.kebab}', 'create', record({ name: name() }));

/** Every ${n.kebab} command (SCAFFOLD: plus the creates of the domains it references, e.g. createUser()). */
export const ${n.camel}Commands = (): fc.Arbitrary<Call>[] => [
  create${n.pascal}(),
  create${n.pascal}(),
  call('${n.kebab}', 'get', ref('${n.kebab}')),
  call('${n.kebab}', 'list'),
  call('${n.kebab}', 'delete', ref('${n.kebab}')),
];
`;
}

function examplesFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/** Example spec of the ${n.kebab} contract: one named example per rule. */
import { assert, rejectsWith } from './examples.ts';
import { NotFoundError, UnsafeInputError, ValidationError } from './errors.ts';
import { MISSING_ID } from './ids.ts';
import type { ${n.pascal}Repository } from './${n.kebab}.ts';
import type { Example, Repos } from './domain.ts';
import { ScaffoldNotImplemented } from '../harness/scaffold/not-implemented.ts';

const repo = (r: Repos) => r['${n.kebab}'] as ${n.pascal}Repository;
/** What \`probe.count\` counts: the ${n.kebab} rows in each store. */
export const ${n.upper}_STORES = { mongo: '${n.collection}', pg: '${n.table}', model: '${n.kebab}' } as const;

export const ${n.camel}Examples: readonly Example[] = [
  {
    name: 'creates a ${n.kebab}, reads it back by id and in the list, and deletes it',
    async run({ repos }) {
      const a = await repo(repos).create({ name: 'First' });
      const b = await repo(repos).create({ name: 'Second' });
      assert.deepEqual(await repo(repos).get(a.id), a);
      assert.deepEqual(await repo(repos).list(), [a, b]);
      await repo(repos).delete(a.id);
      assert.equal(await repo(repos).get(a.id), null);
      await rejectsWith(repo(repos).delete(MISSING_ID), NotFoundError, { entity: '${n.kebab}' });
    },
  },
${spot(
  '  ',
  p.examples,
  'rule-examples',
  [
    'One example per contract rule (rejectsWith(promise, ErrorClass, { field }) for each error;',
    `probe.count(${n.upper}_STORES) to show a rejected input reached no store).`,
  ],
  'one example per contract rule',
  (throwLine) => ['{', "  name: 'SCAFFOLD: the rules of this contract',", '  async run() {', `    ${throwLine}`, '  },', '},'],
)}
];
`;
}

function mongoFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/**
 * Mongo implementation of the ${n.kebab} contract (collection \`${n.collection}\`). Stays inside what
 * FerretDB 1.24 supports: no transactions, no Decimal128, no partial/TTL/collation indexes.
 */
import type { Db, ObjectId } from 'mongodb';
import { NotFoundError } from '../../contracts/errors.ts';
import type { MongoContext } from '../../contracts/domain.ts';
import { validateNew${n.pascal}, type ${n.pascal}, type ${n.pascal}Repository } from '../../contracts/${n.kebab}.ts';
import { ScaffoldNotImplemented } from '../../harness/scaffold/not-implemented.ts';
import { mapMongoError } from './errors.ts';
import { newObjectId, toObjectId } from './support.ts';

/** A \`${n.collection}\` document (references are ObjectIds, times Dates, money strings). */
export interface ${n.pascal}Doc {
  _id: ObjectId;
  // SCAFFOLD: the document's fields, as the source system stores them.
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates the collection's indexes (SCAFFOLD: unique indexes for uniqueness rules). */
export async function ensure${n.pascal}Indexes(db: Db): Promise<void> {
  await db.collection('${n.collection}').createIndex({ createdAt: 1 }, { name: '${n.collection}.created' });
}

/** Contract view of a stored document (SCAFFOLD: optional fields via assignPresent from ./support.ts). */
export function ${n.camel}FromDoc(d: ${n.pascal}Doc): ${n.pascal} {
  return { id: d._id.toHexString(), name: d.name, createdAt: d.createdAt.getTime(), updatedAt: d.updatedAt.getTime() };
}

/** {@link ${n.pascal}Repository} over MongoDB. */
export function mongo${n.pascal}Repository({ db, clock }: MongoContext): ${n.pascal}Repository {
  const docs = db.collection<${n.pascal}Doc>('${n.collection}');
  return {
    async create(input) {
      const v = validateNew${n.pascal}(input);
${spot(
  '      ',
  p.mongo,
  'create',
  [
    'The model\'s create rules, same order, same errors: look references up by ObjectId',
    '(toObjectId; a malformed or unknown id is NotFoundError), map a unique-index violation',
    'with mapMongoError(e, key). Then store the new fields below.',
  ],
  'the Mongo create rules',
)}
      const now = new Date(clock.now());
      const doc: ${n.pascal}Doc = { _id: newObjectId(v.id), name: v.name, createdAt: now, updatedAt: now };
      await docs.insertOne(doc).catch((e) => mapMongoError(e, '${n.table}.id'));
      return ${n.camel}FromDoc(doc);
    },
    async get(id) {
      const _id = toObjectId(id);
      const d = _id && (await docs.findOne({ _id }));
      return d ? ${n.camel}FromDoc(d) : null;
    },
    async list() {
      // createdAt is the order; _id (an ObjectId, increasing in creation order) breaks ties.
      return (await docs.find({}).sort({ createdAt: 1, _id: 1 }).toArray()).map(${n.camel}FromDoc);
    },
    async delete(id) {
      const _id = toObjectId(id);
      const d = _id && (await docs.findOneAndDelete({ _id }));
      if (!d) throw new NotFoundError('${n.kebab}', id);
    },
  };
}
`;
}

function drizzleFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/**
 * Drizzle implementation of the ${n.kebab} contract (table \`${n.table}\`). Every method takes the uuid
 * or the 24-hex legacy id (byId); create stores the primary's id as \`legacy_object_id\`, and the
 * id_map trigger maps it. Multi-statement writes go inside inTransaction (./transaction.ts).
 */
import { asc } from 'drizzle-orm';
import { NotFoundError } from '../../contracts/errors.ts';
import type { DrizzleContext } from '../../contracts/domain.ts';
import { validateNew${n.pascal}, type ${n.pascal}, type ${n.pascal}Repository } from '../../contracts/${n.kebab}.ts';
import { ${n.collection} } from '../../schema/${n.table}.ts';
import { ScaffoldNotImplemented } from '../../harness/scaffold/not-implemented.ts';
import { mapPgError } from './errors.ts';
import { byId, ms } from './support.ts';

type Row = typeof ${n.collection}.$inferSelect;

/** Contract view of a row (ids are the Postgres uuids; SCAFFOLD: nullable columns via assignPresent). */
export function ${n.camel}FromRow(r: Row): ${n.pascal} {
  return { id: r.id, name: r.name, createdAt: ms(r.createdAt), updatedAt: ms(r.updatedAt) };
}

/** {@link ${n.pascal}Repository} over Postgres with Drizzle. */
export function drizzle${n.pascal}Repository({ db, clock }: DrizzleContext): ${n.pascal}Repository {
  return {
    async create(input) {
      const v = validateNew${n.pascal}(input);
${spot(
  '      ',
  p.drizzle,
  'create',
  [
    'The model\'s create rules, same order, same errors: resolve references given in either id',
    'form with byId (missing: NotFoundError); constraint violations become contract errors',
    'through mapPgError(e, overrides). Then insert the new fields below.',
  ],
  'the Drizzle create rules',
)}
      const now = new Date(clock.now());
      const [row] = await db
        .insert(${n.collection})
        .values({ legacyObjectId: v.id, name: v.name, createdAt: now, updatedAt: now })
        .returning()
        .catch((e) => mapPgError(e));
      return ${n.camel}FromRow(row!);
    },
    async get(id) {
      const [row] = await db.select().from(${n.collection}).where(byId(${n.collection}, id));
      return row ? ${n.camel}FromRow(row) : null;
    },
    async list() {
      // Same order as the model and Mongo: createdAt (one instant per command in harness runs).
      const rows = await db.select().from(${n.collection}).orderBy(asc(${n.collection}.createdAt), asc(${n.collection}.id));
      return rows.map(${n.camel}FromRow);
    },
    async delete(id) {
      const gone = await db.delete(${n.collection}).where(byId(${n.collection}, id)).returning({ id: ${n.collection}.id }).catch((e) => mapPgError(e));
      if (gone.length === 0) throw new NotFoundError('${n.kebab}', id);
    },
  };
}
`;
}

function legacyFile(n: DomainNames): string {
  const p = domainPaths(n);
  return `/**
 * Stored-entity spec of ${n.kebab}: collection \`${n.collection}\` ↔ table \`${n.table}\`, for backfill,
 * verify and reconcile. Canonical record: {@link ${n.pascal}} with legacy ids.
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ${n.upper}_NAME_MAX, type ${n.pascal} } from '../../contracts/${n.kebab}.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { requireText } from '../../contracts/text.ts';
import { ${n.collection} } from '../../schema/${n.table}.ts';
import { ScaffoldNotImplemented } from '../../harness/scaffold/not-implemented.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, rowId, type LegacyReading, type RuleViolation, type StoredEntity } from './spec.ts';

/** A \`${n.table}\` row as Drizzle reads it. */
export type ${n.pascal}Row = typeof ${n.collection}.$inferSelect;
/** Insert values of a \`${n.table}\` row. */
export type ${n.pascal}Insert = typeof ${n.collection}.$inferInsert;

/**
 * Canonical {@link ${n.pascal}} of a \`${n.collection}\` document in any legacy shape. Throws \`LegacyShapeError\`.
 * SCAFFOLD: read every field (r.ref for references, r.optionalString, defaults flagged by ShapeReader).
 */
export function ${n.camel}FromLegacy(doc: Document): LegacyReading<${n.pascal}> {
  const r = new ShapeReader(doc);
  const record: ${n.pascal} = { id: r.id(), name: r.string('name'), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  return { record, flags: r.flags };
}

/** Contract rules of a stored record: every rule the validator and the CHECKs hold. */
export function validate${n.pascal}Record(g: ${n.pascal}): RuleViolation[] {
  return collectViolations([
    () => requireText('name', g.name, ${n.upper}_NAME_MAX),
${spot(
  '    ',
  p.legacy,
  'record-rules',
  [
    'One check per contract rule of a stored record (the validator\'s rules, as functions that',
    'throw ValidationError(field, rule)), so backfill skips what Postgres would refuse.',
  ],
  'the stored record\'s contract rules',
  (throwLine) => ['() => {', `  ${throwLine}`, '},'],
)}
  ]);
}

/** The \`${n.table}\` spec (SCAFFOLD: references, e.g. { userId: 'users' }, and a repair policy if stored data can break a rule). */
export const ${n.camel}Entity: StoredEntity<${n.pascal}, ${n.pascal}Row, ${n.pascal}Insert> = {
  name: '${n.camel}',
  domain: '${n.kebab}',
  collection: '${n.collection}',
  table: '${n.table}',
  pgTable: ${n.collection},
  references: {},
  appendOnly: false,
  fromDocument: ${n.camel}FromLegacy,
  validate: validate${n.pascal}Record,
  fromRow(row) {
    return { id: rowId(row), name: row.name, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
  },
  toRow(g) {
    return { legacyObjectId: g.id, name: g.name, createdAt: new Date(g.createdAt), updatedAt: new Date(g.updatedAt) };
  },
};
`;
}

/** Every file of a new domain, in the order they are listed. */
export function domainFiles(n: DomainNames): ScaffoldFile[] {
  const p = domainPaths(n);
  return [
    { path: p.schema, text: schemaFile(n) },
    { path: p.contract, text: contractFile(n) },
    { path: p.model, text: modelFile(n) },
    { path: p.commands, text: commandsFile(n) },
    { path: p.examples, text: examplesFile(n) },
    { path: p.mongo, text: mongoFile(n) },
    { path: p.drizzle, text: drizzleFile(n) },
    { path: p.legacy, text: legacyFile(n) },
  ];
}

/** The custom migration body: the id_map trigger of the domain's table (see 0002_id_map_sync.sql). */
export function idMapTriggerSql(n: DomainNames): string {
  return `-- Custom migration: drizzle-kit cannot express triggers. The id_map trigger of ${n.table}
-- (function id_map_sync() from 0002_id_map_sync.sql) keeps id_map in step with legacy_object_id.
CREATE TRIGGER ${n.table}_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON ${n.table}
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
`;
}
