/**
 * Invariant: a Trezor account's `nextIndex` is above every index derived from it, so `deriveNext`
 * can never hand out an index that exists (Postgres holds the pieces — unique (account, index),
 * the ranges — but not this cross-row rule; on Mongo this is the only guard).
 */
import { sql } from 'drizzle-orm';
import type { Invariant } from '../../contracts/domain.ts';

export const nextIndexAboveDerived: Invariant = {
  name: "a Trezor account's nextIndex is above every derived index",
  async pg(db) {
    const r = await db.execute<{ id: string; next_index: string; top: number }>(sql`
      SELECT a.id, a.next_index::text AS next_index, max(d.index) AS top
      FROM trezor_accounts a JOIN trezor_derived_addresses d ON d.account_id = a.id
      GROUP BY a.id, a.next_index HAVING max(d.index) >= a.next_index`);
    return r.rows.map((x) => `trezor account ${x.id} has nextIndex ${x.next_index} but index ${x.top} is derived`);
  },
  async mongo(db) {
    const top = new Map<string, number>();
    for (const d of await db.collection('trezorDerivedAddresses').find({}, { projection: { accountId: 1, index: 1 } }).toArray()) {
      const k = String(d.accountId);
      top.set(k, Math.max(top.get(k) ?? -1, Number(d.index)));
    }
    const out: string[] = [];
    for (const a of await db.collection('trezorAccounts').find({}, { projection: { nextIndex: 1 } }).toArray()) {
      const t = top.get(String(a._id));
      if (t !== undefined && !(Number(a.nextIndex) > t)) out.push(`trezor account ${String(a._id)} has nextIndex ${String(a.nextIndex)} but index ${t} is derived`);
      top.delete(String(a._id));
    }
    for (const k of top.keys()) out.push(`trezor addresses of a missing account ${k}`);
    return out;
  },
};
