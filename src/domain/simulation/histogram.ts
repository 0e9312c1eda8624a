/**
 * A streaming log-bucketed histogram: bucket k covers [min·e^(k/K), min·e^((k+1)/K)), so every
 * bucket is the same relative width and a percentile read at the bucket's geometric middle is
 * within e^(1/2K) − 1 of the true value. Memory is fixed by the range, not by the event count.
 */

/** The shape of a log-bucketed histogram: its lowest value, resolution and number of buckets. */
export interface LogBuckets {
  /** Smallest value told apart; anything lower lands in the first bucket. */
  readonly minValue: number;
  /** Buckets per unit of natural log (K); 100 gives buckets 1 % wide, reads within 0.5 %. */
  readonly bucketsPerLog: number;
  /** Number of buckets; values above the last bucket land in it. */
  readonly bucketCount: number;
}

/** Describes buckets that cover [minValue, maxValue] with the given buckets per natural log. */
export function logBuckets(minValue: number, maxValue: number, bucketsPerLog: number): LogBuckets {
  if (!(minValue > 0) || !Number.isFinite(minValue)) {
    throw new RangeError(`minValue must be a positive finite number, got ${minValue}`);
  }
  if (!(maxValue > minValue) || !Number.isFinite(maxValue)) {
    throw new RangeError(`maxValue must be finite and above minValue, got ${maxValue}`);
  }
  if (!(bucketsPerLog >= 1 && bucketsPerLog <= 10_000)) {
    throw new RangeError(`bucketsPerLog must be between 1 and 10000, got ${bucketsPerLog}`);
  }
  const bucketCount = Math.ceil(Math.log(maxValue / minValue) * bucketsPerLog) + 1;
  return { minValue, bucketsPerLog, bucketCount };
}

/** The bucket a value falls in (clamped to the first and last bucket). */
export function bucketIndex(buckets: LogBuckets, value: number): number {
  if (!(value > buckets.minValue)) return 0;
  const k = Math.floor(Math.log(value / buckets.minValue) * buckets.bucketsPerLog);
  return k >= buckets.bucketCount ? buckets.bucketCount - 1 : k;
}

/** The value a bucket stands for: its geometric middle. */
export function bucketValue(buckets: LogBuckets, index: number): number {
  return buckets.minValue * Math.exp((index + 0.5) / buckets.bucketsPerLog);
}

/** The nearest-rank position of percentile p (0–1) among n sorted values, 1-based. */
export function nearestRank(p: number, n: number): number {
  // The small slack keeps 0.99 × 6000 at rank 5940 despite floating-point rounding.
  return Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9)));
}

/**
 * Reads several percentiles (ascending, 0–1) from `counts[offset … offset + bucketCount)` in one
 * pass, writing them to `out`; every value is 0 when the histogram is empty. Callers that know
 * every count lies in buckets [first, end) pass them to skip the empty rest.
 */
export function percentilesOfCounts(
  buckets: LogBuckets,
  counts: ArrayLike<number>,
  offset: number,
  percentiles: readonly number[],
  out: Float64Array,
  first = 0,
  end = buckets.bucketCount,
): void {
  let total = 0;
  for (let k = first; k < end; k++) total += counts[offset + k];
  if (total === 0) {
    out.fill(0, 0, percentiles.length);
    return;
  }
  let j = 0;
  let rank = nearestRank(percentiles[0] ?? 0, total);
  let seen = 0;
  for (let k = first; k < end && j < percentiles.length; k++) {
    seen += counts[offset + k];
    while (j < percentiles.length && seen >= rank) {
      out[j] = bucketValue(buckets, k);
      j++;
      if (j < percentiles.length) rank = nearestRank(percentiles[j] ?? 1, total);
    }
  }
}

/** A streaming histogram of positive values with fixed memory and bounded relative error. */
export class LogHistogram {
  /** The bucket layout. */
  readonly buckets: LogBuckets;
  /** Count per bucket. */
  readonly counts: Float64Array;
  private count = 0;

  /** Creates an empty histogram covering [minValue, maxValue] at `bucketsPerLog` buckets per e. */
  constructor(minValue = 1, maxValue = 600_000, bucketsPerLog = 100) {
    this.buckets = logBuckets(minValue, maxValue, bucketsPerLog);
    this.counts = new Float64Array(this.buckets.bucketCount);
  }

  /** Number of values recorded. */
  get total(): number {
    return this.count;
  }

  /** Records one value; NaN is refused because it has no place in an ordering. */
  record(value: number): void {
    if (Number.isNaN(value)) throw new RangeError('cannot record NaN in a histogram');
    this.counts[bucketIndex(this.buckets, value)]++;
    this.count++;
  }

  /** Adds another histogram with the same layout into this one. */
  merge(other: LogHistogram): void {
    const a = this.buckets;
    const b = other.buckets;
    if (
      a.minValue !== b.minValue ||
      a.bucketsPerLog !== b.bucketsPerLog ||
      a.bucketCount !== b.bucketCount
    ) {
      throw new RangeError('can only merge histograms with the same bucket layout');
    }
    for (let k = 0; k < a.bucketCount; k++) this.counts[k] += other.counts[k];
    this.count += other.count;
  }

  /** The nearest-rank percentile p (0–1) as its bucket's middle value; 0 when empty. */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within 0…1, got ${p}`);
    const out = new Float64Array(1);
    percentilesOfCounts(this.buckets, this.counts, 0, [p], out);
    return out[0];
  }
}
