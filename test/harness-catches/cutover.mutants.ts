/**
 * Seeded faults in backfill and verify, for the cutover checks (`legacy-shapes`,
 * `verify-planted`). Each is one realistic bug: a legacy reader written for the documents the
 * team happened to look at, and a verify that compares child rows as a set.
 */
import { ObjectId, type Document } from 'mongodb';
import type { DomainDefinition } from '../../contracts/domain.ts';
import { canonicalJson } from '../../harness/cutover/canonical.ts';
import { verify } from '../../harness/cutover/verify.ts';
import { STORED_ENTITIES } from '../../repos/legacy/index.ts';
import { categoryFromLegacy, categoryEntity } from '../../repos/legacy/category.ts';
import { paymentFromLegacy, paymentEntity } from '../../repos/legacy/payment.ts';
import type { AnyStoredEntity, CanonicalRecord } from '../../repos/legacy/spec.ts';

/** `registry` with the stored entity named `entity` (of domain `domain`) replaced by `swap`. */
export function withStored(registry: readonly DomainDefinition[], domain: string, entity: string, swap: AnyStoredEntity): DomainDefinition[] {
  return registry.map((d) => (d.name === domain ? { ...d, stored: d.stored.map((e) => (e.name === entity ? swap : e)) } : d));
}

/**
 * A category reader that resolves `parentId` only when it is an ObjectId: a parent stored as a
 * 24-hex string (older documents) reads as "no parent", so backfill writes a root category, and
 * verify, reading through the same spec, agrees.
 */
export const categoryStringParentDropped: AnyStoredEntity = {
  ...categoryEntity,
  fromDocument(doc: Document) {
    return categoryFromLegacy(doc.parentId instanceof ObjectId ? doc : { ...doc, parentId: undefined });
  },
};

/**
 * A payment reader that formats an amount stored as a JS number with `toFixed(2)`, as the
 * source system's admin screen did: `0.123456` USDT becomes `"0.12"`. Backfill and verify agree
 * on the truncated amount; the string-stored amounts are right.
 */
export const paymentNumberAmountToFixed: AnyStoredEntity = {
  ...paymentEntity,
  fromDocument(doc: Document) {
    return paymentFromLegacy(typeof doc.amount === 'number' ? { ...doc, amount: doc.amount.toFixed(2) } : doc);
  },
};

/** `spec` with each child list sorted by content, order columns left out, wherever it is attached (the order is lost). */
export function childOrderIgnored(spec: AnyStoredEntity): AnyStoredEntity {
  if (!spec.children?.length) return spec;
  const children = spec.children.map((child) => {
    const content = (c: unknown) => canonicalJson(Object.fromEntries(Object.entries(c as object).filter(([k]) => !child.orderBy.includes(k))));
    const sort = (cs: readonly unknown[]) => [...cs].sort((a, b) => (content(a) < content(b) ? -1 : content(a) > content(b) ? 1 : 0));
    return { ...child, attach: (r: CanonicalRecord, cs: readonly unknown[]) => child.attach(r, sort(cs)) };
  });
  return {
    ...spec,
    children,
    fromDocument: (doc) => {
      const reading = spec.fromDocument(doc);
      return { ...reading, record: children.reduce((rec, child) => child.attach(rec, child.read(rec)), reading.record) };
    },
  };
}

/**
 * A verify that compares child rows as a multiset: both sides' child lists are sorted before
 * hashing (as if someone "fixed" a flaky difference by normalizing order), so two participants or
 * specifications that swapped places are not reported.
 */
export const verifyIgnoringChildOrder: typeof verify = (opts) => verify({ ...opts, entities: (opts.entities ?? STORED_ENTITIES).map(childOrderIgnored) });
