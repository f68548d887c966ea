/** Reference model of the category contract. */
import { DuplicateKeyError, NotFoundError, ValidationError } from './errors.ts';
import { normalizeKey } from './text.ts';
import type { ModelContext } from './domain.ts';
import { ACTIVE_NAME_KEY, CYCLE_RULE, validateCategoryPatch, validateNewCategory, type Category, type CategoryRepository } from './category.ts';

/** Model of {@link CategoryRepository}. */
export function categoryModel({ clock, state }: ModelContext): CategoryRepository {
  const categories = state.table<Category>('category');
  const clash = (name: string, except?: string) =>
    [...categories.values()].some((c) => c.isActive && c.id !== except && normalizeKey(c.name) === normalizeKey(name));
  const isSelfOrDescendant = (candidate: string, id: string) => {
    for (let cur: string | undefined = candidate; cur !== undefined; cur = categories.get(cur)?.parentId) if (cur === id) return true;
    return false;
  };
  const out = (c: Category) => structuredClone(c);
  return {
    async create(input) {
      const v = validateNewCategory(input);
      if (v.parentId !== undefined && !categories.has(v.parentId)) throw new NotFoundError('category', v.parentId);
      if (clash(v.name)) throw new DuplicateKeyError(ACTIVE_NAME_KEY);
      const now = clock.now();
      const c: Category = { id: v.id ?? state.nextId(), name: v.name, isActive: true, createdAt: now, updatedAt: now };
      if (v.parentId !== undefined) c.parentId = v.parentId;
      categories.set(c.id, c);
      return out(c);
    },
    async get(id) {
      const c = categories.get(id);
      return c ? out(c) : null;
    },
    async list(filter) {
      return [...categories.values()]
        .filter((c) => filter?.includeInactive === true || c.isActive)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(out);
    },
    async update(id, patch) {
      const p = validateCategoryPatch(patch);
      const c = categories.get(id);
      if (!c) throw new NotFoundError('category', id);
      if (typeof p.parentId === 'string') {
        if (!categories.has(p.parentId)) throw new NotFoundError('category', p.parentId);
        if (isSelfOrDescendant(p.parentId, id)) throw new ValidationError('patch.parentId', CYCLE_RULE);
      }
      if (p.name !== undefined && c.isActive && clash(p.name, id)) throw new DuplicateKeyError(ACTIVE_NAME_KEY);
      if (p.name !== undefined) c.name = p.name;
      if (p.parentId === null) delete c.parentId;
      else if (p.parentId !== undefined) c.parentId = p.parentId;
      c.updatedAt = clock.now();
      return out(c);
    },
    async deactivate(id) {
      const c = categories.get(id);
      if (!c) throw new NotFoundError('category', id);
      if (c.isActive) Object.assign(c, { isActive: false, updatedAt: clock.now() });
      return out(c);
    },
    async reactivate(id) {
      const c = categories.get(id);
      if (!c) throw new NotFoundError('category', id);
      if (!c.isActive) {
        if (clash(c.name, id)) throw new DuplicateKeyError(ACTIVE_NAME_KEY);
        Object.assign(c, { isActive: true, updatedAt: clock.now() });
      }
      return out(c);
    },
  };
}
