/**
 * Stored-entity spec of categories: collection `categories` ↔ table `categories`, and the policy
 * that settles the tree (parent chains) and the active-name rule before anything is written.
 *
 * Canonical record: {@link Category} with legacy ids. The Mongo-only field `activeNameKey` (the
 * unique-index key the Mongo implementation maintains, see docs/design-notes.md) is ignored: it
 * is derived state, not data.
 *
 * @public
 */
import type { Document } from 'mongodb';
import type { Category } from '../../contracts/category.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { normalizeKey, requireText } from '../../contracts/text.ts';
import { categories } from '../../schema/categories.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type PolicyPlan, type Repair, type RepairPolicy, type RuleViolation, type StoredEntity } from './spec.ts';

/** A `categories` row as Drizzle reads it. */
export type CategoryRow = typeof categories.$inferSelect;
/** Insert values of a `categories` row. */
export type CategoryInsert = typeof categories.$inferInsert;

/**
 * Canonical {@link Category} of a `categories` document: `parentId` an ObjectId, a hex string,
 * or missing/null for a root; `isActive` missing → true (the contract default, flagged).
 * Throws `LegacyShapeError`.
 */
export function categoryFromLegacy(doc: Document): LegacyReading<Category> {
  const r = new ShapeReader(doc);
  const c: Category = { id: r.id(), name: r.string('name'), isActive: r.boolean('isActive', true), createdAt: r.time('createdAt'), updatedAt: r.time('updatedAt') };
  return { record: present(c, { parentId: r.ref('parentId', true) }, ['parentId']), flags: r.flags };
}

/** Contract rules of a category record (name 1..100 code points, not blank, safe; not its own parent). */
export function validateCategoryRecord(c: Category): RuleViolation[] {
  return collectViolations([
    () => requireText('name', c.name, 100),
    () => {
      if (c.parentId === c.id) throw new ValidationError('parentId', 'must not be the category itself');
    },
  ]);
}

/** The rule behind the name part of {@link categoryTreePolicy} (Postgres: `categories_active_name_norm_uq`). */
export const ACTIVE_NAME_RULE = 'active category names are unique under normalizeKey (spaces trimmed, ASCII lower case)';

interface Node {
  readonly parentId: string | undefined;
  readonly key: string | undefined; // normalized name while active
  readonly createdAt: number;
}

/** `ok`, or why the category cannot be backfilled and the first broken link's rule (`root`). */
type Fate = 'ok' | (RuleViolation & { readonly root: string });

/**
 * Policy over the whole category collection:
 * 1. **tree**: a category is backfilled only when its parent chain is: a parent that is missing
 *    from Mongo, rejected by a contract rule, or part of a cycle excludes the category
 *    (`parentId`, with the reason), and so, transitively, its descendants;
 * 2. **active names**: among backfillable active categories whose names are equal under
 *    `normalizeKey`, the oldest (`createdAt`, then the smaller id) stays active and the others
 *    are deactivated (`isActive` false, `updatedAt` kept), each reported as a {@link Repair}.
 */
