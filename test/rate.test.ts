/** The mismatch-rate bound `cutover report` prints. */
import { describe, expect, it } from 'vitest';
import { binomialCdf, formatRate, rateUpperBound } from '../harness/report/rate.ts';

describe('rateUpperBound', () => {
  it('equals 1 - 0.05^(1/n) with no events (the "rule of three")', () => {
    for (const n of [1, 10, 100, 1000, 100000]) expect(rateUpperBound(0, n)).toBeCloseTo(1 - 0.05 ** (1 / n), 9);
    expect(rateUpperBound(0, 1000) * 1000).toBeCloseTo(3, 0);
  });

  it('matches published Clopper-Pearson one-sided 95% bounds', () => {
    // k=1, n=10: 0.3942; k=5, n=100: 0.1023 (one-sided 95%).
    expect(rateUpperBound(1, 10)).toBeCloseTo(0.3942, 3);
    expect(rateUpperBound(5, 100)).toBeCloseTo(0.1023, 3);
  });

  it('is where the binomial CDF reaches 5%, and grows with k', () => {
    const u = rateUpperBound(3, 50);
    expect(binomialCdf(3, 50, u)).toBeCloseTo(0.05, 6);
    expect(rateUpperBound(4, 50)).toBeGreaterThan(u);
  });

  it('refuses impossible counts and prints a readable rate', () => {
    expect(() => rateUpperBound(3, 2)).toThrow(RangeError);
    expect(formatRate(0, 1000)).toBe('0 of 1,000 (rate 0%, 95% upper bound 0.299%)');
  });
});
