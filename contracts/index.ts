/**
 * The domain registry: the one place a domain is registered, with its contract (method map),
 * reference model, Mongo and Drizzle implementations, command arbitraries, examples and
 * invariants. DualWrite needs no per-domain code. Adding a domain touches this file only.
 *
 * @public
 */
import { defineDomain, type DomainDefinition } from './domain.ts';
import { addressMethods, type AddressRepository } from './address.ts';
import { addressModel } from './address.model.ts';
import { addressCommands } from './address.commands.ts';
import { addressExamples } from './address.examples.ts';
import { categoryMethods, type CategoryRepository } from './category.ts';
import { categoryModel } from './category.model.ts';
import { categoryCommands } from './category.commands.ts';
import { categoryExamples } from './category.examples.ts';
import { paymentMethods } from './payment.ts';
import { paymentModel } from './payment.model.ts';
import { paymentCommands } from './payment.commands.ts';
import { paymentExamples } from './payment.examples.ts';
import { derivedDestinationMethods } from './derived-destination.ts';
import { derivedDestinationModel } from './derived-destination.model.ts';
import { derivedDestinationCommands } from './derived-destination.commands.ts';
import { derivedDestinationExamples } from './derived-destination.examples.ts';
import { trezorMethods } from './trezor.ts';
import { trezorModel } from './trezor.model.ts';
import { trezorCommands } from './trezor.commands.ts';
import { trezorExamples } from './trezor.examples.ts';
import { userMethods } from './user.ts';
import { userModel } from './user.model.ts';
import { userCommands } from './user.commands.ts';
import { userExamples } from './user.examples.ts';
import { ensureAddressIndexes, mongoAddressRepository } from '../repos/mongo/address.ts';
import { ensureCategoryIndexes, mongoCategoryRepository } from '../repos/mongo/category.ts';
import { ensurePaymentIndexes, mongoPaymentRepository } from '../repos/mongo/payment.ts';
import { ensureUserIndexes, mongoUserRepository } from '../repos/mongo/user.ts';
import { ensureDerivedDestinationIndexes, mongoDerivedDestinationRepository } from '../repos/mongo/derived-destination.ts';
import { ensureTrezorIndexes, mongoTrezorRepository } from '../repos/mongo/trezor.ts';
import { drizzleDerivedDestinationRepository } from '../repos/drizzle/derived-destination.ts';
import { drizzleTrezorRepository } from '../repos/drizzle/trezor.ts';
import { drizzleAddressRepository } from '../repos/drizzle/address.ts';
import { drizzleCategoryRepository } from '../repos/drizzle/category.ts';
import { drizzlePaymentRepository } from '../repos/drizzle/payment.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { userEntity } from '../repos/legacy/user.ts';
import { addressEntity } from '../repos/legacy/address.ts';
import { categoryEntity } from '../repos/legacy/category.ts';
import { ledgerEntryEntity, paymentEntity, paymentQuoteEntity } from '../repos/legacy/payment.ts';
import { derivedDestinationEntity, derivedDestinationSweepEntity } from '../repos/legacy/derived-destination.ts';
import { trezorAccountEntity, trezorAddressEntity } from '../repos/legacy/trezor.ts';
import { sweptHasConfirmedSweep } from '../properties/invariants/swept-has-sweep.ts';
import { nextIndexAboveDerived } from '../properties/invariants/trezor-next-index.ts';
import { onePrimaryPerUser } from '../properties/invariants/one-primary.ts';
import { activeNamesUnique } from '../properties/invariants/active-names.ts';
import { ledgerMatchesPayment } from '../properties/invariants/ledger-consistency.ts';
import { runLedgerImmutability } from '../properties/ledger-immutability.ts';
import { runMoneyCheckAgreement } from '../properties/money-check.ts';
import { runOnePrimaryConcurrent } from '../properties/one-primary-concurrent.ts';
import { runCategoryNameAgreement } from '../properties/category-names.ts';

/** Why the Mongo side of a trigger check cannot run. */
const noMongoGuard = (what: string) =>
  `MongoDB has no ${what}; the Mongo implementation keeps this rule by construction (no method changes it), which no server-side check can prove`;

export const user = defineDomain({
  name: 'user',
  dependsOn: [],
  methods: userMethods,
  model: userModel,
  mongo: mongoUserRepository,
  drizzle: drizzleUserRepository,
  mongoCollections: ['users'],
  ensureMongoIndexes: ensureUserIndexes,
  pgTables: ['users'],
  commands: userCommands,
  examples: userExamples,
  invariants: [],
  checks: [],
  stored: [userEntity],
});

