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
import { pointsMethods } from './points.ts';
import { pointsModel } from './points.model.ts';
import { pointsCommands } from './points.commands.ts';
import { pointsExamples } from './points.examples.ts';
import { levelConfigMethods } from './level-config.ts';
import { levelConfigModel } from './level-config.model.ts';
import { levelConfigCommands } from './level-config.commands.ts';
import { levelConfigExamples } from './level-config.examples.ts';
import { notificationMethods } from './notification.ts';
import { notificationModel } from './notification.model.ts';
import { notificationCommands } from './notification.commands.ts';
import { notificationExamples } from './notification.examples.ts';
import { derivedDestinationMethods } from './derived-destination.ts';
import { derivedDestinationModel } from './derived-destination.model.ts';
import { derivedDestinationCommands } from './derived-destination.commands.ts';
import { derivedDestinationExamples } from './derived-destination.examples.ts';
import { trezorMethods } from './trezor.ts';
import { trezorModel } from './trezor.model.ts';
import { trezorCommands } from './trezor.commands.ts';
import { trezorExamples } from './trezor.examples.ts';
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
import { authMethods } from './auth.ts';
import { authModel } from './auth.model.ts';
import { authCommands } from './auth.commands.ts';
import { authExamples } from './auth.examples.ts';
import { shopSettingsMethods } from './shop-settings.ts';
import { shopSettingsModel } from './shop-settings.model.ts';
import { shopSettingsCommands } from './shop-settings.commands.ts';
import { shopSettingsExamples } from './shop-settings.examples.ts';
import { ensureShopSettingsIndexes, mongoShopSettingsRepository } from '../repos/mongo/shop-settings.ts';
import { drizzleShopSettingsRepository } from '../repos/drizzle/shop-settings.ts';
import { shopSettingsEntity } from '../repos/legacy/shop-settings.ts';
import { configMethods } from './config.ts';
import { configModel } from './config.model.ts';
import { configCommands } from './config.commands.ts';
import { configExamples } from './config.examples.ts';
import { ensureConfigIndexes, mongoConfigRepository } from '../repos/mongo/config.ts';
import { drizzleConfigRepository } from '../repos/drizzle/config.ts';
import { configHistoryEntity, configSettingEntity } from '../repos/legacy/config.ts';
import { configHistoryContiguous } from '../properties/invariants/config-history.ts';
import { requestTemplateMethods } from './request-template.ts';
import { requestTemplateModel } from './request-template.model.ts';
import { requestTemplateCommands } from './request-template.commands.ts';
import { requestTemplateExamples } from './request-template.examples.ts';
import { ensureRequestTemplateIndexes, mongoRequestTemplateRepository } from '../repos/mongo/request-template.ts';
import { drizzleRequestTemplateRepository } from '../repos/drizzle/request-template.ts';
import { requestTemplateEntity } from '../repos/legacy/request-template.ts';
import { templateUsageWithinMax } from '../properties/invariants/template-usage.ts';
import { ensureAddressIndexes, mongoAddressRepository } from '../repos/mongo/address.ts';
import { ensureCategoryIndexes, mongoCategoryRepository } from '../repos/mongo/category.ts';
import { ensurePaymentIndexes, mongoPaymentRepository } from '../repos/mongo/payment.ts';
import { ensureUserIndexes, mongoUserRepository } from '../repos/mongo/user.ts';
import { ensurePointsIndexes, mongoPointsRepository } from '../repos/mongo/points.ts';
import { ensureLevelConfigIndexes, mongoLevelConfigRepository } from '../repos/mongo/level-config.ts';
import { ensureNotificationIndexes, mongoNotificationRepository } from '../repos/mongo/notification.ts';
import { SEQUENCES_COLLECTION } from '../repos/mongo/sequence.ts';
import { ensureDerivedDestinationIndexes, mongoDerivedDestinationRepository } from '../repos/mongo/derived-destination.ts';
import { ensureTrezorIndexes, mongoTrezorRepository } from '../repos/mongo/trezor.ts';
import { drizzleDerivedDestinationRepository } from '../repos/drizzle/derived-destination.ts';
import { drizzleTrezorRepository } from '../repos/drizzle/trezor.ts';
import { drizzleAddressRepository } from '../repos/drizzle/address.ts';
import { drizzlePointsRepository } from '../repos/drizzle/points.ts';
import { drizzleLevelConfigRepository } from '../repos/drizzle/level-config.ts';
import { drizzleNotificationRepository } from '../repos/drizzle/notification.ts';
import { drizzleCategoryRepository } from '../repos/drizzle/category.ts';
import { drizzlePaymentRepository } from '../repos/drizzle/payment.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { AUTH_COLLECTIONS, ensureAuthIndexes, mongoAuthRepository } from '../repos/mongo/auth.ts';
import { drizzleAuthRepository } from '../repos/drizzle/auth.ts';
import { passkeyEntity, refreshTokenEntity, telegramLinkEntity, telegramSessionEntity } from '../repos/legacy/auth.ts';
import { oneTelegramLinkPerSide } from '../properties/invariants/auth-links.ts';
import { signCountsInRange } from '../properties/invariants/auth-sign-count.ts';
import { disputeMethods } from './dispute.ts';
import { disputeModel } from './dispute.model.ts';
import { disputeCommands } from './dispute.commands.ts';
import { disputeExamples } from './dispute.examples.ts';
import { blogMethods } from './blog.ts';
import { blogModel } from './blog.model.ts';
import { blogCommands } from './blog.commands.ts';
import { blogExamples } from './blog.examples.ts';
import { chatMethods } from './chat.ts';
import { chatModel } from './chat.model.ts';
import { chatCommands } from './chat.commands.ts';
import { chatExamples } from './chat.examples.ts';
import { ensureDisputeIndexes, mongoDisputeRepository } from '../repos/mongo/dispute.ts';
import { ensureBlogIndexes, mongoBlogRepository } from '../repos/mongo/blog.ts';
import { ensureChatIndexes, mongoChatRepository } from '../repos/mongo/chat.ts';
import { drizzleDisputeRepository } from '../repos/drizzle/dispute.ts';
import { drizzleBlogRepository } from '../repos/drizzle/blog.ts';
import { drizzleChatRepository } from '../repos/drizzle/chat.ts';
import { disputeEntity } from '../repos/legacy/dispute.ts';
import { blogPostEntity } from '../repos/legacy/blog.ts';
import { chatEntity, chatMessageEntity } from '../repos/legacy/chat.ts';
import { oneUnresolvedDispute } from '../properties/invariants/one-unresolved-dispute.ts';
import { chatParticipantsCanonical, chatSenderIsParticipant } from '../properties/invariants/chat-participants.ts';
import { userEntity } from '../repos/legacy/user.ts';
import { addressEntity } from '../repos/legacy/address.ts';
import { categoryEntity } from '../repos/legacy/category.ts';
import { pointTransactionEntity } from '../repos/legacy/points.ts';
import { levelConfigEntity } from '../repos/legacy/level-config.ts';
import { notificationEntity } from '../repos/legacy/notification.ts';
import { pointsBalanceNonNegative, pointsIdempotencyKeyUnique } from '../properties/invariants/points-balance.ts';
import { levelThresholdsIncreasing } from '../properties/invariants/level-order.ts';
import { purchaseRequestEntity, sellerOfferEntity } from '../repos/legacy/marketplace.ts';
import { ledgerEntryEntity, paymentEntity, paymentQuoteEntity } from '../repos/legacy/payment.ts';
import { derivedDestinationEntity, derivedDestinationSweepEntity } from '../repos/legacy/derived-destination.ts';
import { trezorAccountEntity, trezorAddressEntity } from '../repos/legacy/trezor.ts';
import { sweptHasConfirmedSweep } from '../properties/invariants/swept-has-sweep.ts';
import { nextIndexAboveDerived } from '../properties/invariants/trezor-next-index.ts';
import { onePrimaryPerUser } from '../properties/invariants/one-primary.ts';
import { activeNamesUnique } from '../properties/invariants/active-names.ts';
import { ledgerMatchesPayment } from '../properties/invariants/ledger-consistency.ts';
import { onePendingPaymentPerRequest } from '../properties/invariants/pending-payment-per-request.ts';
import { runLedgerImmutability } from '../properties/ledger-immutability.ts';
import { runMoneyCheckAgreement } from '../properties/money-check.ts';
import { runOnePrimaryConcurrent } from '../properties/one-primary-concurrent.ts';
import { runCategoryNameAgreement } from '../properties/category-names.ts';
import { releaseHoldMethods } from './release-hold.ts';
import { releaseHoldModel } from './release-hold.model.ts';
import { releaseHoldCommands } from './release-hold.commands.ts';
import { releaseHoldExamples } from './release-hold.examples.ts';
import { ensureReleaseHoldIndexes, mongoReleaseHoldRepository } from '../repos/mongo/release-hold.ts';
import { drizzleReleaseHoldRepository } from '../repos/drizzle/release-hold.ts';
import { releaseHoldEntity } from '../repos/legacy/release-hold.ts';
import { noHoldPlacedOnFinalPayment, oneActiveHoldPerPayment } from '../properties/invariants/release-holds.ts';
import { reviewMethods } from './review.ts';
import { reviewModel } from './review.model.ts';
import { reviewCommands } from './review.commands.ts';
import { reviewExamples } from './review.examples.ts';
import { ensureReviewIndexes, mongoReviewRepository } from '../repos/mongo/review.ts';
import { drizzleReviewRepository } from '../repos/drizzle/review.ts';
import { reviewEntity } from '../repos/legacy/review.ts';
import { oneReviewPerReviewerAndRequest } from '../properties/invariants/review-unique.ts';
import { JOURNEY_DOMAINS, journeyMethods, type JourneyRepository } from './journey.ts';
import { journeyCommands } from './journey.commands.ts';
import { journeyExamples } from './journey.examples.ts';

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
  // The source system's auth-store facade owns users: AUTH_STORE routes them too.
  flags: { aliases: ['AUTH_STORE'] },
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
  // marketplace: a payment may pay for a purchase request.
  dependsOn: ['user', 'marketplace'],
  methods: paymentMethods,
  model: paymentModel,
  mongo: mongoPaymentRepository,
  drizzle: drizzlePaymentRepository,
  mongoCollections: ['payments', 'fundsLedgerEntries', 'paymentQuotes'],
  ensureMongoIndexes: ensurePaymentIndexes,
  pgTables: ['payments', 'funds_ledger_entries', 'payment_quotes'],
  commands: paymentCommands,
  examples: paymentExamples,
  invariants: [ledgerMatchesPayment, onePendingPaymentPerRequest],
  stored: [paymentEntity, ledgerEntryEntity, paymentQuoteEntity],
  checks: [
    { name: 'ledger-immutability', implementation: 'postgres', run: ({ pg }, o) => runLedgerImmutability(pg, o) },
    { name: 'ledger-immutability', implementation: 'mongo', run: async () => ({ notRun: noMongoGuard('triggers') }) },
    { name: 'money-check-agreement', implementation: 'postgres', run: ({ pg }, o) => runMoneyCheckAgreement(pg, o) },
  ],
});

