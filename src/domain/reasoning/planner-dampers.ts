/**
 * Unwinding the agent's dampers (a retry cap, backoff, a rate limit, a timeout) once the windows
 * show the trouble they answered is over: every route back at its baseline success, no route
 * overloaded, retries back at the baseline's share, and no routing move of the agent still in
 * force. A damper kept past its need is debt like a shift kept past it: it drops retries that
 * would rescue payments in the next incident, or slows them.
 */
import type { ActiveActionView, MetricsSnapshot, RouteMetrics } from '../../contracts';
import { formatPercent } from '../percent';
import { contextKey } from './experience-context';
import { SAFE_LOAD } from './headroom';
import type { UnwindProposal } from './planner-lifecycle';
import { MIN_PROBE_SAMPLE, RECOVERY_TOLERANCE, windowHealth } from './route-relapse';
import type { PlanInput } from './planner-types';

/** The actions that damp retries or waits rather than move traffic. */
export const DAMPERS: ReadonlySet<string> = new Set<string>([
  'adjust_retry_policy',
  'implement_backoff',
  'rate_limit',
  'adjust_timeout',
]);

/** The routing actions, which are unwound first: the dampers guard the traffic coming back. */
const ROUTING = new Set<string>(['shift_traffic', 'failover_processor', 'disable_route']);

/** Retries may exceed the baseline's share of attempts by this much and still count as calm. */
export const CALM_RETRY_EXCESS = 0.02;

/** Windows in a row that must look healthy before a damper is lifted. */
export const CALM_WINDOWS = 2;

function baselineRoute(baseline: MetricsSnapshot, r: RouteMetrics): number {
  const b = baseline.routeMetrics?.find((x) => x.routeId === r.routeId);
  return b && b.attemptCount >= MIN_PROBE_SAMPLE ? b.successRate : baseline.successRate;
}

/** Why a window is not calm yet (the trouble a damper answers goes on), or null when it is. */
export function unrest(window: MetricsSnapshot, baseline: MetricsSnapshot): string | null {
  if (window.successRate < baseline.successRate - RECOVERY_TOLERANCE)
    return `success ${formatPercent(window.successRate)} vs ${formatPercent(baseline.successRate)} baseline`;
  if (window.retryRatio > baseline.retryRatio + CALM_RETRY_EXCESS)
    return `retries ${formatPercent(window.retryRatio)} of attempts vs ${formatPercent(baseline.retryRatio)} baseline`;
  for (const r of window.routeMetrics ?? []) {
    if ((r.load ?? 0) > SAFE_LOAD) return `the ${r.routeId} route at load ${r.load?.toFixed(2)}`;
    // A route still failing would bring a storm back once retries are free again.
    const base = baselineRoute(baseline, r);
    if (windowHealth(r, base) === 'degraded')
      return `the ${r.routeId} route at ${formatPercent(r.successRate)} vs ${formatPercent(base)}`;
  }
  return null;
}

function damperUnwind(view: ActiveActionView, calm: number): UnwindProposal {
  return {
    reason: 'recovered',
    draft: {
      type: 'unwind_action',
      description: `Unwind ${view.action.description.slice(0, 200)}`,
      parameters: { actionRecordId: view.recordId, fraction: 1 },
      impact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.1 },
      prerequisites: [`action ${view.recordId} still in force`],
      reversible: true,
      rationale: `the last ${calm} windows are calm: success and every route within ${formatPercent(RECOVERY_TOLERANCE, { digits: 0 })} of baseline, retries within ${formatPercent(CALM_RETRY_EXCESS, { digits: 0 })} of the baseline's share, no route above load ${SAFE_LOAD.toFixed(2)}, and no traffic move of the agent still in force: the ${view.action.type.replaceAll('_', ' ')} is no longer needed`,
      context: contextKey({ fault: 'none', route: 'any', headroom: 'na', share: 'na' }),
    },
  };
}

/**
 * Full unwinds of the dampers in force once the last CALM_WINDOWS windows are calm and every
 * routing move of the agent is already undone; none otherwise.
 */
export function damperUnwindDrafts(input: PlanInput): UnwindProposal[] {
  const active = input.activeActions ?? [];
  const dampers = active.filter((a) => DAMPERS.has(a.action.type));
  if (dampers.length === 0 || active.some((a) => ROUTING.has(a.action.type))) return [];
  const windows = (input.windows ?? [input.current]).slice(-CALM_WINDOWS);
  if (windows.length < CALM_WINDOWS) return [];
  if (windows.some((w) => unrest(w, input.baseline) !== null)) return [];
  return dampers.map((view) => damperUnwind(view, windows.length));
}
