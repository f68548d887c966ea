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
import { userMethods } from './user.ts';
import { marketplaceMethods } from './marketplace.ts';
import { marketplaceModel } from './marketplace.model.ts';
import { marketplaceCommands } from './marketplace.commands.ts';
import { marketplaceExamples } from './marketplace.examples.ts';
import { ensureMarketplaceIndexes, mongoMarketplaceRepository } from '../repos/mongo/marketplace.ts';
import { drizzleMarketplaceRepository } from '../repos/drizzle/marketplace.ts';
import { selectedOfferAccepted } from '../properties/invariants/selected-offer.ts';
import { userModel } from './user.model.ts';
import { userCommands } from './user.commands.ts';
import { userExamples } from './user.examples.ts';
import { ensureAddressIndexes, mongoAddressRepository } from '../repos/mongo/address.ts';
import { ensureCategoryIndexes, mongoCategoryRepository } from '../repos/mongo/category.ts';
import { ensurePaymentIndexes, mongoPaymentRepository } from '../repos/mongo/payment.ts';
import { ensureUserIndexes, mongoUserRepository } from '../repos/mongo/user.ts';
import { drizzleAddressRepository } from '../repos/drizzle/address.ts';
import { drizzleCategoryRepository } from '../repos/drizzle/category.ts';
import { drizzlePaymentRepository } from '../repos/drizzle/payment.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { userEntity } from '../repos/legacy/user.ts';
import { addressEntity } from '../repos/legacy/address.ts';
import { categoryEntity } from '../repos/legacy/category.ts';
import { ledgerEntryEntity, paymentEntity } from '../repos/legacy/payment.ts';
import { purchaseRequestEntity, sellerOfferEntity } from '../repos/legacy/marketplace.ts';
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
  mongoCollections: ['payments', 'fundsLedgerEntries'],
  ensureMongoIndexes: ensurePaymentIndexes,
  pgTables: ['payments', 'funds_ledger_entries'],
  commands: paymentCommands,
  examples: paymentExamples,
  invariants: [ledgerMatchesPayment],
  stored: [paymentEntity, ledgerEntryEntity],
  checks: [
    { name: 'ledger-immutability', implementation: 'postgres', run: ({ pg }, o) => runLedgerImmutability(pg, o) },
    { name: 'ledger-immutability', implementation: 'mongo', run: async () => ({ notRun: noMongoGuard('triggers') }) },
    { name: 'money-check-agreement', implementation: 'postgres', run: ({ pg }, o) => runMoneyCheckAgreement(pg, o) },
  ],
});

export const marketplace = defineDomain({
  name: 'marketplace',
  dependsOn: ['user', 'category'],
  methods: marketplaceMethods,
  model: marketplaceModel,
  mongo: mongoMarketplaceRepository,
  drizzle: drizzleMarketplaceRepository,
  mongoCollections: ['purchaseRequests', 'sellerOffers'],
  ensureMongoIndexes: ensureMarketplaceIndexes,
  pgTables: [
    'purchase_requests',
    'purchase_request_delivery_info',
    'purchase_request_delivery_address',
    'purchase_request_seller_delivery_info',
    'purchase_request_service_info',
    'purchase_request_specifications',
    'purchase_request_preferred_sellers',
    'delivery_attempts',
    'seller_offers',
  ],
  commands: marketplaceCommands,
  examples: marketplaceExamples,
  invariants: [selectedOfferAccepted],
  stored: [purchaseRequestEntity, sellerOfferEntity],
  checks: [],
});

/** Every registered domain, dependencies before dependents. */
export const domains: readonly DomainDefinition[] = [user, address, category, payment, marketplace] as DomainDefinition[];

/** The registered domain called `name`, or undefined. */
export function findDomain(name: string, registry: readonly DomainDefinition[] = domains): DomainDefinition | undefined {
  return registry.find((d) => d.name === name);
}
