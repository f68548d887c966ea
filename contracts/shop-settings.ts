/**
 * Shop-settings contract (the source system's shop-settings facade, flags `REPO_SHOP_SETTINGS` /
 * `SHOP_SETTINGS_STORE`): one settings record per seller — shop name, description, whether
 * buyers may review the shop, and the seller's payment rails.
 *
 * Every method names the seller by either id form: the Postgres uuid or the 24-hex Mongo id
 * (`legacy_object_id`). The source system's 2.8.56 fixed a seller lookup that failed for one of
 * the two forms; here both must work in every implementation that has them (Mongo has only the
 * 24-hex form: a uuid names no Mongo seller).
 *
 * `upsertForSeller` takes one object (not `(sellerId, settings)`) because it may create: the
 * DualWrite wrapper hands the primary's id to the mirror as `args[0].id`.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { validateJsonPayload, type JsonValue } from './json-payload.ts';
import { optionalText, requireText } from './text.ts';
import type { MethodMap } from './domain.ts';

/**
 * One way to pay the seller. `currency`, `network` and `address` are required text; any other
 * key is kept verbatim (a memo tag, a minimum amount "10.5" as a string …).
 */
export interface PaymentRail {
  currency: string;
  network: string;
  address: string;
  [extra: string]: JsonValue;
}

/** A seller's stored settings. Times are UTC ms; `description` is absent when never set or cleared. */
export interface ShopSettings {
  id: string;
  sellerId: string;
  shopName: string;
  description?: string;
  reviewsEnabled: boolean;
  paymentRails: PaymentRail[];
  createdAt: number;
  updatedAt: number;
}

/**
 * Input of `upsertForSeller`. Given fields are written; absent ones keep their stored value, or
 * take the default when the settings are created (`reviewsEnabled` true, `paymentRails` []).
 * `description: null` clears the description. `id` is given only by DualWrite (the primary's id)
 * and is used only when the settings are created.
 */
export interface ShopSettingsInput {
  id?: string;
  sellerId: string;
  shopName: string;
  description?: string | null;
  reviewsEnabled?: boolean;
  paymentRails?: PaymentRail[];
}

/** The entity kind of shop settings (`NotFoundError.entity`, model table, id labels). */
export const SHOP_SETTINGS = 'shopSettings';

/** The shop-settings repository every implementation provides. */
export interface ShopSettingsRepository {
  /**
   * Creates the seller's settings, or updates them when the seller has some (never a second
   * record). Returns the stored settings. Throws `ValidationError`, `UnsafeInputError`,
   * `NotFoundError('user')` (unknown seller, in either id form).
   */
  upsertForSeller(input: ShopSettingsInput): Promise<ShopSettings>;
  /** The seller's settings (seller by uuid or 24-hex id), or null when the seller has none or is unknown. */
  getForSeller(sellerId: string): Promise<ShopSettings | null>;
  /**
   * Turns buyer reviews on or off; stamps `updatedAt` even when unchanged. Throws
   * `ValidationError('enabled')` (not a boolean), then `NotFoundError('shopSettings', sellerId)`.
   */
  setReviewsEnabled(sellerId: string, enabled: boolean): Promise<ShopSettings>;
  /** Deletes the seller's settings. Throws `NotFoundError('shopSettings', sellerId)` when there are none. */
  delete(sellerId: string): Promise<void>;
}

export const shopSettingsMethods: MethodMap<ShopSettingsRepository> = {
  upsertForSeller: { create: SHOP_SETTINGS },
  getForSeller: 'read',
  setReviewsEnabled: 'write',
  delete: 'write',
};

/** Validated `upsertForSeller` input: only given fields are present. */
export interface ValidShopSettingsInput {
  id?: string;
  sellerId: string;
  shopName: string;
  description?: string | null;
  reviewsEnabled?: boolean;
  paymentRails?: PaymentRail[];
}

/** At most this many rails per seller. */
export const MAX_PAYMENT_RAILS = 20;

/** Validates a rails list (a JSON payload; see `contracts/json-payload.ts`). */
export function validatePaymentRails(field: string, value: unknown): PaymentRail[] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array of payment rails');
  if (value.length > MAX_PAYMENT_RAILS) throw new ValidationError(field, `must have at most ${MAX_PAYMENT_RAILS} rails`);
  const rails = validateJsonPayload(field, value) as JsonValue[];
  rails.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ValidationError(`${field}[${i}]`, 'must be an object');
    for (const k of ['currency', 'network', 'address'] as const) requireText(`${field}[${i}].${k}`, r[k], 200);
  });
  return rails as PaymentRail[];
}

/** Validates `upsertForSeller` input; errors name the field. */
export function validateShopSettingsInput(input: ShopSettingsInput): ValidShopSettingsInput {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
  if (typeof input.sellerId !== 'string') throw new ValidationError('sellerId', 'must be an id string');
  const out: ValidShopSettingsInput = { sellerId: input.sellerId, shopName: requireText('shopName', input.shopName, 100) };
  if (input.id !== undefined) out.id = input.id;
  const d = optionalText('description', input.description, 1000, true);
  if (d !== undefined) out.description = d;
  if (input.reviewsEnabled !== undefined) {
    if (typeof input.reviewsEnabled !== 'boolean') throw new ValidationError('reviewsEnabled', 'must be a boolean');
    out.reviewsEnabled = input.reviewsEnabled;
  }
  if (input.paymentRails !== undefined) out.paymentRails = validatePaymentRails('paymentRails', input.paymentRails);
  return out;
}

/** Validates `setReviewsEnabled`'s flag. */
export function validateReviewsEnabled(enabled: unknown): boolean {
  if (typeof enabled !== 'boolean') throw new ValidationError('enabled', 'must be a boolean');
  return enabled;
}