/** Auth-owned credentials (source flags `REPO_AUTH` / `AUTH_STORE`): passkeys, refresh tokens, Telegram links and sessions. */
export const auth = defineDomain({
  name: 'auth',
  dependsOn: ['user'],
  methods: authMethods,
  model: authModel,
  mongo: mongoAuthRepository,
  drizzle: drizzleAuthRepository,
  mongoCollections: AUTH_COLLECTIONS,
  ensureMongoIndexes: ensureAuthIndexes,
  pgTables: ['user_passkeys', 'user_refresh_tokens', 'telegram_links', 'telegram_sessions'],
  commands: authCommands,
  examples: authExamples,
  invariants: [oneTelegramLinkPerSide, signCountsInRange],
  checks: [],
  stored: [passkeyEntity, refreshTokenEntity, telegramLinkEntity, telegramSessionEntity],
});

/** Points (flag `REPO_POINTS`): the append-only point ledger. */
export const points = defineDomain({
  name: 'points',
  dependsOn: ['user'],
  methods: pointsMethods,
  model: pointsModel,
  mongo: mongoPointsRepository,
  drizzle: drizzlePointsRepository,
  mongoCollections: ['pointTransactions', SEQUENCES_COLLECTION],
  ensureMongoIndexes: ensurePointsIndexes,
  pgTables: ['point_transactions'],
  commands: pointsCommands,
  examples: pointsExamples,
  invariants: [pointsBalanceNonNegative, pointsIdempotencyKeyUnique],
  stored: [pointTransactionEntity],
  checks: [],
});

