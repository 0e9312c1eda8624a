/**
 * Renewing an action in force before its term runs out while the trouble it answered goes on: a
 * move off a route that still fails, or that flaps and has not earned its traffic back yet, and a
 * damper while the windows are not calm. A term is the lab's way back to the default plane for a
 * fix nobody looks after; a fix the windows show is still needed should not lapse into the fault
 * for a window only to be taken again. Re-proposing the action renews it (the guardrails see the
 * same type and parameters and restart its term), so a renewal changes nothing in traffic.
 */
import {
  WINDOW_DURATION_MS,
  type ActiveActionView,
  type PatternType,
  type RouteId,
  type RouteMetrics,
} from '../../contracts';
import { round } from '../numbers';
import { formatPercent } from '../percent';
import { contextKey, shareBand } from './experience-context';
import {
  baselineSuccess,
  isWatchedMove,
  planeOf,
  paymentsMoved,
  scopePaymentRatio,
  scopeRoute,
  shareStillInForce,
} from './move-in-force';
import { DAMPERS, unrest } from './planner-dampers';
import { BACKUP_COST_PREMIUM, toPayment } from './planner-routing';
import type { Draft, PlanInput } from './planner-types';
import { MIN_PROBE_SAMPLE, RECOVERY_TOLERANCE, relapseHold, windowHealth } from './route-relapse';

/**
 * A still-needed action is renewed once its term ends within this many windows: the last window
 * before the lapse, and one more in case that one's renewal waits for a human or is refused.
 */
export const RENEWAL_LEAD_WINDOWS = 2;

/** Risk of a renewal: it changes nothing now, and the action it keeps was judged when taken. */
export const RENEWAL_RISK = 0.05;

/** Risk added to doing nothing while an action still needed is about to lapse into the fault. */
export const LAPSE_RISK = 0.2;

/**
 * Windows until the action lapses (0: in the current one), by window when both the action and the
 * clock know theirs and by time otherwise, as the executor lets it lapse; null without a term.
 */
export function windowsLeft(view: ActiveActionView, input: PlanInput): number | null {
  if (view.expiresWindow !== undefined && input.currentWindow !== undefined)
    return view.expiresWindow - input.currentWindow;
  if (view.expiresAt !== undefined)
    return Math.ceil((view.expiresAt - input.now) / WINDOW_DURATION_MS);
  return null;
}

/** A renewal the planner proposes, with the pattern the renewed action answered. */
export interface RenewalProposal {
  draft: Draft;
  pattern: PatternType;
}

function renewal(
  view: ActiveActionView,
  impact: Draft['impact'],
  why: string,
  context: string,
): RenewalProposal {
  return {
    pattern: view.pattern,
    draft: {
      type: view.action.type,
      description: `Renew: ${view.action.description}`,
      // The same type and parameters: the guardrails renew the action instead of applying it twice.
      parameters: view.action.parameters,
      impact,
      prerequisites: [`action ${view.recordId} still in force`],
      reversible: view.action.reversible,
      rationale: why,
      context,
    },
  };
}

/** The renewal of a move whose route left still fails or has not earned trust back; null when it need not stay. */
function moveRenewal(
  view: ActiveActionView,
  input: PlanInput,
  left: number,
): RenewalProposal | null {
  const remaining = shareStillInForce(view, planeOf(input));
  if (remaining < 0.05) return null;
  const from = view.action.parameters.fromRoute as RouteId;
  const to = view.action.parameters.toRoute as RouteId;
  const { route: leftNow, baselineOf } = scopeRoute(view, input.current, from);
  const dest = scopeRoute(view, input.current, to).route;
  // Too little traffic on either side to compare: the term decides, as for any unwatched fix.
  if (!leftNow || leftNow.attemptCount < MIN_PROBE_SAMPLE) return null;
  if (!dest || dest.attemptCount < MIN_PROBE_SAMPLE) return null;
  const base = baselineSuccess(input, baselineOf, from);
  const routes = (input.windows ?? [input.current]).map((w) => scopeRoute(view, w, from).route);
  const hold = relapseHold(routes.map((r) => windowHealth(r, base)));
  const degraded = windowHealth(leftNow, base) === 'degraded';
  // Healthy and trusted again: the lifecycle unwinds the move instead.
  if (!degraded && hold.trusted) return null;
  // What traffic going back would meet: the route left as it did over the windows shown.
  const seen = routes.filter((r) => windowHealth(r, base) !== 'unseen');
  const leftMean = seen.reduce((sum, r) => sum + (r as RouteMetrics).successRate, 0) / seen.length;
  // Route figures count attempts, retries rescue some of them: the gap is stated in payments.
  const ratio = scopePaymentRatio(view, input);
  const gap = toPayment(dest.successRate, ratio) - toPayment(leftMean, ratio);
  // Within the tolerance a recovery is judged by, the destination is no better: nothing to keep.
  if (gap <= RECOVERY_TOLERANCE) return null;
  const moved = paymentsMoved(view, input, remaining);
  const what = baselineOf !== undefined ? `${baselineOf} on ${from}` : from;
  const state = degraded
    ? `${what} still fails (${formatPercent(leftNow.successRate)} vs ${formatPercent(base)} baseline)`
    : `${what} recovered only ${hold.streak} of the ${hold.required} windows it needs after failing again`;
  return renewal(
    view,
    {
      successRateChange: round(moved * gap, 6),
      latencyImpact: round(moved * (dest.latency.p99 - leftNow.latency.p99), 2),
      costImpact: to === 'backup' ? round(moved * BACKUP_COST_PREMIUM, 6) : 0,
      riskLevel: RENEWAL_RISK,
    },
    `its term ends in ${left} window(s) and ${state}: renewing keeps ${formatPercent(moved)} of payments on ${to} (${formatPercent(dest.successRate)}) instead of back on a route that averaged ${formatPercent(leftMean)} over the last ${seen.length} windows: ${formatPercent(moved)} × ${formatPercent(gap)} = ${formatPercent(moved * gap, { digits: 2 })}`,
    contextKey({ fault: 'route', route: to, headroom: 'na', share: shareBand(moved) }),
  );
}

/** The renewal of a damper while the current window is not calm; null when it is. */
function damperRenewal(
  view: ActiveActionView,
  input: PlanInput,
  left: number,
): RenewalProposal | null {
  const why = unrest(input.current, input.baseline);
  if (why === null) return null;
  return renewal(
    view,
    // What the damper still saves is not in the windows: no gain is promised, only no loss.
    { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: RENEWAL_RISK },
    `its term ends in ${left} window(s) and the trouble it damps goes on (${why}): letting it lapse now would set the retries free into it`,
    contextKey({ fault: 'none', route: 'any', headroom: 'na', share: 'na' }),
  );
}

/**
 * Renewals of the actions in force whose term ends within RENEWAL_LEAD_WINDOWS while the windows
 * show them still needed; none for an action being unwound (`unwinding` holds its record ids).
 */
export function renewalDrafts(input: PlanInput, unwinding: ReadonlySet<string>): RenewalProposal[] {
  const out: RenewalProposal[] = [];
  for (const view of input.activeActions ?? []) {
    if (unwinding.has(view.recordId)) continue;
    const left = windowsLeft(view, input);
    if (left === null || left > RENEWAL_LEAD_WINDOWS) continue;
    const r = isWatchedMove(view)
      ? moveRenewal(view, input, left)
      : DAMPERS.has(view.action.type)
        ? damperRenewal(view, input, left)
        : null;
    if (r) out.push(r);
  }
  return out;
}
