/**
 * The lab's one set of number helpers: bounding a value into a range or into a share, and
 * rounding. Two meanings of "clamp" existed; they have two names here. `clamp` lets a NaN through
 * (a p-value that cannot be computed must not turn into a significant 0); `clampOrZero` reads a
 * NaN as 0, for figures that are stored or parsed by a contract.
 */

/** Bounds `x` into [lo, hi]; a NaN stays NaN, so the caller sees that nothing was computed. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Bounds `x` into the unit interval [0, 1], the range of a share, rate or probability. */
export function clampUnit(x: number): number {
  return clamp(x, 0, 1);
}

/** Bounds `x` into [lo, hi], reading a NaN (a 0/0 of an empty window) as 0: "no change". */
export function clampOrZero(x: number, lo: number, hi: number): number {
  return clamp(Number.isNaN(x) ? 0 : x, lo, hi);
}

/** Rounds to `digits` decimals, so printed and prompted values stay short. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
