/**
 * Rates with an honest upper bound: `k` events in `n` trials, and the one-sided 95%
 * Clopper-Pearson upper bound on the true rate (with k = 0 it is 1 - 0.05^(1/n), about 3/n).
 */

/** ln(n!) by summation for small n, Stirling-series otherwise (error < 1e-10 for n >= 10). */
function logFactorial(n: number): number {
  if (n < 10) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += Math.exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, sum);
}

/**
 * One-sided upper confidence bound (default 95%) on a rate after `k` events in `n` trials.
 * Throws `RangeError` unless 0 <= k <= n are integers; returns 1 when n = 0 (nothing is known).
 */
export function rateUpperBound(k: number, n: number, confidence = 0.95): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`rateUpperBound: need integers 0 <= k <= n, got k=${k}, n=${n}`);
  if (n === 0 || k === n) return 1;
  const alpha = 1 - confidence;
  let lo = k / n;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** `0 of 1,234 (rate 0%, 95% upper bound 0.243%)`. */
export function formatRate(k: number, n: number): string {
  const pct = (x: number) => `${(x * 100).toPrecision(3).replace(/\.?0+$/, '')}%`;
  return `${k} of ${n.toLocaleString('en-US')} (rate ${n ? pct(k / n) : 'n/a'}, 95% upper bound ${pct(rateUpperBound(k, n))})`;
}
