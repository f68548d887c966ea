/**
 * Seeded faults of the payment domain (quotes, the pending-payment-per-request rule): each mutant is the real repository with one
 * deliberate, realistic bug (see payment.test.ts).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { ObjectId } from 'mongodb';
import type { DrizzleContext, MongoContext } from '../../contracts/domain.ts';
import { InvariantViolation, NotFoundError } from '../../contracts/errors.ts';
import type { JsonValue } from '../../contracts/json-payload.ts';
import { REQUEST_BUYER, validateNewPayment, type PaymentQuote, type PaymentRepository } from '../../contracts/payment.ts';
import { mongoPaymentRepository, paymentFromDoc, type PaymentDoc } from '../../repos/mongo/payment.ts';
import { newObjectId, toObjectId } from '../../repos/mongo/support.ts';
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


/**
 * Mongo payments whose `create` checks the request and its buyer but not "one pending payment
 * per request" (the check a port from a partial unique index forgets: FerretDB has none, so
 * nothing else refuses the second pending payment).
 */
export function mongoPaymentSkipsPendingCheck(ctx: MongoContext): PaymentRepository {
  const repo = mongoPaymentRepository(ctx);
  const payments = ctx.db.collection<PaymentDoc>('payments');
  return {
    ...repo,
    async create(input) {
      const v = validateNewPayment(input);
      if (v.purchaseRequestId === undefined) return repo.create(input);
      const userId = toObjectId(v.userId);
      if (!userId || !(await ctx.db.collection('users').findOne({ _id: userId }))) throw new NotFoundError('user', v.userId);
      const rid = toObjectId(v.purchaseRequestId);
      const r = rid && (await ctx.db.collection<{ _id: ObjectId; buyerId: ObjectId }>('purchaseRequests').findOne({ _id: rid }));
      if (!r) throw new NotFoundError('purchaseRequest', v.purchaseRequestId);
      if (!r.buyerId.equals(userId)) throw new InvariantViolation(REQUEST_BUYER, "the payment's user is not the request's buyer");
      const now = new Date(ctx.clock.now());
      const doc: PaymentDoc = { _id: newObjectId(v.id), userId, amount: v.amount, currency: v.currency, status: 'pending', provider: v.provider, purchaseRequestId: r._id, createdAt: now, updatedAt: now };
      if (v.reference !== undefined) doc.reference = v.reference;
      await payments.insertOne(doc);
      return paymentFromDoc(doc);
    },
  };
}