export const address = defineDomain({
  name: 'address',
  dependsOn: ['user'],
  methods: addressMethods,
  model: addressModel,
  mongo: mongoAddressRepository,
  drizzle: drizzleAddressRepository,
  mongoCollections: ['addresses'],
  ensureMongoIndexes: ensureAddressIndexes,
  pgTables: ['addresses'],
  commands: addressCommands,
  examples: addressExamples,
  invariants: [onePrimaryPerUser],
  stored: [addressEntity],
  checks: [
    { name: 'one-primary-concurrent', implementation: 'drizzle', run: ({ pg, domain }, o) => runOnePrimaryConcurrent(pg, domain as DomainDefinition<AddressRepository>, o) },
    {
      name: 'one-primary-concurrent',
      implementation: 'mongo',
      run: async ({ capabilities }) => ({
        notRun: `the Mongo implementation demotes then promotes without a transaction (FerretDB 1.24 and a standalone mongod have none), so concurrent writers are not serialized and the rule cannot hold on any server (here: ${capabilities.server})`,
      }),
    },
  ],
});

export const category = defineDomain({
  name: 'category',
  dependsOn: [],
  methods: categoryMethods,
  model: categoryModel,
  mongo: mongoCategoryRepository,
  drizzle: drizzleCategoryRepository,
  mongoCollections: ['categories'],
  ensureMongoIndexes: ensureCategoryIndexes,
  pgTables: ['categories'],
  commands: categoryCommands,
  examples: categoryExamples,
  invariants: [activeNamesUnique],
  stored: [categoryEntity],
  checks: [{ name: 'category-name-agreement', implementation: 'all', run: ({ pg, mongo, domain }, o) => runCategoryNameAgreement(pg, mongo, domain as DomainDefinition<CategoryRepository>, o) }],
});

export const payment = defineDomain({
  name: 'payment',
  dependsOn: ['user'],
  methods: paymentMethods,
  model: paymentModel,
  mongo: mongoPaymentRepository,
  drizzle: drizzlePaymentRepository,
  mongoCollections: ['payments', 'fundsLedgerEntries', 'paymentQuotes'],
  ensureMongoIndexes: ensurePaymentIndexes,
  pgTables: ['payments', 'funds_ledger_entries', 'payment_quotes'],
  commands: paymentCommands,
  examples: paymentExamples,
  invariants: [ledgerMatchesPayment],
  stored: [paymentEntity, ledgerEntryEntity, paymentQuoteEntity],
  checks: [
    { name: 'ledger-immutability', implementation: 'postgres', run: ({ pg }, o) => runLedgerImmutability(pg, o) },
    { name: 'ledger-immutability', implementation: 'mongo', run: async () => ({ notRun: noMongoGuard('triggers') }) },
    { name: 'money-check-agreement', implementation: 'postgres', run: ({ pg }, o) => runMoneyCheckAgreement(pg, o) },
  ],
});

export const derivedDestination = defineDomain({
  name: 'derived-destination',
  dependsOn: ['user', 'payment'],
  methods: derivedDestinationMethods,
  model: derivedDestinationModel,
  mongo: mongoDerivedDestinationRepository,
  drizzle: drizzleDerivedDestinationRepository,
  mongoCollections: ['derivedDestinations', 'derivedDestinationSweeps'],
  ensureMongoIndexes: ensureDerivedDestinationIndexes,
  pgTables: ['derived_destinations', 'derived_destination_sweeps'],
  commands: derivedDestinationCommands,
  examples: derivedDestinationExamples,
  invariants: [sweptHasConfirmedSweep],
  checks: [],
  stored: [derivedDestinationEntity, derivedDestinationSweepEntity],
});

export const trezor = defineDomain({
  name: 'trezor',
  dependsOn: ['user'],
  methods: trezorMethods,
  model: trezorModel,
  mongo: mongoTrezorRepository,
  drizzle: drizzleTrezorRepository,
  mongoCollections: ['trezorAccounts', 'trezorDerivedAddresses'],
  ensureMongoIndexes: ensureTrezorIndexes,
  pgTables: ['trezor_accounts', 'trezor_derived_addresses'],
  commands: trezorCommands,
  examples: trezorExamples,
  invariants: [nextIndexAboveDerived],
  checks: [],
  stored: [trezorAccountEntity, trezorAddressEntity],
});

/** Every registered domain, dependencies before dependents. */
export const domains: readonly DomainDefinition[] = [user, address, category, payment, derivedDestination, trezor] as DomainDefinition[];

/** The registered domain called `name`, or undefined. */
export function findDomain(name: string, registry: readonly DomainDefinition[] = domains): DomainDefinition | undefined {
  return registry.find((d) => d.name === name);
}
