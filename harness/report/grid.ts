/**
 * The report grid shared by the console and Markdown reporters: one row per domain and check,
 * one column per implementation that appears in the results.
 */
import type { CheckResult } from '../results.ts';

/** Column order of implementations. */
export const COLUMN_ORDER = ['model', 'mongo', 'drizzle', 'dual', 'dual-pg', 'postgres', 'all'];

/** A row of the grid. */
export interface GridRow {
  readonly domain: string;
  readonly check: string;
  readonly cells: ReadonlyMap<string, CheckResult>;
}

/** Rows (in result order) and the columns that have at least one cell. */
export function grid(results: readonly CheckResult[]): { columns: string[]; rows: GridRow[] } {
  const rows = new Map<string, { domain: string; check: string; cells: Map<string, CheckResult> }>();
  for (const r of results) {
    const key = `${r.domain}\u0000${r.check}`;
    if (!rows.has(key)) rows.set(key, { domain: r.domain, check: r.check, cells: new Map() });
    rows.get(key)!.cells.set(r.implementation, r);
  }
  const present = new Set(results.map((r) => r.implementation));
  return { columns: COLUMN_ORDER.filter((c) => present.has(c)), rows: [...rows.values()] };
}

/** `1.2 s`, `340 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
