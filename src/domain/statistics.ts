/**
 * Small statistics for the domain: the normal distribution and the tests that keep a
 * small window's noise from being reported as an anomaly.
 */
import { clampUnit } from './numbers';

/** Which way a test looks: is the second sample lower, higher, or just different? */
export type Alternative = 'less' | 'greater' | 'two-sided';

/** A test statistic and its p-value. */
export interface TestResult {
  z: number;
  pValue: number;
}

/**
 * Complementary error function (Chebyshev fit from Numerical Recipes, relative error below
 * 1.2e-7 everywhere), computed directly so that tail probabilities keep their precision.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The standard normal cumulative distribution function Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P-value of a z statistic for the given alternative. */
export function pValueOf(z: number, alternative: Alternative): number {
  const p =
    alternative === 'less'
      ? normalCdf(z)
      : alternative === 'greater'
        ? normalCdf(-z)
        : 2 * normalCdf(-Math.abs(z));
  return clampUnit(p);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0 (Lanczos approximation, ~15 digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0] as number;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * One-sided p-value of Fisher's exact test for B's successes among all successes (hypergeometric
 * tail), summing the shorter side so that the loop stays short.
 */
export function fisherExactP(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  alternative: 'less' | 'greater',
): number {
  const total = nA + nB;
  const successes = successesA + successesB;
  const lo = Math.max(0, nB - (total - successes));
  const hi = Math.min(nB, successes);
  const logDenominator = logChoose(total, nB);
  const pmf = (k: number): number =>
    Math.exp(logChoose(successes, k) + logChoose(total - successes, nB - k) - logDenominator);
  const sum = (from: number, to: number): number => {
    let s = 0;
    for (let k = from; k <= to; k++) s += pmf(k);
    return s;
  };
  const k = successesB;
  if (alternative === 'less') return clampUnit(k - lo <= hi - k ? sum(lo, k) : 1 - sum(k + 1, hi));
  return clampUnit(hi - k <= k - lo ? sum(k, hi) : 1 - sum(lo, k - 1));
}

/** The normal approximation needs this many expected successes and failures in the smaller sample. */
const MIN_EXPECTED = 5;

/**
 * Two-proportion z-test of sample B against sample A (pooled variance). `less` asks whether B's
 * proportion is lower than A's. When the smaller sample expects fewer than five successes or
 * failures the normal approximation is too optimistic, so the p-value comes from Fisher's exact
 * test instead. Returns null when the counts do not allow a test (an empty sample, or both samples
 * all-success / all-failure so there is no variance to test against).
 */
export function twoProportionZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  alternative: Alternative,
): TestResult | null {
  if (!(nA >= 1 && nB >= 1)) return null;
  const pA = successesA / nA;
  const pB = successesB / nB;
  const pooled = (successesA + successesB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0) || !Number.isFinite(pA) || !Number.isFinite(pB)) return null;
  const z = (pB - pA) / se;
  const smaller = Math.min(nA, nB);
  if (alternative !== 'two-sided' && smaller * Math.min(pooled, 1 - pooled) < MIN_EXPECTED) {
    return {
      z,
      pValue: fisherExactP(
        Math.round(successesA),
        Math.round(nA),
        Math.round(successesB),
        Math.round(nB),
        alternative,
      ),
    };
  }
  return { z, pValue: pValueOf(z, alternative) };
}

/**
 * One-sample proportion z-test of `successes / n` against a fixed proportion `p0`. Returns null
 * for an empty sample or a degenerate `p0` of 0 or 1.
 */
export function oneProportionZTest(
  successes: number,
  n: number,
  p0: number,
  alternative: Alternative,
): TestResult | null {
  if (!(n >= 1) || !(p0 > 0 && p0 < 1)) return null;
  const z = (successes / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
  return { z, pValue: pValueOf(z, alternative) };
}

/** Latency percentiles of one window and how many payments they summarise. */
export interface QuantileSample {
  p50: number;
  p99: number;
  n: number;
}

/** z of the 99th percentile of a standard normal. */
const Z_99 = 2.3263478740408408;
/** Density of the standard normal at Z_99. */
const PHI_Z_99 = Math.exp((-Z_99 * Z_99) / 2) / Math.sqrt(2 * Math.PI);
/** Smallest log-space spread assumed, so a window with p50 = p99 is not treated as exact. */
const MIN_SIGMA = 0.05;

/**
 * Tests whether the p99 latency of B is higher than A's. Percentiles alone carry no counts, so the
 * test assumes log-normal latencies (the spread comes from each window's p50 and p99) and uses the
 * asymptotic variance of a sample quantile, p(1 − p) / (n · f(q)²), on the log scale. Returns
 * null when a window is empty or a percentile is not positive.
 */
export function p99IncreaseTest(a: QuantileSample, b: QuantileSample): TestResult | null {
  if (!(a.n >= 1 && b.n >= 1 && a.p50 > 0 && a.p99 > 0 && b.p50 > 0 && b.p99 > 0)) return null;
  const varianceOf = (s: QuantileSample): number => {
    const sigma = Math.max(MIN_SIGMA, Math.log(s.p99 / s.p50) / Z_99);
    return ((0.99 * 0.01) / (s.n * PHI_Z_99 * PHI_Z_99)) * sigma * sigma;
  };
  const se = Math.sqrt(varianceOf(a) + varianceOf(b));
  const z = (Math.log(b.p99) - Math.log(a.p99)) / se;
  return { z, pValue: pValueOf(z, 'greater') };
}
