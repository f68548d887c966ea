/**
 * Derived-destination contract: deposit addresses derived per user (and optionally per payment)
 * from the platform's HD wallet, and the sweeps that move their funds on.
 *
 * Rules: a destination's `address` and its BIP-32 `derivationPath` are each unique
 * (`DuplicateKeyError('derived_destinations.address')` / `('derived_destinations.derivation_path')`,
 * the address checked first); a sweep needs an existing destination and is in the destination's
 * currency (Postgres enforces the match with a composite foreign key); a sweep's `txHash` is
 * unique; a sweep goes `pending` → `confirmed` | `failed` only; a confirmed sweep (recorded as
 * confirmed, or confirmed later) marks an `active` destination `swept` — a `retired` destination
 * stays retired. So a `swept` destination always has a confirmed sweep.
 *
 * @public
 */
import { ValidationError } from './errors.ts';
import { isObjectIdHex } from './ids.ts';
import { isCurrency, validateAmount, type Currency } from './money.ts';
import type { MethodMap } from './domain.ts';

export const NETWORKS = ['ethereum', 'tron', 'bitcoin', 'polygon', 'bsc'] as const;
export type Network = (typeof NETWORKS)[number];
export const DESTINATION_STATUSES = ['active', 'swept', 'retired'] as const;
export type DestinationStatus = (typeof DESTINATION_STATUSES)[number];
export const SWEEP_STATUSES = ['pending', 'confirmed', 'failed'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/** Allowed sweep transitions; any other is an `InvariantViolation('derived_destination_sweep.status_transition')`. */
export const SWEEP_TRANSITIONS: Readonly<Record<SweepStatus, readonly SweepStatus[]>> = {
  pending: ['confirmed', 'failed'],
  confirmed: [],
  failed: [],
};
export const SWEEP_STATUS_TRANSITION = 'derived_destination_sweep.status_transition';

/** Contract keys of the unique rules (Postgres constraint names map to them, Mongo index names are them). */
export const DESTINATION_ADDRESS_KEY = 'derived_destinations.address';
export const DESTINATION_PATH_KEY = 'derived_destinations.derivation_path';
export const SWEEP_TX_HASH_KEY = 'derived_destination_sweeps.tx_hash';

/** A stored destination. Times are UTC ms. */
export interface DerivedDestination {
  id: string;
  userId: string;
  paymentId?: string;
  currency: Currency;
  network: Network;
  address: string;
  derivationPath: string;
  status: DestinationStatus;
  createdAt: number;
  updatedAt: number;
}

export interface NewDerivedDestination {
  id?: string;
  userId: string;
  paymentId?: string;
  currency: Currency;
  network: Network;
  address: string;
  derivationPath: string;
}

/** A sweep of a destination's funds. `currency` is the destination's. */
export interface DerivedDestinationSweep {
  id: string;
  destinationId: string;
  currency: Currency;
  amount: string;
  txHash: string;
  status: SweepStatus;
  createdAt: number;
  updatedAt: number;
}

export interface NewDerivedDestinationSweep {
  id?: string;
  destinationId: string;
  amount: string;
  txHash: string;
  /** Defaults to `pending`. */
  status?: SweepStatus;
}

/** The derived-destination repository every implementation provides. */
export interface DerivedDestinationRepository {
  /**
   * Creates an `active` destination. Throws `ValidationError` / `UnsafeInputError` (checked
   * first), `NotFoundError('user')`, `NotFoundError('payment')` (when `paymentId` is given),
   * `DuplicateKeyError('derived_destinations.address')`, then `('derived_destinations.derivation_path')`.
   */
  create(input: NewDerivedDestination): Promise<DerivedDestination>;
  get(id: string): Promise<DerivedDestination | null>;
  /** The destination whose address is exactly `address`, or null. */
  getByAddress(address: string): Promise<DerivedDestination | null>;
  /** The user's destinations, oldest first (creation order among equal times). */
  listByUser(userId: string): Promise<DerivedDestination[]>;
  /** Sets status `retired` (a no-op when it already is). Throws `NotFoundError('derivedDestination')`. */
  retire(id: string): Promise<DerivedDestination>;
  /**
   * Records a sweep in the destination's currency; a `confirmed` one marks an active destination
   * swept. Throws `ValidationError` (amount in the destination's currency, txHash, status),
   * `NotFoundError('derivedDestination')`, `DuplicateKeyError('derived_destination_sweeps.tx_hash')`.
   */
  recordSweep(input: NewDerivedDestinationSweep): Promise<DerivedDestinationSweep>;
  /**
   * Moves a pending sweep to `confirmed` or `failed`; confirming marks an active destination
   * swept (atomically with the sweep in Postgres). Throws `ValidationError('status')`,
   * `NotFoundError('derivedDestinationSweep')`, `InvariantViolation('derived_destination_sweep.status_transition')`.
   */
  setSweepStatus(id: string, status: SweepStatus): Promise<DerivedDestinationSweep>;
  /** The destination's sweeps, oldest first (creation order among equal times); empty for an unknown destination. */
  listSweeps(destinationId: string): Promise<DerivedDestinationSweep[]>;
}

export const derivedDestinationMethods: MethodMap<DerivedDestinationRepository> = {
  create: { create: 'derivedDestination' },
  get: 'read',
  getByAddress: 'read',
  listByUser: 'read',
  retire: 'write',
  recordSweep: { create: 'derivedDestinationSweep' },
  setSweepStatus: 'write',
  listSweeps: 'read',
};

/** Largest BIP-32 child index (hardened indexes are written `i'`, i.e. i + 2^31). */
export const BIP32_MAX_INDEX = 2 ** 31 - 1;
/** Deepest derivation path accepted. */
export const BIP32_MAX_DEPTH = 10;
/** The shape of a path: `m`, then 1-10 `/index` steps, each optionally hardened with `'`; no leading zeros. */
export const DERIVATION_PATH_PATTERN = `^m(/(0|[1-9][0-9]{0,9})'?){1,${BIP32_MAX_DEPTH}}$`;
/** The shape of an address: 8-128 ASCII letters and digits (hex, base58, bech32 …), compared exactly. */
export const ADDRESS_PATTERN = '^[0-9A-Za-z]{8,128}$';
/** A transaction hash: 64 lower-case hex digits, optionally `0x`-prefixed (one spelling per hash, so uniqueness means something). */
export const TX_HASH_PATTERN = '^(0x)?[0-9a-f]{64}$';

function optionalId(input: { id?: unknown }): void {
  if (input.id !== undefined && !isObjectIdHex(input.id)) throw new ValidationError('id', 'must be a 24-hex ObjectId');
}

/** Validates a BIP-32 path such as `m/44'/60'/0'/0/5` (shape, depth, each index ≤ 2^31-1). */
export function validateDerivationPath(field: string, v: unknown): string {
  if (typeof v !== 'string' || !new RegExp(DERIVATION_PATH_PATTERN).test(v)) {
    throw new ValidationError(field, `must be a BIP-32 path such as m/44'/60'/0'/0/5 (1-${BIP32_MAX_DEPTH} steps, no leading zeros)`);
  }
  for (const step of v.split('/').slice(1)) {
    if (Number(step.replace("'", '')) > BIP32_MAX_INDEX) throw new ValidationError(field, `each index must be at most ${BIP32_MAX_INDEX}`);
  }
  return v;
}

function pattern(field: string, v: unknown, re: string, rule: string): string {
  if (typeof v !== 'string' || !new RegExp(re).test(v)) throw new ValidationError(field, rule);
  return v;
}

/** Validates `create` input; errors name the field. */
export function validateNewDerivedDestination(input: NewDerivedDestination): NewDerivedDestination {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.userId !== 'string') throw new ValidationError('userId', 'must be an id string');
  if (input.paymentId !== undefined && typeof input.paymentId !== 'string') throw new ValidationError('paymentId', 'must be an id string');
  if (!isCurrency(input.currency)) throw new ValidationError('currency', 'must be a supported currency');
  if (!(NETWORKS as readonly unknown[]).includes(input.network)) throw new ValidationError('network', `must be one of ${NETWORKS.join(', ')}`);
  const out: NewDerivedDestination = {
    userId: input.userId,
    currency: input.currency,
    network: input.network,
    address: pattern('address', input.address, ADDRESS_PATTERN, 'must be 8-128 ASCII letters and digits'),
    derivationPath: validateDerivationPath('derivationPath', input.derivationPath),
  };
  if (input.id !== undefined) out.id = input.id;
  if (input.paymentId !== undefined) out.paymentId = input.paymentId;
  return out;
}

