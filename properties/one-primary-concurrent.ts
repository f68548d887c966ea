/**
 * Property: "exactly one primary address per user" holds under concurrent writers. Each writer
 * is a separate Drizzle repository on its own Postgres connection; they race `setPrimary`,
 * `create({ isPrimary: true })` and `delete` for one user. Every call must succeed or fail with a
 * contract error (`NotFoundError` for an address another writer deleted), never a raw database
 * error, and afterwards the user must have exactly one primary (if any address is left).
 */
import fc from 'fast-check';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { TickingClock } from '../contracts/clock.ts';
import { NotFoundError } from '../contracts/errors.ts';
import type { AddressRepository } from '../contracts/address.ts';
import type { DomainDefinition } from '../contracts/domain.ts';
import * as schema from '../schema/index.ts';
import type { PgScratch } from '../harness/isolation.ts';
import { drizzleUserRepository } from '../repos/drizzle/user.ts';
import { onePrimaryPerUser } from './invariants/one-primary.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { CLOCK_BASE_MS } from './differential.ts';

/** Concurrent writers (one connection each). */
export const WRITERS = 6;

type Op = { kind: 'setPrimary'; pick: number } | { kind: 'createPrimary' } | { kind: 'delete'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'setPrimary' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'createPrimary' as const }) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
);

/**
 * Runs the property on a scratch database with `domain`'s Drizzle implementation (it opens
 * {@link WRITERS} extra connections).
 */
export async function runOnePrimaryConcurrent(scratch: PgScratch, domain: DomainDefinition<AddressRepository>, options: PropertyOptions): Promise<PropertyOutcome> {
  const pools: pg.Pool[] = Array.from({ length: WRITERS }, () => scratch.newPool(1));
  try {
    const property = fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(op, { minLength: 2, maxLength: WRITERS }), async (existing, ops) => {
      await scratch.reset();
      const clock = new TickingClock(CLOCK_BASE_MS);
      const user = await drizzleUserRepository({ db: scratch.db, clock }).create({ email: 'race@example.com' });
      const setup = domain.drizzle({ db: scratch.db, clock });
      const ids: string[] = [];
      for (let i = 0; i < existing; i++) ids.push((await setup.create({ userId: user.id, line1: `${i} Main St`, city: 'Ankara', country: 'TR' })).id);
      const writers: AddressRepository[] = pools.map((p) => domain.drizzle({ db: drizzle(p, { schema }), clock }));
      const results = await Promise.allSettled(
        ops.map((o, i) => {
          const w = writers[i % writers.length]!;
          if (o.kind === 'createPrimary') return w.create({ userId: user.id, line1: `new ${i}`, city: 'Ankara', country: 'TR', isPrimary: true });
          const id = ids[o.pick % ids.length]!;
          return o.kind === 'setPrimary' ? w.setPrimary(id) : w.delete(id);
        }),
      );
      results.forEach((r, i) => {
        if (r.status === 'rejected' && !(r.reason instanceof NotFoundError && ops[i]!.kind !== 'createPrimary')) {
          throw new Error(`writer ${i} (${ops[i]!.kind}) failed: ${r.reason instanceof Error ? `${r.reason.constructor.name}: ${r.reason.message}` : String(r.reason)}`);
        }
      });
      const violations = await onePrimaryPerUser.pg!(scratch.db);
      if (violations.length > 0) throw new Error(violations.join('; '));
    });
    return await checkProperty(property, options);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
}
