/**
 * Invariant: every ledger entry carries its payment's user and currency, and a canonical amount
 * with no more decimals than the currency allows (Postgres enforces both with a composite FK and
 * CHECKs; on Mongo this is the only guard).
 */
import { CURRENCY_SCALE, canonicalDecimal, isCurrency } from '../../contracts/money.ts';
import type { Invariant } from '../../contracts/domain.ts';

export const ledgerMatchesPayment: Invariant = {
  name: "ledger entries match their payment's user and currency",
  async mongo(db) {
    const out: string[] = [];
    const payments = new Map((await db.collection('payments').find({}).toArray()).map((p) => [String(p._id), p]));
    for (const e of await db.collection('fundsLedgerEntries').find({}).toArray()) {
      const p = payments.get(String(e.paymentId));
      if (!p) out.push(`ledger entry ${String(e._id)} names a missing payment`);
      else if (String(p.userId) !== String(e.userId) || p.currency !== e.currency) out.push(`ledger entry ${String(e._id)} disagrees with its payment`);
      const amount = String(e.amount);
      const frac = canonicalDecimal(amount).split('.')[1] ?? '';
      if (typeof e.amount !== 'string' || canonicalDecimal(amount) !== amount || !isCurrency(e.currency) || frac.length > CURRENCY_SCALE[e.currency]) {
        out.push(`ledger entry ${String(e._id)} has a non-canonical amount ${JSON.stringify(e.amount)}`);
      }
    }
    return out;
  },
};
