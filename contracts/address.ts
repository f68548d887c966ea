/**
 * Address contract (the source system's address-store facade): a user's addresses, exactly one
 * of which is primary whenever the user has any.
 *
 * Rules: the first address of a user becomes primary; `create({ isPrimary: true })` and
 * `setPrimary` demote the previous primary; deleting the primary promotes the oldest remaining
 * address. Postgres also enforces "at most one primary per user" with a partial unique index.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

export const ADDRESS_TYPES = ['shipping', 'billing', 'pickup'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

/** A stored address. `country` is ISO 3166-1 alpha-2 upper case. Times are UTC ms. */
export interface Address {
  id: string;
  userId: string;
  type: AddressType;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  country: string;
  isPrimary: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Input of `create`; `type` defaults to `shipping`, `isPrimary` to false (but see the first-address rule). */
export interface NewAddress {
  id?: string;
  userId: string;
  type?: AddressType;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  country: string;
  isPrimary?: boolean;
}

/** Input of `update`; `null` clears an optional field. Primary status changes only through `setPrimary`. */
export interface AddressPatch {
  type?: AddressType;
  label?: string | null;
  line1?: string;
  line2?: string | null;
  city?: string;
  postalCode?: string | null;
  country?: string;
}

/** The address repository every implementation provides. */
export interface AddressRepository {
  /** Throws `NotFoundError('user')`, `ValidationError`, `UnsafeInputError`. */
  create(input: NewAddress): Promise<Address>;
  get(id: string): Promise<Address | null>;
  /** The user's addresses, oldest first (empty for an unknown user). */
  listByUser(userId: string): Promise<Address[]>;
  /** Throws `NotFoundError('address')`, `ValidationError`, `UnsafeInputError`. */
  update(id: string, patch: AddressPatch): Promise<Address>;
  /** Makes the address the user's only primary; a no-op when it already is. Throws `NotFoundError('address')`. */
  setPrimary(id: string): Promise<Address>;
  /** Deletes; deleting the primary promotes the user's oldest remaining address. Throws `NotFoundError('address')`. */
  delete(id: string): Promise<void>;
}

export const addressMethods: MethodMap<AddressRepository> = {
  create: { create: 'address' },
  get: 'read',
  listByUser: 'read',
  update: 'write',
  setPrimary: 'write',
  delete: 'write',
};

/** Validated `create` input. */
export interface ValidAddress {
  id?: string;
  userId: string;
  type: AddressType;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode?: string;
  country: string;
  isPrimary: boolean;
}

const OPTIONAL = { label: 50, line2: 200, postalCode: 20 } as const;

function type(field: string, v: unknown): AddressType {
  if (!(ADDRESS_TYPES as readonly unknown[]).includes(v)) throw new ValidationError(field, `must be one of ${ADDRESS_TYPES.join(', ')}`);
  return v as AddressType;
}

function country(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Z]{2}$/.test(v)) throw new ValidationError(field, 'must be an ISO 3166-1 alpha-2 code in upper case');
  return v;
}

/** Validates `create` input; errors name the field. */
export function validateNewAddress(input: NewAddress): ValidAddress {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  if (input.isPrimary !== undefined && typeof input.isPrimary !== 'boolean') throw new ValidationError('isPrimary', 'must be a boolean');
  const out: ValidAddress = {
    userId: input.userId,
    type: input.type === undefined ? 'shipping' : type('type', input.type),
    line1: requireText('line1', input.line1, 200),
    city: requireText('city', input.city, 100),
    country: country('country', input.country),
    isPrimary: input.isPrimary ?? false,
  };
  if (input.id !== undefined) out.id = input.id;
  for (const [k, max] of Object.entries(OPTIONAL) as [keyof typeof OPTIONAL, number][]) {
    const v = optionalText(k, input[k], max);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Validates a patch; errors name `patch.<field>`. */
export function validateAddressPatch(patch: AddressPatch): AddressPatch {
  if (patch === null || typeof patch !== 'object') throw new ValidationError('patch', 'must be an object');
  const out: AddressPatch = {};
  if (patch.type !== undefined) out.type = type('patch.type', patch.type);
  if (patch.line1 !== undefined) out.line1 = requireText('patch.line1', patch.line1, 200);
  if (patch.city !== undefined) out.city = requireText('patch.city', patch.city, 100);
  if (patch.country !== undefined) out.country = country('patch.country', patch.country);
  for (const [k, max] of Object.entries(OPTIONAL) as [keyof typeof OPTIONAL, number][]) {
    const v = optionalText(`patch.${k}`, patch[k], max, true);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
