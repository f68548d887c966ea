/**
 * Seeded faults of the payment domain's quotes: each mutant is the real repository with one
 * deliberate, realistic bug (see payment.test.ts).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { DrizzleContext } from '../../contracts/domain.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import type { PaymentQuote, PaymentRepository } from '../../contracts/payment.ts';
import { drizzlePaymentRepository, paymentQuoteFromRow } from '../../repos/drizzle/payment.ts';
import { byId } from '../../repos/drizzle/support.ts';
import { paymentQuotes, payments } from '../../schema/payments.ts';

/** Drizzle quotes whose `latestQuote` forgets the expiry: the newest quote wins even when it has expired. */
export function drizzleLatestQuoteIgnoresExpiry(ctx: DrizzleContext): PaymentRepository {
  const repo = drizzlePaymentRepository(ctx);
  return {
    ...repo,
    async latestQuote(paymentId) {
      const [r] = await ctx.db
        .select({ q: paymentQuotes })
        .from(paymentQuotes)
        .innerJoin(payments, eq(payments.id, paymentQuotes.paymentId))
        .where(and(byId(payments, paymentId)))
        .orderBy(desc(paymentQuotes.createdAt), desc(paymentQuotes.seq))
        .limit(1);
      return r ? paymentQuoteFromRow(r.q) : null;
    },
  };
}

/** What drizzle-orm's stock `jsonb` column does to a value the driver has already parsed. */
function stockJsonbRead(v: JsonValue): JsonValue {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as JsonValue;
  } catch {
    return v;
  }
}

/**
 * Drizzle quotes read through drizzle-orm's stock `jsonb` column instead of `schema/json.ts`'s:
 * a top-level JSON string such as "10.5" comes back as the number 10.5.
 */
export function drizzleQuoteStockJsonb(ctx: DrizzleContext): PaymentRepository {
  const repo = drizzlePaymentRepository(ctx);
  const fix = (q: PaymentQuote): PaymentQuote => ({ ...q, raw: stockJsonbRead(q.raw) });
  return {
    ...repo,
    addQuote: async (input) => fix(await repo.addQuote(input)),
    listQuotes: async (id) => (await repo.listQuotes(id)).map(fix),
    latestQuote: async (id) => {
      const q = await repo.latestQuote(id);
      return q && fix(q);
    },
  };
}