/** Level config (flag `REPO_LEVEL_CONFIG`; the source system's `LEVEL_CONFIG_STORE`, alias `LEVEL_STORE`). */
export const levelConfig = defineDomain({
  name: 'level-config',
  dependsOn: [],
  methods: levelConfigMethods,
  model: levelConfigModel,
  mongo: mongoLevelConfigRepository,
  drizzle: drizzleLevelConfigRepository,
  mongoCollections: ['levelConfigs'],
  ensureMongoIndexes: ensureLevelConfigIndexes,
  pgTables: ['level_configs'],
  commands: levelConfigCommands,
  examples: levelConfigExamples,
  invariants: [levelThresholdsIncreasing],
  stored: [levelConfigEntity],
  checks: [],
  flags: { aliases: ['LEVEL_STORE'] },
});

/** Notifications (flags `REPO_NOTIFICATION`, `NOTIFICATION_STORE`). */
export const notification = defineDomain({
  name: 'notification',
  dependsOn: ['user'],
  methods: notificationMethods,
  model: notificationModel,
  mongo: mongoNotificationRepository,
  drizzle: drizzleNotificationRepository,
  mongoCollections: ['notifications', SEQUENCES_COLLECTION],
  ensureMongoIndexes: ensureNotificationIndexes,
  pgTables: ['notifications'],
  commands: notificationCommands,
  examples: notificationExamples,
  invariants: [],
  stored: [notificationEntity],
  checks: [],
});

