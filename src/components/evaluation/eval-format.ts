/** Formatting shared by the Evaluate panel's tables: regret in points, shares in percent. */

/**
 * A regret or another figure of the objective, which is already in points (1 point = 1 payment
 * in 100 of the window), with two decimals, e.g. `0.42`.
 */
export function points(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : x.toFixed(2);
}

/** A difference in points with a true minus or a plus, e.g. `−0.12`, `+0.30`, `0.00`. */
export function signedPoints(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  const text = points(Math.abs(x));
  return x < 0 ? `−${text}` : x > 0 ? `+${text}` : text;
}

/** A change of success rate (a share) in points with two decimals, e.g. 0.0317 → `3.17`. */
export function ratePoints(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : (x * 100).toFixed(2);
}

/** A share as a whole percent, e.g. `84 %`. */
export function wholePercent(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${Math.round(x * 100)} %`;
}

/** A window count, or a dash when the stage was never reached, or n/a when it cannot be. */
export function stageTime(value: number | null, applicable = true): string {
  if (!applicable) return 'n/a';
  return value === null ? '–' : String(value);
}

/** Whole payments with a sign and thousands separators (a true minus), e.g. `−10,787`. */
export function signedCount(value: number): string {
  const rounded = Math.round(value);
  const digits = Math.abs(rounded).toLocaleString('en-US');
  return rounded > 0 ? `+${digits}` : rounded < 0 ? `−${digits}` : '0';
}
