/**
 * Category contract (marketplace): a tree of categories whose active names are unique under
 * `normalizeKey` (spaces trimmed, ASCII lower case). Deactivated categories keep their names;
 * reactivating one into a clash is a `DuplicateKeyError` (source: the source system's migration
 * 0009, `categories_active_name_norm_uq`).
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** A stored category. `parentId` is absent for a root. Times are UTC ms. */
export interface Category {
  id: string;
  name: string;
  parentId?: string;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface NewCategory {
  id?: string;
  name: string;
  parentId?: string;
}

/** `parentId: null` makes the category a root. */
export interface CategoryPatch {
  name?: string;
  parentId?: string | null;
}

/** The contract key of the active-name rule, as `DuplicateKeyError.key`. */
export const ACTIVE_NAME_KEY = 'categories.active_name';

/** The category repository every implementation provides. */
export interface CategoryRepository {
  /** Creates an active category. Throws `DuplicateKeyError(ACTIVE_NAME_KEY)`, `NotFoundError('category')` (parent), `ValidationError`, `UnsafeInputError`. */
  create(input: NewCategory): Promise<Category>;
  get(id: string): Promise<Category | null>;
  /** Active categories (all with `includeInactive`), oldest first. */
  list(filter?: { includeInactive?: boolean }): Promise<Category[]>;
  /**
   * Renames and/or moves. Checks, in order: the category exists (`NotFoundError('category')`), the
   * new parent exists (`NotFoundError('category')`) and is not the category or a descendant
   * (`ValidationError('patch.parentId')`), the new name is free among active categories
   * (`DuplicateKeyError`, only when this category is active).
   */
  update(id: string, patch: CategoryPatch): Promise<Category>;
  /** Deactivates; a no-op on an inactive category. Throws `NotFoundError('category')`. */
  deactivate(id: string): Promise<Category>;
  /** Reactivates; a no-op on an active category. Throws `NotFoundError('category')`, `DuplicateKeyError(ACTIVE_NAME_KEY)`. */
  reactivate(id: string): Promise<Category>;
}

export const categoryMethods: MethodMap<CategoryRepository> = {
  create: { create: 'category' },
  get: 'read',
  list: 'read',
  update: 'write',
  deactivate: 'write',
  reactivate: 'write',
};

/** Validates `create` input; errors name the field. */
export function validateNewCategory(input: NewCategory): NewCategory {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (input.parentId !== undefined && typeof input.parentId !== 'string') throw new ValidationError('parentId', 'must be an id string');
  const out: NewCategory = { name: requireText('name', input.name, 100) };
  if (input.id !== undefined) out.id = input.id;
  if (input.parentId !== undefined) out.parentId = input.parentId;
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validateCategoryPatch(patch: CategoryPatch): CategoryPatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: CategoryPatch = {};
  if (patch.name !== undefined) out.name = requireText('patch.name', patch.name, 100);
  if (patch.parentId !== undefined) {
    if (patch.parentId !== null && typeof patch.parentId !== 'string') throw new ValidationError('patch.parentId', 'must be an id string or null');
    out.parentId = patch.parentId;
  }
  return out;
}

/** The rule `update` breaks when a category would become its own ancestor. */
export const CYCLE_RULE = 'must not be the category itself or one of its descendants';
