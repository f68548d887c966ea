/** Reference model of the request-template contract. */
import { InvariantViolation, NotFoundError, ValidationError } from './errors.ts';
import type { ModelContext } from './domain.ts';
import type { Category } from './category.ts';
import type { User } from './user.ts';
import {
  BELOW_USAGE_RULE,
  REQUEST_TEMPLATE,
  TEMPLATE_EXHAUSTED,
  TEMPLATE_INACTIVE,
  validateNewRequestTemplate,
  validateRequestTemplatePatch,
  type RequestTemplate,
  type RequestTemplateRepository,
} from './request-template.ts';

/** Model of {@link RequestTemplateRepository}. */
export function requestTemplateModel({ clock, state }: ModelContext): RequestTemplateRepository {
  const templates = state.table<RequestTemplate>(REQUEST_TEMPLATE);
  const users = state.table<User>('user');
  const categories = state.table<Category>('category');
  const find = (id: string) => {
    const t = templates.get(id);
    if (!t) throw new NotFoundError(REQUEST_TEMPLATE, id);
    return t;
  };
  return {
    async create(input) {
      const v = validateNewRequestTemplate(input);
      if (!users.has(v.ownerId)) throw new NotFoundError('user', v.ownerId);
      if (v.categoryId !== undefined && !categories.has(v.categoryId)) throw new NotFoundError('category', v.categoryId);
      const now = clock.now();
      const { id, ...rest } = v;
      const t: RequestTemplate = { id: id ?? state.nextId(), ...rest, usageCount: 0, isActive: true, createdAt: now, updatedAt: now };
      templates.set(t.id, t);
      return structuredClone(t);
    },
    async get(id) {
      const t = templates.get(id);
      return t ? structuredClone(t) : null;
    },
    async listByOwner(ownerId) {
      return [...templates.values()].filter((t) => t.ownerId === ownerId).sort((a, b) => a.createdAt - b.createdAt).map((t) => structuredClone(t));
    },
    async use(id) {
      const t = find(id);
      if (!t.isActive) throw new InvariantViolation(TEMPLATE_INACTIVE, 'the template is deactivated');
      if (t.maxUsage !== undefined && t.usageCount >= t.maxUsage) throw new InvariantViolation(TEMPLATE_EXHAUSTED, `the template was used ${t.usageCount} of ${t.maxUsage} times`);
      t.usageCount += 1;
      t.updatedAt = clock.now();
      return structuredClone(t);
    },
    async update(id, patch) {
      const p = validateRequestTemplatePatch(patch);
      const t = find(id);
      if (typeof p.categoryId === 'string' && !categories.has(p.categoryId)) throw new NotFoundError('category', p.categoryId);
      if (typeof p.maxUsage === 'number' && p.maxUsage < t.usageCount) throw new ValidationError('patch.maxUsage', BELOW_USAGE_RULE);
      for (const [k, v] of Object.entries(p)) {
        if (v === null) delete (t as unknown as Record<string, unknown>)[k];
        else (t as unknown as Record<string, unknown>)[k] = v;
      }
      t.updatedAt = clock.now();
      return structuredClone(t);
    },
    async deactivate(id) {
      const t = find(id);
      if (t.isActive) Object.assign(t, { isActive: false, updatedAt: clock.now() });
      return structuredClone(t);
    },
  };
}
