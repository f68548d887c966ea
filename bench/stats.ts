/** Small statistics for benchmarks: medians and percentiles of samples. */

/** The q-quantile (0..1) of `xs` by nearest rank; NaN for no samples. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Median of `xs`. */
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** Times `f` `n` times; returns each duration in ms. */
export async function timeEach(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}