export const categoryTreePolicy: RepairPolicy<Category> = {
  name: 'category-tree-and-active-names',
  description: 'parent chains must be backfillable; duplicate active names (normalizeKey): keep the oldest active, deactivate the rest',
  memory: 'one map entry per category (id, parent, normalized name while active, createdAt)',
  planner() {
    const nodes = new Map<string, Node>();
    const rejected = new Set<string>();
    return {
      add(c) {
        nodes.set(c.id, { parentId: c.parentId, key: c.isActive ? normalizeKey(c.name) : undefined, createdAt: c.createdAt });
      },
      reject(id) {
        rejected.add(id);
      },
      finish(): PolicyPlan<Category> {
        const fates = new Map<string, Fate>();
        const broken = (rule: string): Fate => ({ field: 'parentId', rule, root: rule });
        const fateOf = (start: string): Fate => {
          const done = fates.get(start);
          if (done !== undefined) return done;
          const path: string[] = [];
          const onPath = new Set<string>();
          let last: Fate; // the fate of path[path.length - 1]
          for (let id = start; ; ) {
            const node = nodes.get(id)!;
            path.push(id);
            onPath.add(id);
            const parent = node.parentId;
            if (parent === undefined) last = 'ok';
            else if (onPath.has(parent)) last = broken('must not make the category its own ancestor (a parent cycle)');
            else if (rejected.has(parent)) last = broken(`references categories ${parent}, which breaks a contract rule`);
            else if (!nodes.has(parent)) last = broken(`references a missing categories document ${parent}`);
            else {
              const known = fates.get(parent);
              if (known === undefined) {
                id = parent;
                continue;
              }
              last = known === 'ok' ? 'ok' : { field: 'parentId', rule: `references categories ${parent}, which cannot be backfilled (${known.root})`, root: known.root };
            }
            break;
          }
          // Walk back down: each category's fate follows from its parent's.
          let fate = last;
          fates.set(path[path.length - 1]!, fate);
          for (let i = path.length - 2; i >= 0; i--) {
            const parent = path[i + 1]!;
            fate = fate === 'ok' ? 'ok' : { field: 'parentId', rule: `references categories ${parent}, which cannot be backfilled (${fate.root})`, root: fate.root };
            fates.set(path[i]!, fate);
          }
          return fates.get(start)!;
        };
        const keepers = new Map<string, { id: string; createdAt: number }>();
        for (const [id, node] of nodes) {
          if (fateOf(id) !== 'ok' || node.key === undefined) continue;
          const cur = keepers.get(node.key);
          if (!cur || node.createdAt < cur.createdAt || (node.createdAt === cur.createdAt && id < cur.id)) keepers.set(node.key, { id, createdAt: node.createdAt });
        }
        return {
          apply(c) {
            // A category the pre-pass did not see (written since) is judged by its parent alone.
            const fate = fates.get(c.id) ?? (c.parentId === undefined || fates.get(c.parentId) === 'ok' ? 'ok' : broken(`references a missing categories document ${c.parentId}`));
            if (fate !== 'ok') return { violation: { field: fate.field, rule: fate.rule } };
            if (!c.isActive) return { record: c, repairs: [] };
            const keeper = keepers.get(normalizeKey(c.name));
            if (keeper === undefined || keeper.id === c.id) return { record: c, repairs: [] };
            const repair: Repair = { entity: 'category', id: c.id, field: 'isActive', rule: ACTIVE_NAME_RULE, action: `deactivated: ${keeper.id} is the oldest active category with this name` };
            return { record: { ...c, isActive: false }, repairs: [repair] };
          },
        };
      },
    };
  },
};

/** The `categories` spec. Its self-reference (`parentId`) is settled by {@link categoryTreePolicy}. */
export const categoryEntity: StoredEntity<Category, CategoryRow, CategoryInsert> = {
  name: 'category',
  domain: 'category',
  collection: 'categories',
  table: 'categories',
  pgTable: categories,
  references: { parentId: 'categories' },
  appendOnly: false,
  policy: categoryTreePolicy,
  fromDocument: categoryFromLegacy,
  validate: validateCategoryRecord,
  fromRow(row, refs) {
    const c: Category = { id: rowId(row), name: row.name, isActive: row.isActive, createdAt: row.createdAt.getTime(), updatedAt: row.updatedAt.getTime() };
    if (row.parentId !== null) c.parentId = refId(refs, 'parentId', row.parentId);
    return c;
  },
  toRow(c, resolve) {
    return {
      legacyObjectId: c.id,
      name: c.name,
      parentId: c.parentId === undefined ? null : resolve('categories', c.parentId),
      isActive: c.isActive,
      createdAt: new Date(c.createdAt),
      updatedAt: new Date(c.updatedAt),
    };
  },
};
