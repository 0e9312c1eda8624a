import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/domain/random';
import {
  LogHistogram,
  bucketIndex,
  bucketValue,
  logBuckets,
  nearestRank,
} from '../../../../src/domain/simulation/histogram';

/** The nearest-rank percentile of already sorted values, the definition the histogram follows. */
function exactPercentile(sorted: Float64Array, p: number): number {
  return sorted[nearestRank(p, sorted.length) - 1];
}

describe('LogHistogram', () => {
  it.each([
    { median: 200, sigma: 0.42, n: 6_000, seed: 1 },
    { median: 200, sigma: 0.42, n: 200_000, seed: 2 },
    { median: 35, sigma: 1.2, n: 50_000, seed: 3 },
    { median: 4_000, sigma: 0.8, n: 1_000, seed: 4 },
  ])(
    'reads p50/p95/p99 of log-normal data ($n values, median $median ms) within 1 % of sorting',
    ({ median, sigma, n, seed }) => {
      const random = new Random(seed);
      const values = new Float64Array(n);
      const histogram = new LogHistogram();
      for (let i = 0; i < n; i++) {
        values[i] = random.logNormal(median, sigma);
        histogram.record(values[i]);
      }
      values.sort();
      for (const p of [0.5, 0.95, 0.99]) {
        const exact = exactPercentile(values, p);
        const read = histogram.percentile(p);
        expect(Math.abs(read - exact) / exact).toBeLessThan(0.01);
      }
      expect(histogram.total).toBe(n);
    },
  );

  it('keeps the same memory whether it holds ten values or a million', () => {
    const small = new LogHistogram();
    const large = new LogHistogram();
    const random = new Random(7);
    for (let i = 0; i < 10; i++) small.record(random.logNormal(200, 0.5));
    for (let i = 0; i < 1_000_000; i++) large.record(random.logNormal(200, 0.5));
    expect(large.counts.length).toBe(small.counts.length);
    expect(large.counts.byteLength).toBeLessThan(20_000);
  });

  it('reads every percentile of a single value as that value, within the bucket width', () => {
    const histogram = new LogHistogram();
    histogram.record(1234);
    for (const p of [0, 0.5, 1]) {
      expect(Math.abs(histogram.percentile(p) - 1234) / 1234).toBeLessThan(0.005);
    }
  });

  it('reads 0 from an empty histogram', () => {
    expect(new LogHistogram().percentile(0.99)).toBe(0);
  });

  it('clamps values outside its range into the first and last bucket', () => {
    const buckets = logBuckets(1, 1000, 100);
    expect(bucketIndex(buckets, 0)).toBe(0);
    expect(bucketIndex(buckets, -5)).toBe(0);
    expect(bucketIndex(buckets, 1e9)).toBe(buckets.bucketCount - 1);
    expect(bucketValue(buckets, bucketIndex(buckets, 500)) / 500).toBeCloseTo(1, 2);
  });

  it('merges two histograms into the percentiles of their union', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    for (let i = 1; i <= 100; i++) a.record(i);
    for (let i = 101; i <= 200; i++) b.record(i);
    a.merge(b);
    expect(a.total).toBe(200);
    expect(Math.abs(a.percentile(0.5) - 100) / 100).toBeLessThan(0.01);
    expect(Math.abs(a.percentile(0.99) - 198) / 198).toBeLessThan(0.01);
  });

  it('refuses to merge histograms with different bucket layouts', () => {
    expect(() => new LogHistogram(1, 1000).merge(new LogHistogram(1, 10_000))).toThrow(
      /same bucket layout/,
    );
  });

  it('refuses NaN values, percentiles outside 0…1 and a bad range', () => {
    const histogram = new LogHistogram();
    expect(() => histogram.record(Number.NaN)).toThrow(/NaN/);
    expect(() => histogram.percentile(1.5)).toThrow(/percentile/);
    expect(() => histogram.percentile(Number.NaN)).toThrow(/percentile/);
    expect(() => new LogHistogram(0, 100)).toThrow(/minValue/);
    expect(() => new LogHistogram(10, 5)).toThrow(/maxValue/);
    expect(() => new LogHistogram(1, 100, 0)).toThrow(/bucketsPerLog/);
  });

  it('ranks percentiles the nearest-rank way, robust to floating-point rounding', () => {
    expect(nearestRank(0.99, 6000)).toBe(5940);
    expect(nearestRank(0.5, 1)).toBe(1);
    expect(nearestRank(0, 10)).toBe(1);
    expect(nearestRank(1, 10)).toBe(10);
  });
});
