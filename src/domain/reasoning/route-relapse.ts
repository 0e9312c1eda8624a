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

/** A route in one window: within tolerance of its baseline, clearly below it, or too little traffic to tell. */
export type WindowHealth = 'healthy' | 'degraded' | 'unseen';

/** The route left in one window against its baseline success `base`. */
export function windowHealth(route: RouteMetrics | undefined, base: number): WindowHealth {
  if (!route || route.attemptCount < MIN_PROBE_SAMPLE) return 'unseen';
  return route.successRate >= base - RECOVERY_TOLERANCE ? 'healthy' : 'degraded';
}

/** Healthy windows at the end of `history` (oldest first), windows too thin to tell skipped. */
export function healthyStreak(history: readonly WindowHealth[]): number {
  let streak = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h === 'unseen') continue;
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
  const seen = history.filter((h) => h !== 'unseen');
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
