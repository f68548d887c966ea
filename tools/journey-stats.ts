/**
 * How often generated journey sequences walk each step of the purchase flow, on the reference
 * model alone (no server): `npx tsx tools/journey-stats.ts [sequences] [seed] [maxCommands] [fixed]`. Used to tune the
 * weights of `contracts/journey.commands.ts`; prints, per step, the share of sequences in which
 * the step succeeded at least once, and the share that walked the whole flow.
 */
import fc from 'fast-check';
import { ManualClock } from '../contracts/clock.ts';
import { domains, journey } from '../contracts/index.ts';
import type { Call, MethodSpec } from '../contracts/domain.ts';
import { outcomeOf } from '../contracts/outcome.ts';
import { CLOCK_BASE_MS } from '../properties/differential.ts';
import { IdBook } from '../properties/id-book.ts';
import { buildTarget, closure } from '../properties/targets.ts';

type Invoke = (...args: unknown[]) => Promise<unknown>;

/** A step of the flow: a successful call recognised by domain, method and (optionally) its result. */
const STEPS: Record<string, (c: Call, ok: Record<string, unknown>) => boolean> = {
  'request created': (c) => c.method === 'createRequest',
  'offer submitted': (c) => c.method === 'submitOffer',
  'offer selected (accepted)': (c) => c.method === 'selectOffer',
  'payment created': (c) => c.domain === 'payment' && c.method === 'create',
  'payment confirmed': (c, r) => c.domain === 'payment' && c.method === 'update' && r.status === 'confirmed',
  'ledger entry appended': (c) => c.method === 'appendLedgerEntry',
  'hold placed': (c) => c.method === 'place',
  'hold released': (c) => c.domain === 'release-hold' && c.method === 'release',
  'request in delivery': (c, r) => c.method === 'transitionStatus' && r.status === 'in_delivery',
  'delivery attempt recorded': (c) => c.method === 'recordDeliveryAttempt',
  'request completed': (c, r) => c.method === 'transitionStatus' && r.status === 'completed',
  'payment released or refunded': (c, r) => c.domain === 'payment' && c.method === 'update' && (r.status === 'released' || r.status === 'refunded'),
  'review created': (c) => c.domain === 'review' && c.method === 'create',
  'review published': (c) => c.domain === 'review' && c.method === 'publish',
  'seller summary with a rating': (c, r) => c.method === 'sellerSummary' && Number(r.count ?? 0) > 0,
  'dispute opened': (c) => c.domain === 'dispute' && c.method === 'open',
};
/** The whole flow: offer accepted, payment confirmed then released/refunded, hold placed and released, review published. */
const FLOW = ['offer selected (accepted)', 'payment confirmed', 'payment released or refunded', 'hold placed', 'hold released', 'review published'];

const n = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 42);
const maxCommands = Number(process.argv[4] ?? 40);
const members = closure(journey, domains);
const specOf = (c: Call) => (domains.find((d) => d.name === c.domain)!.methods as Record<string, MethodSpec>)[c.method]!;
const cmd = (call: Call) => ({ call, check: () => true, run: () => {}, toString: () => `${call.domain}.${call.method}` });
// `fixed`: every sequence exactly `maxCommands` long (the runner's own draw, fc.commands, varies the length).
const fixed = process.argv[5] === 'fixed';
const sequences = fixed
  ? fc.sample(fc.array(fc.oneof(...journey.commands()).map(cmd), { minLength: maxCommands, maxLength: maxCommands }), { numRuns: n, seed })
  : fc.sample(fc.commands(journey.commands().map((a) => a.map(cmd)), { maxCommands, size: 'medium' }), { numRuns: n, seed });

const seen = new Map<string, number>(Object.keys(STEPS).map((k) => [k, 0]));
let full = 0;
let fullCompleted = 0;
let lengths = 0;
let oks = 0;
let calls = 0;
for (const seq of sequences) {
  const clock = new ManualClock(CLOCK_BASE_MS);
  const target = buildTarget('model', members, {}, clock);
  const book = new IdBook();
  const mine = new Set<string>();
  let step = 0;
  for (const c of [...seq].map((x) => ((x as unknown as { cmd?: { call: Call } }).cmd ?? (x as unknown as { call: Call })).call)) {
    clock.set(CLOCK_BASE_MS + ++step * 1001);
    calls++;
    const o = await outcomeOf(() => (target.repos[c.domain] as Record<string, Invoke>)[c.method]!(...book.resolveArgs(c.args)));
    if (process.env.JOURNEY_TRACE) console.log(`${c.domain}.${c.method}`, 'ok' in o ? 'ok' : JSON.stringify(o).slice(0, 120));
    if (!('ok' in o)) continue;
    oks++;
    const spec = specOf(c);
    if (typeof spec === 'object') book.add(spec.create, (o.ok as { id: string }).id);
    for (const [name, test] of Object.entries(STEPS)) if (test(c, (o.ok ?? {}) as Record<string, unknown>)) mine.add(name);
  }
  lengths += step;
  for (const s of mine) seen.set(s, seen.get(s)! + 1);
  if (FLOW.every((s) => mine.has(s))) {
    full++;
    if (mine.has('request completed')) fullCompleted++;
  }
}
const pct = (k: number) => `${((100 * k) / n).toFixed(0).padStart(3)}%`;
console.log(`${n} sequences (seed ${seed}, maxCommands ${maxCommands}), mean length ${(lengths / n).toFixed(1)} commands, ${((100 * oks) / calls).toFixed(0)}% of calls succeeded`);
for (const [name, k] of seen) console.log(`  ${pct(k)}  ${name}`);
console.log(`  ${pct(full)}  whole flow (${FLOW.join(', ')})`);
console.log(`  ${pct(fullCompleted)}  whole flow and the request completed`);
