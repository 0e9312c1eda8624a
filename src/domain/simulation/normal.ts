/**
 * The standard normal distribution: an accurate inverse CDF (Acklam's rational approximation,
 * relative error about 1e-9), the CDF for the load model's timeout odds, and a lookup table that
 * turns a uniform draw into a normal one with a multiply, a load and an add in the hot loop.
 */

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
] as const;
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
] as const;
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
] as const;
const D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416,
] as const;
const P_LOW = 0.02425;

/** The standard normal quantile for 0 < p < 1 (±Infinity at the ends, NaN outside). */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** The standard normal CDF Φ(x), absolute error below 1.5e-7 (Abramowitz–Stegun 7.1.26). */
export function normalCdf(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Segments of the inverse-normal lookup table; 8192 keeps p99 of a draw well inside 0.1 %. */
export const NORMAL_TABLE_SIZE = 8192;

/**
 * Knots of the piecewise-linear inverse normal CDF: `NORMAL_TABLE[k]` is the quantile at
 * k / NORMAL_TABLE_SIZE, with the two infinite ends clamped to the outermost half-segment so the
 * draws stay finite (|z| ≤ 3.84; the latency model gets its heavy tail from a mixture instead).
 */
export const NORMAL_TABLE: Float64Array = buildKnots();

/** Slope of each segment of NORMAL_TABLE, so that a draw is `knot + slope × fraction`. */
export const NORMAL_SLOPES: Float64Array = buildSlopes(NORMAL_TABLE);

function buildKnots(): Float64Array {
  // Two spare knots: x = u × size can round up to exactly `size` for u just below 1.
  const knots = new Float64Array(NORMAL_TABLE_SIZE + 2);
  const half = 0.5 / NORMAL_TABLE_SIZE;
  for (let k = 0; k <= NORMAL_TABLE_SIZE + 1; k++) {
    const p = Math.min(Math.max(k / NORMAL_TABLE_SIZE, half), 1 - half);
    knots[k] = inverseNormalCdf(p);
  }
  return knots;
}

function buildSlopes(knots: Float64Array): Float64Array {
  const slopes = new Float64Array(knots.length);
  for (let k = 0; k + 1 < knots.length; k++) slopes[k] = knots[k + 1] - knots[k];
  return slopes;
}

/** A standard normal draw from a uniform u in [0, 1) through the lookup table. */
export function normalFromUniform(u: number): number {
  const x = u * NORMAL_TABLE_SIZE;
  const k = x | 0;
  return NORMAL_TABLE[k] + NORMAL_SLOPES[k] * (x - k);
}