/** Validates a sweep status. */
export function validateSweepStatus(field: string, v: unknown): SweepStatus {
  if (!(SWEEP_STATUSES as readonly unknown[]).includes(v)) throw new ValidationError(field, `must be one of ${SWEEP_STATUSES.join(', ')}`);
  return v as SweepStatus;
}

/**
 * Validates `recordSweep` input except the amount's scale, which depends on the destination's
 * currency (see {@link validateSweepAmount}); errors name the field.
 */
export function validateNewSweep(input: NewDerivedDestinationSweep): Required<Omit<NewDerivedDestinationSweep, 'id'>> & { id?: string } {
  if (input === null || typeof input !== 'object') throw new ValidationError('input', 'must be an object');
  optionalId(input);
  if (typeof input.destinationId !== 'string') throw new ValidationError('destinationId', 'must be an id string');
  if (typeof input.amount !== 'string') throw new ValidationError('amount', 'must be a decimal string, not a ' + typeof input.amount);
  const out: Required<Omit<NewDerivedDestinationSweep, 'id'>> & { id?: string } = {
    destinationId: input.destinationId,
    amount: input.amount,
    txHash: pattern('txHash', input.txHash, TX_HASH_PATTERN, 'must be 64 lower-case hex digits, optionally 0x-prefixed'),
    status: input.status === undefined ? 'pending' : validateSweepStatus('status', input.status),
  };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/** Canonical sweep amount in the destination's currency (`ValidationError('amount')`). */
export function validateSweepAmount(amount: string, currency: Currency): string {
  return validateAmount('amount', amount, currency);
}

/** The status a destination takes when one of its sweeps is confirmed. */
export function statusAfterConfirmedSweep(current: DestinationStatus): DestinationStatus {
  return current === 'active' ? 'swept' : current;
}
