import { describe, expect, it } from 'vitest';
import {
  fisherExactP,
  normalCdf,
  oneProportionZTest,
  p99IncreaseTest,
  twoProportionZTest,
} from '../../../src/domain/statistics';
import { fnv1a } from '../../../src/domain/hash';

describe('normalCdf', () => {
  it('matches tabulated values of the standard normal', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    expect(normalCdf(3)).toBeCloseTo(0.9986501, 6);
  });

  it('keeps precision deep in the lower tail', () => {
    // Φ(−8) ≈ 6.22e−16: a naive 1 − Φ(8) would round to 0.
    expect(normalCdf(-8)).toBeGreaterThan(5e-16);
    expect(normalCdf(-8)).toBeLessThan(7e-16);
  });
});

describe('twoProportionZTest', () => {
  it('calls a drop from 99 % to 84 % on 6,000 payments each highly significant', () => {
    const t = twoProportionZTest(5940, 6000, 5040, 6000, 'less');
    expect(t).not.toBeNull();
    expect(t!.z).toBeLessThan(-20);
    expect(t!.pValue).toBeLessThan(1e-50);
  });

  it('does not call a 10-payment window significant for the same rates', () => {
    const t = twoProportionZTest(5940, 6000, 8, 10, 'less');
    expect(t!.pValue).toBeGreaterThan(0.001);
  });

  it('gives a textbook value for a moderate difference', () => {
    // p1 = 0.5 (n 100), p2 = 0.4 (n 100): pooled 0.45, se 0.07036, z = −1.421.
    const t = twoProportionZTest(50, 100, 40, 100, 'two-sided');
    expect(t!.z).toBeCloseTo(-1.4213, 3);
    expect(t!.pValue).toBeCloseTo(0.1552, 3);
  });

  it('returns null when a sample is empty or there is no variance', () => {
    expect(twoProportionZTest(0, 0, 5, 10, 'less')).toBeNull();
    expect(twoProportionZTest(100, 100, 50, 50, 'less')).toBeNull();
  });
});

describe('oneProportionZTest', () => {
  it('tests a rate against a fixed threshold', () => {
    const t = oneProportionZTest(700, 1000, 0.85, 'less');
    expect(t!.pValue).toBeLessThan(1e-20);
    expect(oneProportionZTest(5, 10, 0, 'less')).toBeNull();
  });
});

describe('p99IncreaseTest', () => {
  it('finds a 30 % p99 rise significant on 6,000 payments but not on 50', () => {
    const big = p99IncreaseTest({ p50: 180, p99: 550, n: 6000 }, { p50: 180, p99: 715, n: 6000 });
    const small = p99IncreaseTest({ p50: 180, p99: 550, n: 50 }, { p50: 180, p99: 715, n: 50 });
    expect(big!.pValue).toBeLessThan(0.001);
    expect(small!.pValue).toBeGreaterThan(0.05);
  });

  it('returns null for empty windows or non-positive latencies', () => {
    expect(p99IncreaseTest({ p50: 0, p99: 0, n: 10 }, { p50: 1, p99: 2, n: 10 })).toBeNull();
    expect(p99IncreaseTest({ p50: 1, p99: 2, n: 0 }, { p50: 1, p99: 2, n: 10 })).toBeNull();
  });
});

describe('fnv1a', () => {
  it('is stable and distinguishes inputs', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('shift')).not.toBe(fnv1a('shifu'));
  });
});

describe('fisherExactP', () => {
  it('matches the binomial tail when one sample is large', () => {
    // Nearly a binomial(10, 0.9897) tail: P(X ≤ 8) ≈ 0.0041.
    const p = fisherExactP(5940, 6000, 8, 10, 'less');
    expect(p).toBeGreaterThan(0.003);
    expect(p).toBeLessThan(0.006);
  });

  it('gives the textbook tea-tasting value', () => {
    // Fisher's lady tasting tea: 3 of 4 right, one-sided p = 17/70.
    expect(fisherExactP(3, 4, 1, 4, 'less')).toBeCloseTo(17 / 70, 10);
    expect(fisherExactP(1, 4, 3, 4, 'greater')).toBeCloseTo(17 / 70, 10);
  });
});
