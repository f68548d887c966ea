/**
 * Shadow reads for the DualWrite wrapper: the caller gets the primary's answer at once; the
 * mirror's answer is fetched in the background, its ids mapped to the primary's, and the two are
 * compared and recorded (match / mismatch / ignored by a documented rule / error).
 *
 * Recorders: `ShadowStats` keeps counts (and the first mismatches) in memory; `PgShadowRecorder`
 * also persists them in `pg_shadow_read_counts` and `pg_shadow_read_mismatches` for
 * `cutover report`.
 *
 * @public
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { PgDatabase } from '../contracts/domain.ts';
import type { Outcome } from '../contracts/outcome.ts';
import type { IgnoreRule, ShadowComparison, ShadowOutcome } from '../contracts/shadow.ts';
import { pgShadowReadMismatches } from '../schema/infrastructure.ts';

/** A comparison with its verdict. */
export interface ShadowRecord extends ShadowComparison {
  readonly outcome: ShadowOutcome;
  /** The ignore rule that applied (`ignored` only). */
  readonly rule?: string;
  /** Why the comparison could not run (`error` only). */
  readonly error?: string;
}

/** Where shadow-read verdicts go. `record` must not throw. */
export interface ShadowRecorder {
  record(r: ShadowRecord): Promise<void>;
}

/** Decides a comparison: equal answers match; otherwise the first applicable rule ignores it. */
export function judge(c: ShadowComparison, rules: readonly IgnoreRule[]): ShadowRecord {
  if (isDeepStrictEqual(c.primary, c.mirror)) return { ...c, outcome: 'match' };
  const rule = rules.find((r) => r.applies(c));
  return rule ? { ...c, outcome: 'ignored', rule: rule.name } : { ...c, outcome: 'mismatch' };
}

/** Counts per `domain.method` and outcome, kept in memory. */
export class ShadowStats implements ShadowRecorder {
  readonly counts = new Map<string, Record<ShadowOutcome, number>>();
  /** The first `keep` mismatches, in arrival order. */
  readonly mismatches: ShadowRecord[] = [];

  constructor(private readonly keep = 20) {}

  async record(r: ShadowRecord): Promise<void> {
    const key = `${r.domain}.${r.method}`;
    const c = this.counts.get(key) ?? { match: 0, mismatch: 0, ignored: 0, error: 0 };
    c[r.outcome]++;
    this.counts.set(key, c);
    if (r.outcome === 'mismatch' && this.mismatches.length < this.keep) this.mismatches.push(r);
  }

  /** Totals over every method. */
  total(): Record<ShadowOutcome, number> {
    const t = { match: 0, mismatch: 0, ignored: 0, error: 0 };
    for (const c of this.counts.values()) for (const k of Object.keys(t) as ShadowOutcome[]) t[k] += c[k];
    return t;
  }
}

/**
 * Persists verdicts in Postgres (counts incremented in place; mismatches one row each), and keeps
 * in-memory `ShadowStats` too. A failed insert is counted in `lost`, never thrown.
 */
export class PgShadowRecorder implements ShadowRecorder {
  readonly stats = new ShadowStats();
  lost = 0;

  constructor(private readonly db: PgDatabase) {}

  async record(r: ShadowRecord): Promise<void> {
    await this.stats.record(r);
    try {
      await this.db.execute(sql`
        INSERT INTO pg_shadow_read_counts (domain, method, outcome, rule, count, updated_at)
        VALUES (${r.domain}, ${r.method}, ${r.outcome}, ${r.rule ?? ''}, 1, now())
        ON CONFLICT (domain, method, outcome, rule) DO UPDATE SET count = pg_shadow_read_counts.count + 1, updated_at = now()`);
      if (r.outcome === 'mismatch') {
        await this.db.insert(pgShadowReadMismatches).values({ domain: r.domain, method: r.method, args: json(r.args), primaryAnswer: json(r.primary), mirrorAnswer: json(r.mirror) });
      }
    } catch {
      this.lost++;
    }
  }
}

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));

/**
 * The one built-in ignore rule: the answers differed, but read again both stores agree, so a
 * write landed between the primary's read and the mirror's (later, background) read. Counted as
 * `ignored`, apart from matches: a high count means reads and writes race, not that the stores
 * disagree.
 */
export const WRITE_SKEW = {
  name: 'write-skew',
  description: 'the stores differed only because a write landed between the primary read and the background mirror read; re-read, they agree',
  source: 'docs/design-notes.md#shadow-reads',
} as const;

/** What the DualWrite wrapper needs to run shadow reads. */
export interface ShadowReadOptions {
  readonly recorder: ShadowRecorder;
  /** Maps the mirror's ids to the primary's (for a Postgres mirror: uuids to legacy ids via `id_map`). */
  readonly mapIds: (value: Outcome) => Promise<Outcome>;
  /** Known, documented differences; default none. */
  readonly ignore?: readonly IgnoreRule[];
}

/**
 * Tracks background comparisons so that a test, a benchmark or a graceful shutdown can wait for
 * them (`settled()`); the request path never waits.
 */
export class ShadowReads {
  private readonly pending = new Set<Promise<void>>();

  constructor(readonly options: ShadowReadOptions) {}

  /**
   * Starts a comparison in the background. `primaryAgain` re-reads the primary: on a mismatch
   * both stores are read once more, and if they then agree the difference was a write that
   * landed between the primary's read and the mirror's later one ({@link WRITE_SKEW}).
   */
  compare(
    domain: string,
    method: string,
    args: readonly unknown[],
    primary: Outcome,
    mirror: () => Promise<Outcome>,
    primaryAgain?: () => Promise<Outcome>,
  ): void {
    const p = (async () => {
      let record: ShadowRecord;
      try {
        const mapped = await this.options.mapIds(await mirror());
        record = judge({ domain, method, args, primary, mirror: mapped }, this.options.ignore ?? []);
        if (record.outcome === 'mismatch' && primaryAgain) {
          const [p2, m2] = await Promise.all([primaryAgain(), mirror().then((o) => this.options.mapIds(o))]);
          if (isDeepStrictEqual(p2, m2)) record = { ...record, outcome: 'ignored', rule: WRITE_SKEW.name };
        }
      } catch (e) {
        record = { domain, method, args, primary, mirror: { crash: String(e) }, outcome: 'error', error: e instanceof Error ? e.message : String(e) };
      }
      await this.options.recorder.record(record);
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every comparison started so far has been recorded. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
