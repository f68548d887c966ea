/**
 * Invariant: every stored passkey signature counter is an integer in 0..2^32-1. Postgres holds
 * it with a CHECK; Mongo has no schema, so this is the only guard on that side.
 */
import { sql } from 'drizzle-orm';
import { MAX_SIGN_COUNT } from '../../contracts/auth.ts';
import type { Invariant } from '../../contracts/domain.ts';

export const signCountsInRange: Invariant = {
  name: 'passkey sign counters are integers in 0..2^32-1',
  async pg(db) {
    const r = await db.execute<{ credential_id: string; sign_count: string }>(sql`
      SELECT credential_id, sign_count::text FROM user_passkeys WHERE sign_count < 0 OR sign_count > ${MAX_SIGN_COUNT}`);
    return r.rows.map((x) => `passkey ${x.credential_id} has sign counter ${x.sign_count}`);
  },
  async mongo(db) {
    const out: string[] = [];
    for (const p of await db.collection('userPasskeys').find({}, { projection: { credentialId: 1, signCount: 1 } }).toArray()) {
      const n: unknown = p.signCount;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SIGN_COUNT) out.push(`passkey ${String(p.credentialId)} has sign counter ${String(n)}`);
    }
    return out;
  },
};
