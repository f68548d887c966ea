/**
 * Property: whether two category names clash is decided identically by the JS normalizer
 * (`normalizeKey`), by Postgres's unique index (through the Drizzle implementation) and by the
 * Mongo implementation's unique index. Pairs are built to be near-collisions: the same word with
 * changed case (ASCII and not), spaces, tabs, U+00A0 and other edge characters.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { TickingClock } from '../contracts/clock.ts';
import { DuplicateKeyError, isContractError } from '../contracts/errors.ts';
import { normalizeKey } from '../contracts/text.ts';
import { validateNewCategory, type CategoryRepository } from '../contracts/category.ts';
import type { MongoScratch, PgScratch } from '../harness/isolation.ts';
import type { DomainDefinition } from '../contracts/domain.ts';
import { collidingName, edgeString, EDGE_CHARACTERS } from '../fixtures/strings.ts';
import { checkProperty, type PropertyOptions, type PropertyOutcome } from './check-property.ts';
import { CLOCK_BASE_MS } from './differential.ts';

/** A variation of `name` that may or may not normalize to the same key. */
const variant = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(name.toUpperCase()),
    fc.constant(name.toLowerCase()),
    fc.constant(` ${name}  `),
    fc.constantFrom(...EDGE_CHARACTERS).map((c) => `${c}${name}`),
    fc.constantFrom(...EDGE_CHARACTERS).map((c) => `${name}${c}`),
    edgeString(6),
  );

const pair = fc.oneof(collidingName(), edgeString(6)).chain((a) => fc.tuple(fc.constant(a), fc.oneof(variant(a), collidingName())));

type Verdict = 'duplicate' | 'distinct' | `invalid: ${string}`;

async function verdict(repo: CategoryRepository, a: string, b: string): Promise<Verdict> {
  try {
    await repo.create({ name: a });
    await repo.create({ name: b });
    return 'distinct';
  } catch (e) {
    if (e instanceof DuplicateKeyError) return 'duplicate';
    if (isContractError(e)) return `invalid: ${e.name}`;
    throw e;
  }
}

/** The contract's verdict: validation first, then equality under `normalizeKey`. */
function jsVerdict(a: string, b: string): Verdict {
  try {
    validateNewCategory({ name: a });
    validateNewCategory({ name: b });
  } catch (e) {
    if (isContractError(e)) return `invalid: ${e.name}`;
    throw e;
  }
  return normalizeKey(a) === normalizeKey(b) ? 'duplicate' : 'distinct';
}

/** Runs the property on scratch stores with `domain`'s implementations. */
export async function runCategoryNameAgreement(
  pg: PgScratch,
  mongo: MongoScratch,
  domain: DomainDefinition<CategoryRepository>,
  options: PropertyOptions,
): Promise<PropertyOutcome> {
  const property = fc.asyncProperty(pair, async ([a, b]) => {
    await Promise.all([pg.reset(), mongo.reset()]);
    const clock = new TickingClock(CLOCK_BASE_MS);
    const js = jsVerdict(a, b);
    const r = await pg.db.execute<{ same: boolean }>(sql`SELECT lower(btrim(${a}) COLLATE "C") = lower(btrim(${b}) COLLATE "C") AS same`);
    const sqlSame = r.rows[0]?.same === true;
    const postgres = await verdict(domain.drizzle({ db: pg.db, clock }), a, b);
    const mongoVerdict = await verdict(domain.mongo({ db: mongo.db, clock }), a, b);
    const verdicts = { js, postgres, mongo: mongoVerdict };
    const sqlDisagrees = !js.startsWith('invalid') && sqlSame !== (js === 'duplicate');
    if (new Set(Object.values(verdicts)).size !== 1 || sqlDisagrees) {
      throw new Error(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ${JSON.stringify({ ...verdicts, sqlExpression: sqlSame ? 'same' : 'different' })}`);
    }
  });
  return checkProperty(property, options);
}
