/**
 * Which failures are worth retrying: soft failures (timeouts, an unavailable or rate-limited
 * route) may succeed on a second try; hard declines (the issuer said no: insufficient funds, do
 * not honour) fail again, so retrying them only adds load.
 */
import type { MetricsSnapshot } from '../../contracts';

/** Error code → whether a retry can succeed. Unknown codes count as retryable (soft). */
export const RETRYABLE_ERRORS: Readonly<Record<string, boolean>> = {
  TIMEOUT: true,
  ISSUER_UNAVAILABLE: true,
  RATE_LIMITED: true,
  PAYMENT_FAILED: true,
  INSUFFICIENT_FUNDS: false,
  DO_NOT_HONOR: false,
};

/** Whether a failure with this code may succeed when retried. */
export function isRetryable(code: string): boolean {
  return RETRYABLE_ERRORS[code] ?? true;
}

/** The error codes that are hard declines: a retry of them is wasted. */
export const HARD_DECLINE_CODES: readonly string[] = Object.keys(RETRYABLE_ERRORS).filter(
  (code) => !isRetryable(code),
);

/** Share of a window's payments that ended in a hard decline. */
export function hardDeclineShare(snapshot: MetricsSnapshot): number {
  let sum = 0;
  for (const e of snapshot.errorBreakdown) if (!isRetryable(e.code)) sum += e.percentage;
  return sum;
}