/** Disputes over payments (source flags `REPO_DISPUTE`, `DISPUTE_STORE`). */
export const dispute = defineDomain({
  name: 'dispute',
  dependsOn: ['user', 'payment'],
  methods: disputeMethods,
  model: disputeModel,
  mongo: mongoDisputeRepository,
  drizzle: drizzleDisputeRepository,
  mongoCollections: ['disputes'],
  ensureMongoIndexes: ensureDisputeIndexes,
  pgTables: ['disputes'],
  commands: disputeCommands,
  examples: disputeExamples,
  invariants: [oneUnresolvedDispute],
  checks: [],
  stored: [disputeEntity],
});

/** Blog posts (source flags `REPO_BLOG`, `BLOG_STORE`). */
export const blog = defineDomain({
  name: 'blog',
  dependsOn: ['user'],
  methods: blogMethods,
  model: blogModel,
  mongo: mongoBlogRepository,
  drizzle: drizzleBlogRepository,
  mongoCollections: ['blogPosts'],
  ensureMongoIndexes: ensureBlogIndexes,
  pgTables: ['blog_posts'],
  commands: blogCommands,
  examples: blogExamples,
  invariants: [],
  checks: [],
  stored: [blogPostEntity],
});

/** Chats, normalized in Postgres (source flags `REPO_CHAT`, `CHAT_STORE`). */
export const chat = defineDomain({
  name: 'chat',
  dependsOn: ['user'],
  methods: chatMethods,
  model: chatModel,
  mongo: mongoChatRepository,
  drizzle: drizzleChatRepository,
  mongoCollections: ['chats', 'chatMessages'],
  ensureMongoIndexes: ensureChatIndexes,
  pgTables: ['chats', 'chat_participants', 'chat_messages'],
  commands: chatCommands,
  examples: chatExamples,
  invariants: [chatParticipantsCanonical, chatSenderIsParticipant],
  checks: [],
  // chat_participants is embedded in the Mongo chat document: its mapping is in repos/legacy/chat.ts.
  stored: [chatEntity, chatMessageEntity],
});

/** Shop settings (the source system's shop-settings facade; flags REPO_SHOP_SETTINGS, SHOP_SETTINGS_STORE). */
export const shopSettings = defineDomain({
  name: 'shop-settings',
  dependsOn: ['user'],
  methods: shopSettingsMethods,
  model: shopSettingsModel,
  mongo: mongoShopSettingsRepository,
  drizzle: drizzleShopSettingsRepository,
  mongoCollections: ['shopSettings'],
  ensureMongoIndexes: ensureShopSettingsIndexes,
  pgTables: ['shop_settings'],
  commands: shopSettingsCommands,
  examples: shopSettingsExamples,
  invariants: [],
  checks: [],
  stored: [shopSettingsEntity],
});

