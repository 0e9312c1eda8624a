import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/domain/random';
import {
  inverseNormalCdf,
  normalCdf,
  normalFromUniform,
} from '../../../../src/domain/simulation/normal';

describe('normal distribution helpers', () => {
  it('inverts the normal CDF at known quantiles', () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.326348, 5);
    expect(inverseNormalCdf(1e-6)).toBeCloseTo(-4.753424, 4);
  });

  it('returns infinities at the ends and NaN outside 0…1', () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(inverseNormalCdf(1.2)).toBeNaN();
    expect(inverseNormalCdf(Number.NaN)).toBeNaN();
  });

  it('evaluates the normal CDF as the inverse of the quantile function', () => {
    for (const p of [0.001, 0.05, 0.3, 0.5, 0.8, 0.99]) {
      expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 6);
    }
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('turns uniform draws into standard normal draws through the lookup table', () => {
    const random = new Random(11);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let beyond = 0;
    for (let i = 0; i < n; i++) {
      const z = normalFromUniform(random.next());
      sum += z;
      squares += z * z;
      if (z > 2.326348) beyond++;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(squares / n).toBeCloseTo(1, 1);
    // About 1 % of a standard normal lies above its 99th percentile.
    expect(beyond / n).toBeGreaterThan(0.009);
    expect(beyond / n).toBeLessThan(0.011);
  });

  it('matches the exact quantile at the table knots', () => {
    expect(normalFromUniform(0.5)).toBeCloseTo(0, 9);
    expect(normalFromUniform(0.99)).toBeCloseTo(inverseNormalCdf(0.99), 3);
  });
});
