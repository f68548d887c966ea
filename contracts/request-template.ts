/**
 * Request-template contract. In the source system templates belong to the marketplace repository
 * (flags `REPO_MARKETPLACE` / `MARKETPLACE_STORE`); here they are a domain of their own.
 *
 * A template is a user's reusable request body (`fields`, JSON) with an optional usage limit:
 * `maxUsage` absent means unlimited (the source system's 2.8.79 made it truly optional).
 *
 * Rules:
 * - `use` counts one use atomically; a template at its limit is exhausted
 *   (`InvariantViolation(TEMPLATE_EXHAUSTED)`) and usage never exceeds the limit, also under
 *   concurrent callers; an inactive template cannot be used (`InvariantViolation(TEMPLATE_INACTIVE)`);
 * - `update` may not set `maxUsage` below the current usage (`ValidationError('patch.maxUsage')`);
 *   equal is allowed (the template is then exhausted);
 * - `fields` reads back exactly (see `contracts/json-payload.ts`).
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/** A stored template. Times are UTC ms. */
export interface RequestTemplate {
  id: string;
  ownerId: string;
  categoryId?: string;
  title: string;
  fields: JsonValue;
  maxUsage?: number;
  usageCount: number;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Input of `create`; `maxUsage` absent or null means unlimited. */
export interface NewRequestTemplate {
  id?: string;
  ownerId: string;
  categoryId?: string;
  title: string;
  fields: JsonValue;
  maxUsage?: number | null;
}

/** Input of `update`; `categoryId: null` removes the category, `maxUsage: null` removes the limit. */
export interface RequestTemplatePatch {
  title?: string;
  categoryId?: string | null;
  fields?: JsonValue;
  maxUsage?: number | null;
}

/** Entity kind (`NotFoundError.entity`, model table, id labels). */
export const REQUEST_TEMPLATE = 'requestTemplate';
/** `InvariantViolation.invariant` of using a template at its limit. */
export const TEMPLATE_EXHAUSTED = 'request_templates.max_usage';
/** `InvariantViolation.invariant` of using a deactivated template. */
export const TEMPLATE_INACTIVE = 'request_templates.is_active';
/** Largest limit (Postgres `integer`). */
export const MAX_USAGE_LIMIT = 2147483647;

/** The request-template repository every implementation provides. */
export interface RequestTemplateRepository {
  /** Creates an active, unused template. Throws `ValidationError`, `UnsafeInputError`, then `NotFoundError('user')`, `NotFoundError('category')`. */
  create(input: NewRequestTemplate): Promise<RequestTemplate>;
  get(id: string): Promise<RequestTemplate | null>;
  /** The owner's templates (active and inactive), oldest first; empty for an unknown owner. */
  listByOwner(ownerId: string): Promise<RequestTemplate[]>;
  /**
   * Counts one use and returns the template. Throws `NotFoundError('requestTemplate')`, then
   * `InvariantViolation(TEMPLATE_INACTIVE)`, then `InvariantViolation(TEMPLATE_EXHAUSTED)`.
   */
  use(id: string): Promise<RequestTemplate>;
  /**
   * Applies a patch. Throws `ValidationError`/`UnsafeInputError` (patch), then
   * `NotFoundError('requestTemplate')`, `NotFoundError('category')`, then
   * `ValidationError('patch.maxUsage')` when the new limit is below the current usage.
   */
  update(id: string, patch: RequestTemplatePatch): Promise<RequestTemplate>;
  /** Deactivates; a no-op (no new `updatedAt`) on an inactive template. Throws `NotFoundError('requestTemplate')`. */
  deactivate(id: string): Promise<RequestTemplate>;
}

export const requestTemplateMethods: MethodMap<RequestTemplateRepository> = {
  create: { create: REQUEST_TEMPLATE },
  get: 'read',
  listByOwner: 'read',
  use: 'write',
  update: 'write',
  deactivate: 'write',
};

/** The rule text of a limit below the usage. */
export const BELOW_USAGE_RULE = 'must not be below the current usage count';

function maxUsage(field: string, v: unknown): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_USAGE_LIMIT) throw new ValidationError(field, `must be an integer from 1 to ${MAX_USAGE_LIMIT}, or null for unlimited`);
  return v;
}

/** Validated `create` input (`maxUsage` present only when limited). */
export interface ValidNewRequestTemplate {
  id?: string;
  ownerId: string;
  categoryId?: string;
  title: string;
  fields: JsonValue;
  maxUsage?: number;
}

/** Validates `create` input; errors name the field. */
export function validateNewRequestTemplate(input: NewRequestTemplate): ValidNewRequestTemplate {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.ownerId !== 'string') throw new ValidationError('ownerId', 'must be an id string');
  if (input.categoryId !== undefined && typeof input.categoryId !== 'string') throw new ValidationError('categoryId', 'must be an id string');
  const out: ValidNewRequestTemplate = { ownerId: input.ownerId, title: requireText('title', input.title, 200), fields: validateJsonPayload('fields', input.fields) };
  if (input.id !== undefined) out.id = input.id;
  if (input.categoryId !== undefined) out.categoryId = input.categoryId;
  if (input.maxUsage !== undefined) {
    const m = maxUsage('maxUsage', input.maxUsage);
    if (m !== null) out.maxUsage = m;
  }
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validateRequestTemplatePatch(patch: RequestTemplatePatch): RequestTemplatePatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: RequestTemplatePatch = {};
  if (patch.title !== undefined) out.title = requireText('patch.title', patch.title, 200);
  if (patch.categoryId !== undefined) {
    if (patch.categoryId !== null && typeof patch.categoryId !== 'string') throw new ValidationError('patch.categoryId', 'must be an id string or null');
    out.categoryId = patch.categoryId;
  }
  if (patch.fields !== undefined) out.fields = validateJsonPayload('patch.fields', patch.fields);
  if (patch.maxUsage !== undefined) out.maxUsage = maxUsage('patch.maxUsage', patch.maxUsage);
  return out;
}
