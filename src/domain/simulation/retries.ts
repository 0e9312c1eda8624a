import type { RetryBehaviour } from './world-model';

/** Most retries per payment the model ever allows (the retry policy's upper bound). */
export const MAX_RETRIES = 10;

/**
 * Expected retries of one payment whose first attempt fails with probability q0 and every retry
 * with q1, when each failed attempt spawns `multiplier` retries (the fraction as a coin flip per
 * failure), a round stops at the first approval, and at most `cap` retries are sent in all.
 * Exact, by dynamic programming over (retries used, size of the failed round).
 */
export function expectedRetriesPerPayment(
  q0: number,
  q1: number,
  multiplier: number,
  cap: number,
  scratch: Float64Array = new Float64Array((MAX_RETRIES + 1) * (MAX_RETRIES + 1)),
): number {
  if (cap <= 0 || q0 <= 0 || multiplier <= 0) return 0;
  const whole = Math.floor(multiplier);
  const frac = multiplier - whole;
  const width = cap + 1;
  scratch.fill(0, 0, width * width);
  scratch[1] = q0; // after the first try failed: 0 retries used, a failed round of 1
  let expected = 0;
  for (let used = 0; used < cap; used++) {
    const remaining = cap - used;
    for (let n = 1; n <= cap; n++) {
      const p = scratch[used * width + n];
      if (p === 0) continue;
      if (frac === 0) {
        const sent = Math.min(n * whole, remaining);
        if (sent > 0) {
          expected += p * sent;
          scratch[(used + sent) * width + sent] += p * q1 ** sent;
        }
        continue;
      }
      // k of the n failures add one extra retry each: Binomial(n, frac).
      let pk = (1 - frac) ** n;
      for (let k = 0; k <= n; k++) {
        if (k > 0) pk *= ((n - k + 1) / k) * (frac / (1 - frac));
        const sent = Math.min(n * whole + k, remaining);
        if (sent > 0) {
          expected += p * pk * sent;
          scratch[(used + sent) * width + sent] += p * pk * q1 ** sent;
        }
      }
    }
  }
  return expected;
}

/** Retry caps from the rate limit: `low` always, `high` for a `highShare` of payments. */
export interface RetryCaps {
  low: number;
  high: number;
  highShare: number;
}

/** The most retries per payment under the retry behaviour and the rate limit's attempt budget. */
export function retryCaps(retry: RetryBehaviour): RetryCaps {
  if (retry.attemptBudget === null) {
    return { low: retry.maxRetries, high: retry.maxRetries, highShare: 0 };
  }
  const whole = Math.floor(retry.attemptBudget);
  const frac = retry.attemptBudget - whole;
  const low = Math.min(retry.maxRetries, whole - 1);
  const high = Math.min(retry.maxRetries, whole);
  return { low, high, highShare: high > low ? frac : 0 };
}

/**
 * Expected retries per payment under the retry behaviour and its caps, for first-attempt and
 * retry failure probabilities q0 and q1: the rate limit's two caps blended by their shares.
 */
export function retriesUnder(
  retry: RetryBehaviour,
  caps: RetryCaps,
  q0: number,
  q1: number,
  scratch: Float64Array,
): number {
  const low = expectedRetriesPerPayment(q0, q1, retry.multiplier, caps.low, scratch);
  if (caps.highShare === 0) return low;
  const high = expectedRetriesPerPayment(q0, q1, retry.multiplier, caps.high, scratch);
  return low + caps.highShare * (high - low);
}
