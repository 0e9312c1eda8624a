/**
 * Hysteresis for moving traffic back: how long a route the agent moved traffic off must look
 * healthy before the move is undone, read from how the route behaved in the windows shown. A
 * route that recovered once and failed again (it flaps) has shown that one healthy stretch proves
 * little, so it must stay healthy longer than it did before its last relapse; a route that never
 * relapsed in view is trusted as soon as it looks healthy, as before.
 */
import type { RouteMetrics } from '../../contracts';

/** Fewest attempts on the route left (its probe share) before its recovery is believed. */
export const MIN_PROBE_SAMPLE = 20;
/** The route left counts as recovered within this many points of its baseline success. */
export const RECOVERY_TOLERANCE = 0.02;

/**
 * Standard errors of a window's own sampling a route must fall below the tolerance by to count as
 * degraded. The baseline it is judged against is one window's figure too, with noise of its own
 * (together about √2 × the window's alone), and attempts come in bursts of one payment's retries:
 * with a bare tolerance, a healthy route of a thousand attempts looked degraded every few windows,
 * and each such dip read as a relapse kept a move off a recovered route for ever.
 */
export const DEGRADED_Z = 3;

/**
 * A route in one window: within tolerance of its baseline, below it by more than its sampling
 * noise explains, in between (unclear: neither recovered nor proven failing), or too little
 * traffic to tell.
 */
export type WindowHealth = 'healthy' | 'unclear' | 'degraded' | 'unseen';

/** DEGRADED_Z standard errors of a success rate near `p` over samples whose 1/n sum to `inverseCount`. */
function sampleNoise(p: number, inverseCount: number): number {
  const q = Math.min(Math.max(p, 0), 1);
  return DEGRADED_Z * Math.sqrt(q * (1 - q) * inverseCount);
}

/** The route left in one window against its baseline success `base`. */
export function windowHealth(route: RouteMetrics | undefined, base: number): WindowHealth {
  if (!route || route.attemptCount < MIN_PROBE_SAMPLE) return 'unseen';
  if (route.successRate >= base - RECOVERY_TOLERANCE) return 'healthy';
  const noise = sampleNoise(base, 1 / route.attemptCount);
  return route.successRate < base - RECOVERY_TOLERANCE - noise ? 'degraded' : 'unclear';
}

/**
 * How much route `a` succeeds above route `b` in one window beyond what sampling noise explains
 * (DEGRADED_Z standard errors of the difference), 0 when no more. Two healthy routes differ by a
 * point or so from window to window; an estimate built on that difference promises a gain the
 * world never delivers.
 */
export function clearGap(a: RouteMetrics, b: RouteMetrics): number {
  const gap = a.successRate - b.successRate;
  const n = (x: RouteMetrics) => Math.max(x.attemptCount, 1);
  const noise = sampleNoise((a.successRate + b.successRate) / 2, 1 / n(a) + 1 / n(b));
  return Math.max(0, gap - noise);
}

/** Healthy windows at the end of `history` (oldest first), windows that tell nothing skipped. */
export function healthyStreak(history: readonly WindowHealth[]): number {
  let streak = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h === 'unseen' || h === 'unclear') continue;
    if (h === 'degraded') break;
    streak += 1;
  }
  return streak;
}

/**
 * The longest healthy stretch in `history` that came after a degraded window and ended in
 * another one: a recovery that relapsed. 0 when the route never relapsed in view.
 */
export function longestRelapsedStretch(history: readonly WindowHealth[]): number {
  const seen = history.filter((h) => h === 'healthy' || h === 'degraded');
  let longest = 0;
  let run = 0;
  let afterDegraded = false;
  for (const h of seen) {
    if (h === 'healthy') {
      run += 1;
      continue;
    }
    if (afterDegraded) longest = Math.max(longest, run);
    afterDegraded = true;
    run = 0;
  }
  return longest;
}

/**
 * Healthy windows in a row the route needs before traffic goes back: one more than its longest
 * relapsed recovery, at least one. The windows shown are few (the observation keeps the last
 * twelve), so an old relapse drops out of view and the requirement with it: the hold always ends.
 */
export function windowsToTrust(history: readonly WindowHealth[]): number {
  return longestRelapsedStretch(history) + 1;
}

/** Whether traffic may go back to a route yet: its healthy streak and the streak it needs. */
export interface RelapseHold {
  trusted: boolean;
  streak: number;
  required: number;
}

/** Whether the route has looked healthy long enough, given how it behaved, to move traffic back. */
export function relapseHold(history: readonly WindowHealth[]): RelapseHold {
  const streak = healthyStreak(history);
  const required = windowsToTrust(history);
  return { trusted: streak >= required, streak, required };
}

/** What the agent says while it holds a move off a flapping route (`what`: "visa on primary"). */
export function holdNote(what: string, hold: RelapseHold): string {
  const windows = (n: number) => `${n} window${n === 1 ? '' : 's'}`;
  return `${what} failed again after recovering before: healthy for ${windows(hold.streak)} now, traffic goes back after ${windows(hold.required)}`;
}