/** Runtime config settings and their append-only history (the source system's config-store facade; flags REPO_CONFIG, CONFIG_STORE). */
export const config = defineDomain({
  name: 'config',
  dependsOn: ['user'],
  methods: configMethods,
  model: configModel,
  mongo: mongoConfigRepository,
  drizzle: drizzleConfigRepository,
  mongoCollections: ['configSettings', 'configSettingHistory'],
  ensureMongoIndexes: ensureConfigIndexes,
  pgTables: ['config_settings', 'config_setting_history'],
  commands: configCommands,
  examples: configExamples,
  invariants: [configHistoryContiguous],
  checks: [],
  stored: [configSettingEntity, configHistoryEntity],
});

/**
 * Request templates. The source system keeps them in its marketplace repository (flags
 * REPO_MARKETPLACE, MARKETPLACE_STORE): they move with that flag, not a flag of their own.
 */
export const requestTemplate = defineDomain({
  name: 'request-template',
  dependsOn: ['user', 'category'],
  methods: requestTemplateMethods,
  model: requestTemplateModel,
  mongo: mongoRequestTemplateRepository,
  drizzle: drizzleRequestTemplateRepository,
  mongoCollections: ['requestTemplates'],
  ensureMongoIndexes: ensureRequestTemplateIndexes,
  pgTables: ['request_templates'],
  commands: requestTemplateCommands,
  examples: requestTemplateExamples,
  invariants: [templateUsageWithinMax],
  checks: [],
  stored: [requestTemplateEntity],
  // The source system's marketplace repository owns templates: REPO_MARKETPLACE routes them.
  flags: { stem: 'MARKETPLACE' },
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

/**
 * Release holds over a payment and its purchase request (flags REPO_RELEASE_HOLD,
 * RELEASE_HOLD_STORE). The source system's ReleaseHold had no dual-write wrapper and ran `dual`
 * as Mongo alone; here it is a domain like any other, so every mode is the mode it names.
 */
export const releaseHold = defineDomain({
  name: 'release-hold',
  dependsOn: ['user', 'payment', 'marketplace'],
  methods: releaseHoldMethods,
  model: releaseHoldModel,
  mongo: mongoReleaseHoldRepository,
  drizzle: drizzleReleaseHoldRepository,
  mongoCollections: ['releaseHolds', SEQUENCES_COLLECTION],
  ensureMongoIndexes: ensureReleaseHoldIndexes,
  pgTables: ['release_holds'],
  commands: releaseHoldCommands,
  examples: releaseHoldExamples,
  invariants: [oneActiveHoldPerPayment, noHoldPlacedOnFinalPayment],
  checks: [],
  stored: [releaseHoldEntity],
});

/** Marketplace reviews of sellers (the source system's review-store facade; flags REPO_REVIEW, REVIEW_STORE). */
export const review = defineDomain({
  name: 'review',
  dependsOn: ['user', 'marketplace'],
  methods: reviewMethods,
  model: reviewModel,
  mongo: mongoReviewRepository,
  drizzle: drizzleReviewRepository,
  mongoCollections: ['reviews', SEQUENCES_COLLECTION],
  ensureMongoIndexes: ensureReviewIndexes,
  pgTables: ['reviews'],
  commands: reviewCommands,
  examples: reviewExamples,
  invariants: [oneReviewPerReviewerAndRequest],
  checks: [],
  stored: [reviewEntity],
});

/**
 * The purchase flow across domains as one model (a pseudo-domain: no table, collection or method
 * of its own). Its runs check every involved domain's invariants after every write, since the
 * closure of `dependsOn` is what a run builds and checks.
 */
export const journey = defineDomain<JourneyRepository>({
  name: 'journey',
  dependsOn: JOURNEY_DOMAINS,
  methods: journeyMethods,
  model: () => ({}),
  mongo: () => ({}),
  drizzle: () => ({}),
  mongoCollections: [],
  ensureMongoIndexes: async () => {},
  pgTables: [],
  commands: journeyCommands,
  // The flow is a chain of a dozen dependent steps in random order: 40 commands rarely walk it.
  maxCommands: 100,
  examples: journeyExamples,
  invariants: [],
  checks: [],
  stored: [],
});

/** Every registered domain, dependencies before dependents. */
export const domains: readonly DomainDefinition[] = [user, address, category, auth, points, levelConfig, notification, blog, chat, shopSettings, config, requestTemplate, marketplace, payment, dispute, derivedDestination, trezor, releaseHold, review, journey] as DomainDefinition[];

/** The registered domain called `name`, or undefined. */
export function findDomain(name: string, registry: readonly DomainDefinition[] = domains): DomainDefinition | undefined {
  return registry.find((d) => d.name === name);
}
