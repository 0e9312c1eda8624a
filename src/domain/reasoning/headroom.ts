/**
 * How much more traffic a destination route can take before it degrades, read from the windows
 * only: its reported load (attempts over capacity) and how its success, timeouts and p99 moved
 * with its volume over the last windows. The agent never sees the routes' real capacity.
 */
import type { MetricsSnapshot, RouteId, RouteMetrics } from '../../contracts';
import { round } from '../numbers';

/**
 * Load the planner fills a destination to at most: queueing waits grow fast past about 80 %
 * utilisation, so a move that pushes a route beyond it trades one incident for another.
 */
export const SAFE_LOAD = 0.8;

/** Fewest attempts in a window before a route's figures say anything about its health. */
export const MIN_HEADROOM_SAMPLE = 30;

/** How much room a destination has for a move: all of it, part of it, none, or not known. */
export type HeadroomBand = 'ample' | 'short' | 'none' | 'unknown';

/** A destination route's room for more traffic, with the evidence it rests on. */
export interface RouteHeadroom {
  routeId: RouteId;
  /** Reported load in the current window, null when the route reports none. */
  load: number | null;
  /** Attempts per window the route can still take while staying healthy; Infinity when unknown. */
  spareAttempts: number;
  /** The windows show the route getting worse as its volume grew. */
  strainedByVolume: boolean;
  /** One sentence on what the estimate rests on. */
  basis: string;
}

function routeIn(snapshot: MetricsSnapshot, id: RouteId): RouteMetrics | undefined {
  return snapshot.routeMetrics?.find((r) => r.routeId === id);
}

/**
 * Whether, over the windows shown, the window where the route carried most traffic was clearly
 * worse than the one where it carried least (volume at least 20 % higher and success 2 points
 * lower, timeouts 1 point higher or p99 30 % higher): the route is at its knee.
 */
function strainedByVolume(routes: readonly RouteMetrics[]): RouteMetrics | null {
  const seen = routes.filter((r) => r.attemptCount >= MIN_HEADROOM_SAMPLE);
  if (seen.length < 2) return null;
  let low = seen[0] as RouteMetrics;
  let high = low;
  for (const r of seen) {
    if (r.attemptCount < low.attemptCount) low = r;
    if (r.attemptCount > high.attemptCount) high = r;
  }
  if (high.attemptCount < low.attemptCount * 1.2) return null;
  const worse =
    high.successRate < low.successRate - 0.02 ||
    (high.timeoutShare ?? 0) > (low.timeoutShare ?? 0) + 0.01 ||
    high.latency.p99 > low.latency.p99 * 1.3;
  return worse ? high : null;
}

/** The room route `to` has for more traffic, from the windows shown (oldest first, last current). */
export function routeHeadroom(windows: readonly MetricsSnapshot[], to: RouteId): RouteHeadroom {
  const current = windows[windows.length - 1];
  const now = current ? routeIn(current, to) : undefined;
  const history = windows.map((w) => routeIn(w, to)).filter((r): r is RouteMetrics => !!r);
  const strainedAt = strainedByVolume(history);
  const strained = strainedAt !== null;
  const load = now?.load ?? null;
  if (now !== undefined && load !== null && load > 0 && now.attemptCount > 0) {
    const capacity = now.attemptCount / load;
    // Worse at a volume past its own capacity is what the load figure already says; worse while
    // within it is a route weaker than its load shows, with no room to trust.
    const overloadedThen = (strainedAt?.load ?? 0) > 1;
    const spare = strained && !overloadedThen ? 0 : Math.max(0, (SAFE_LOAD - load) * capacity);
    const why = !strained
      ? ''
      : overloadedThen
        ? `; it got worse only past its capacity (load ${strainedAt.load?.toFixed(2)})`
        : '; it got worse as its volume grew';
    return {
      routeId: to,
      load,
      spareAttempts: spare,
      strainedByVolume: strained,
      basis: `${to} at load ${load.toFixed(2)} (${now.attemptCount} attempts): room for ~${Math.round(spare)} more attempts below ${SAFE_LOAD.toFixed(2)}${why}`,
    };
  }
  if (strained)
    return {
      routeId: to,
      load,
      spareAttempts: 0,
      strainedByVolume: true,
      basis: `${to} got worse as its volume grew over the last ${history.length} windows: no room`,
    };
  return {
    routeId: to,
    load,
    spareAttempts: Number.POSITIVE_INFINITY,
    strainedByVolume: false,
    basis: `${to} reports no load and showed no strain: its room is not known`,
  };
}

/**
 * Attempts one payment moved onto route `to` makes there: the route's own attempts per payment
 * in the current window when it carried at least MIN_HEADROOM_SAMPLE payments, else the healthy
 * baseline's. A payment leaving a failing route takes its first attempt along, not the retries
 * its failures caused there: counting those would size a move to a healthy route as if it
 * brought the failing route's retry storm with it.
 */
export function attemptsPerPaymentOn(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  to: RouteId,
): number {
  const there = routeIn(current, to);
  if (there && there.transactionCount >= MIN_HEADROOM_SAMPLE)
    return Math.max(1, there.attemptCount / there.transactionCount);
  if (baseline.totalTransactions <= 0) return 1;
  return Math.max(
    1,
    (baseline.totalTransactions + baseline.totalRetries) / baseline.totalTransactions,
  );
}

/** The band of a move of `attempts` into a route with this headroom. */
export function headroomBand(headroom: RouteHeadroom, attempts: number): HeadroomBand {
  if (!Number.isFinite(headroom.spareAttempts)) return 'unknown';
  if (attempts <= 0 || headroom.spareAttempts >= attempts) return 'ample';
  if (headroom.spareAttempts >= 0.25 * attempts) return 'short';
  return 'none';
}

/**
 * Largest share (of the traffic unit that makes `attemptsPerShare` attempts) the route can take:
 * Infinity when its room is not known.
 */
export function largestFittingShare(headroom: RouteHeadroom, attemptsPerShare: number): number {
  if (!Number.isFinite(headroom.spareAttempts) || attemptsPerShare <= 0)
    return Number.POSITIVE_INFINITY;
  return round(Math.max(0, headroom.spareAttempts / attemptsPerShare), 4);
}

/**
 * Load the route's payments alone put on it (their first attempts, no retries), against the
 * capacity the healthy baseline shows for it (its attempts over its load); null when the baseline
 * route carries too little to tell.
 */
export function paymentLoad(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  id: RouteId,
): number | null {
  const now = routeIn(current, id);
  const base = routeIn(baseline, id);
  if (!now || !base || base.load === undefined || base.load <= 0) return null;
  if (base.attemptCount < MIN_HEADROOM_SAMPLE) return null;
  return now.transactionCount / (base.attemptCount / base.load);
}

/**
 * Whether the payments alone fill the route to its capacity: the overload is the volume's, so
 * retries did not make it and cutting them cannot undo it; they only lose the payments they save.
 */
export function overloadedByVolume(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  id: RouteId,
): boolean {
  const load = paymentLoad(current, baseline, id);
  return load !== null && load >= 1;
}
