/** Seeded faults in the payment domain (implementation and database) are caught. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { domains } from '../../contracts/index.ts';
import { runLedgerImmutability } from '../../properties/ledger-immutability.ts';
import { runMoneyCheckAgreement } from '../../properties/money-check.ts';
import { openStores, withImplementation, type TestStores } from '../support.ts';
import { expectCaught } from './catches.ts';
import { mongoPaymentMoneyAsNumber } from './mutants.ts';
import { drizzleLatestQuoteIgnoresExpiry, drizzleQuoteStockJsonb, mongoPaymentSkipsPendingCheck } from './payment.mutants.ts';

let stores: TestStores;
beforeAll(async () => {
  stores = await openStores();
});
afterAll(() => stores?.dispose());

describe('payment faults', () => {
  it('catches money stored as a JS number in Mongo', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'payment', { mongo: mongoPaymentMoneyAsNumber }), domain: 'payment', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/payment\.create/);
  });

  it('catches a Drizzle latestQuote that ignores expiry', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'payment', { drizzle: drizzleLatestQuoteIgnoresExpiry }), domain: 'payment', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/payment\.addQuote[\s\S]*payment\.latestQuote/);
  });

  it('catches a quote payload read through drizzle-orm\'s stock jsonb column (a JSON string "10.5" comes back a number)', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'payment', { drizzle: drizzleQuoteStockJsonb }), domain: 'payment', check: 'model-based', implementation: 'drizzle' });
    expect(r.failure!.counterexample).toMatch(/payment\.addQuote/);
  });

  it('catches a Mongo create that takes a second pending payment for one purchase request', async () => {
    const r = await expectCaught({ registry: withImplementation(domains, 'payment', { mongo: mongoPaymentSkipsPendingCheck }), domain: 'payment', check: 'model-based', implementation: 'mongo' });
    expect(r.failure!.counterexample).toMatch(/marketplace\.createRequest[\s\S]*payment\.create[\s\S]*purchaseRequestId[\s\S]*payment\.create[\s\S]*purchaseRequestId/);
  });

  it('catches a dropped ledger UPDATE trigger', async () => {
    const pg = await stores.pg();
    await pg.db.execute(sql`DROP TRIGGER funds_ledger_no_update ON funds_ledger_entries`);
    const o = await runLedgerImmutability(pg, { runs: 200, seed: 7 });
    expect(o.passed).toBe(false);
    expect(o.error).toMatch(/succeeded|not by the append-only trigger|changed/);
    expect(o.counterexample).toMatch(/update|upsert/);
  });

  it('catches a dropped money scale CHECK (validator and Postgres disagree)', async () => {
    const pg = await stores.pg();
    await pg.db.execute(sql`ALTER TABLE payments DROP CONSTRAINT payments_amount_scale`);
    const o = await runMoneyCheckAgreement(pg, { runs: 300, seed: 7 });
    expect(o.passed).toBe(false);
    expect(o.error).toMatch(/^payments\.amount .* the validator rejects it, Postgres accepts/);
  });

  it("catches a dropped quote amount scale CHECK (the quote currency's scale)", async () => {
    const pg = await stores.pg();
    await pg.db.execute(sql`ALTER TABLE payment_quotes DROP CONSTRAINT payment_quotes_amount_scale`);
    const o = await runMoneyCheckAgreement(pg, { runs: 300, seed: 7 });
    expect(o.passed).toBe(false);
    expect(o.error).toMatch(/^payment_quotes\.amount .* the validator rejects it, Postgres accepts/);
  });
});
