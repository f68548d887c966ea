/**
 * The stored entities backfill and verify know, in dependency order: an entity comes after every
 * entity it references (users and categories first, then addresses, …, purchase requests, payments, ledger entries).
 *
 * @public
 */
import { referencedTables, type AnyStoredEntity } from './spec.ts';
import { userEntity } from './user.ts';
import { categoryEntity } from './category.ts';
import { addressEntity } from './address.ts';
import { passkeyEntity, refreshTokenEntity, telegramLinkEntity, telegramSessionEntity } from './auth.ts';
import { pointTransactionEntity } from './points.ts';
import { levelConfigEntity } from './level-config.ts';
import { notificationEntity } from './notification.ts';
import { disputeEntity } from './dispute.ts';
import { blogPostEntity } from './blog.ts';
import { chatEntity, chatMessageEntity } from './chat.ts';
import { shopSettingsEntity } from './shop-settings.ts';
import { configHistoryEntity, configSettingEntity } from './config.ts';
import { requestTemplateEntity } from './request-template.ts';
import { purchaseRequestEntity, sellerOfferEntity } from './marketplace.ts';
import { ledgerEntryEntity, paymentEntity, paymentQuoteEntity } from './payment.ts';
import { derivedDestinationEntity, derivedDestinationSweepEntity } from './derived-destination.ts';
import { trezorAccountEntity, trezorAddressEntity } from './trezor.ts';
import { releaseHoldEntity } from './release-hold.ts';
import { reviewEntity } from './review.ts';

export * from './spec.ts';
export * from './shape.ts';
export * from './user.ts';
export * from './category.ts';
export * from './address.ts';
export * from './payment.ts';
export * from './auth.ts';
export * from './points.ts';
export * from './level-config.ts';
export * from './notification.ts';
export * from './dispute.ts';
export * from './blog.ts';
export * from './chat.ts';
export * from './shop-settings.ts';
export * from './config.ts';
export * from './request-template.ts';
export * from './marketplace.ts';
export * from './derived-destination.ts';
export * from './trezor.ts';
export * from './release-hold.ts';
export * from './review.ts';

/** Every stored entity, dependencies first. */
export const STORED_ENTITIES: readonly AnyStoredEntity[] = [
  userEntity,
  categoryEntity,
  addressEntity,
  passkeyEntity,
  refreshTokenEntity,
  telegramLinkEntity,
  telegramSessionEntity,
  pointTransactionEntity,
  levelConfigEntity,
  notificationEntity,
  blogPostEntity,
  chatEntity,
  chatMessageEntity,
  shopSettingsEntity,
  configSettingEntity,
  configHistoryEntity,
  requestTemplateEntity,
  purchaseRequestEntity,
  sellerOfferEntity,
  // Payments may reference purchase requests; disputes reference payments.
  paymentEntity,
  ledgerEntryEntity,
  paymentQuoteEntity,
  disputeEntity,
  derivedDestinationEntity,
  derivedDestinationSweepEntity,
  trezorAccountEntity,
  trezorAddressEntity,
  releaseHoldEntity,
  reviewEntity,
];

/**
 * `entities` in dependency order: each after every entity whose table it references (a
 * self-reference, such as a category's parent, does not count; nor do `deferredReferences`, which
 * backfill writes in a last pass: that is how two entities that reference each other, a purchase
 * request's selected offer and an offer's request, get an order); otherwise in the given order.
 *
 * @throws Error on a reference cycle between entities, or a reference to a table no entity has.
 */
export function dependencyOrder(entities: readonly AnyStoredEntity[]): AnyStoredEntity[] {
  const out: AnyStoredEntity[] = [];
  const state = new Map<AnyStoredEntity, 'visiting' | 'done'>();
  const visit = (e: AnyStoredEntity, path: readonly string[]) => {
    if (state.get(e) === 'done') return;
    if (state.get(e) === 'visiting') throw new Error(`stored entities reference each other in a cycle: ${[...path, e.table].join(' -> ')}`);
    state.set(e, 'visiting');
    for (const table of referencedTables(e)) {
      if (table === e.table) continue;
      const dep = entities.find((x) => x.table === table);
      if (!dep) throw new Error(`${e.table} references ${table}, which no stored entity describes`);
      visit(dep, [...path, e.table]);
    }
    state.set(e, 'done');
    out.push(e);
  };
  for (const e of entities) visit(e, []);
  return out;
}

/**
 * The entities of the named domains (`user`, `address`, `category`, `payment`) or tables
 * (`funds_ledger_entries`), in dependency order; all of them when `domains` is undefined.
 *
 * @throws Error naming the unknown domain and the known ones.
 */
export function selectEntities(domains?: readonly string[], registry: readonly AnyStoredEntity[] = STORED_ENTITIES): AnyStoredEntity[] {
  if (domains === undefined) return [...registry];
  for (const d of domains) {
    if (!registry.some((e) => e.domain === d || e.table === d || e.name === d)) {
      throw new Error(`unknown domain "${d}" (known: ${[...new Set(registry.map((e) => e.domain))].join(', ')})`);
    }
  }
  return registry.filter((e) => domains.some((d) => e.domain === d || e.table === d || e.name === d));
}

/**
 * The entities `selected` depend on through references, transitively, that are not selected
 * themselves (backfill and verify read them on the Mongo side to know which references resolve).
 */
export function referencedEntities(selected: readonly AnyStoredEntity[], registry: readonly AnyStoredEntity[] = STORED_ENTITIES): AnyStoredEntity[] {
  const need = new Set<string>();
  const visit = (e: AnyStoredEntity) => {
    for (const table of referencedTables(e)) {
      if (table === e.table || need.has(table)) continue;
      need.add(table);
      const dep = registry.find((x) => x.table === table);
      if (dep) visit(dep);
    }
  };
  selected.forEach(visit);
  return registry.filter((e) => need.has(e.table) && !selected.includes(e));
}
