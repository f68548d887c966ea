/**
 * Stored-entity spec of addresses: collection `addresses` ↔ table `addresses`, and the repair
 * policy for users with more than one primary address.
 *
 * Canonical record: {@link Address} with legacy ids (`userId` is the user's ObjectId hex).
 *
 * @public
 */
import type { Document } from 'mongodb';
import { ADDRESS_TYPES, type Address } from '../../contracts/address.ts';
import { ValidationError } from '../../contracts/errors.ts';
import { optionalText, requireText } from '../../contracts/text.ts';
import { addresses } from '../../schema/addresses.ts';
import { ShapeReader } from './shape.ts';
import { collectViolations, present, refId, rowId, type LegacyReading, type PolicyPlan, type Repair, type RepairPolicy, type StoredEntity } from './spec.ts';

/** An `addresses` row as Drizzle reads it. */
export type AddressRow = typeof addresses.$inferSelect;
/** Insert values of an `addresses` row. */
export type AddressInsert = typeof addresses.$inferInsert;

const OPTIONAL = ['label', 'line2', 'postalCode'] as const;
const LIMITS = { label: 50, line2: 200, postalCode: 20 } as const;

/**
 * Canonical {@link Address} of an `addresses` document: `userId` an ObjectId or hex string,
 * `type` missing → `shipping` and `isPrimary` missing → false (the contract defaults, flagged).
 * Throws `LegacyShapeError`.
 */
export function addressFromLegacy(doc: Document): LegacyReading<Address> {
  const r = new ShapeReader(doc);
  const a: Address = {
    id: r.id(),
    userId: r.ref('userId'),
    type: r.oneOf('type', ADDRESS_TYPES, 'shipping'),
    line1: r.string('line1'),
    city: r.string('city'),
    country: r.string('country'),
    isPrimary: r.boolean('isPrimary', false),
    createdAt: r.time('createdAt'),
    updatedAt: r.time('updatedAt'),
  };
  const optional = Object.fromEntries(OPTIONAL.map((k) => [k, r.optionalString(k)]));
  return { record: present(a, optional, OPTIONAL), flags: r.flags };
}

/** Contract rules of an address record (text lengths, safe text, ISO country code). */
export function validateAddressRecord(a: Address): ReturnType<StoredEntity['validate']> {
  return collectViolations([
    () => requireText('line1', a.line1, 200),
    () => requireText('city', a.city, 100),
    () => {
      if (!/^[A-Z]{2}$/.test(a.country)) throw new ValidationError('country', 'must be an ISO 3166-1 alpha-2 code in upper case');
    },
    ...OPTIONAL.map((k) => () => optionalText(k, a[k], LIMITS[k])),
  ]);
}

/** The rule behind {@link onePrimaryAddressPolicy}; Postgres enforces it with `addresses_one_primary_per_user`. */
export const ONE_PRIMARY_RULE = 'at most one primary address per user';

/**
 * Repair policy: when a user has more than one primary address, keep the most recently updated
 * one (`updatedAt`, then the larger id) and demote the others (`isPrimary` false; their
 * `updatedAt` is kept, so the copy shows when the owner last touched them). Only records that
 * meet the contract rules compete. Each demotion is reported as a {@link Repair}.
 */
export const onePrimaryAddressPolicy: RepairPolicy<Address> = {
  name: 'one-primary-address',
  description: 'more than one primary address for a user: keep the most recently updated primary, demote the rest',
  memory: 'one map entry per user with a primary address during the pre-pass; afterwards only users with more than one',
  // Only a stored `true` reads as primary (a missing isPrimary defaults to false).
  candidates: { isPrimary: true },
  planner() {
    const best = new Map<string, { id: string; updatedAt: number; count: number }>();
    return {
      add(a) {
        if (!a.isPrimary) return;
        const cur = best.get(a.userId);
        if (!cur) best.set(a.userId, { id: a.id, updatedAt: a.updatedAt, count: 1 });
        else {
          cur.count++;
          if (a.updatedAt > cur.updatedAt || (a.updatedAt === cur.updatedAt && a.id > cur.id)) Object.assign(cur, { id: a.id, updatedAt: a.updatedAt });
        }
      },
      reject() {},
      finish(): PolicyPlan<Address> {
        const keepers = new Map<string, string>();
        for (const [user, b] of best) if (b.count > 1) keepers.set(user, b.id);
        best.clear();
        return {
          apply(a) {
            const keeper = a.isPrimary ? keepers.get(a.userId) : undefined;
            if (keeper === undefined || keeper === a.id) return { record: a, repairs: [] };
            const repair: Repair = { entity: 'address', id: a.id, field: 'isPrimary', rule: ONE_PRIMARY_RULE, action: `demoted: ${keeper} is the user's most recently updated primary address` };
            return { record: { ...a, isPrimary: false }, repairs: [repair] };
          },
        };
      },
    };
  },
};

/** The `addresses` spec. */
export const addressEntity: StoredEntity<Address, AddressRow, AddressInsert> = {
  name: 'address',
  domain: 'address',
  collection: 'addresses',
  table: 'addresses',
  pgTable: addresses,
  references: { userId: 'users' },
  appendOnly: false,
  policy: onePrimaryAddressPolicy,
  fromDocument: addressFromLegacy,
  validate: validateAddressRecord,
  fromRow(row, refs) {
    const a: Address = {
      id: rowId(row),
      userId: refId(refs, 'userId', row.userId),
      type: row.type,
      line1: row.line1,
      city: row.city,
      country: row.country,
      isPrimary: row.isPrimary,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
    return present(a, row, OPTIONAL);
  },
  toRow(a, resolve) {
    return {
      legacyObjectId: a.id,
      userId: resolve('users', a.userId),
      type: a.type,
      label: a.label ?? null,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city,
      postalCode: a.postalCode ?? null,
      country: a.country,
      isPrimary: a.isPrimary,
      createdAt: new Date(a.createdAt),
      updatedAt: new Date(a.updatedAt),
    };
  },
};
