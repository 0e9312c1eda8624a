/**
 * The evaluation's one objective, in points of payments (1 point = 1 payment in 100 of the
 * window): successful payments gained, minus charges for slower completed payments, for cost and
 * for risk. Every term is a difference against the same window without the action (same seed,
 * same carried state), so noise common to both windows cancels.
 */
import {
  ISSUER_IDS,
  type ActionType,
  type ControlPlane,
  type MetricsSnapshot,
  type ObjectiveTerms,
} from '../../contracts';
import { effectiveShare } from '../execution/actions';
import { WORLD_MODEL } from '../simulation';

/** Points charged per 100 ms of completed payments' p95 latency: slowness costs conversion. */
export const LATENCY_POINTS_PER_100MS = 0.2;

/**
 * Points charged per 100 % change of the cost per payment. Processing fees are about 2 % of a
 * payment's value, so the whole fee bill of 100 payments is worth 2 payments: a plane 10 % dearer
 * costs 0.2 points, one 10 % cheaper earns them.
 */
export const COST_POINTS_PER_UNIT = 2;

/** Points charged per whole of the traffic moved to another route by a reversible action. */
export const RISK_POINTS_PER_SHARE = 2;

/** A change that cannot be undone (a disabled route) weighs this many times a reversible one. */
export const IRREVERSIBLE_FACTOR = 3;

/**
 * The risk of the non-routing changes, as a share of traffic moved: they touch every payment but
 * move none, and each is undone by setting the old value again.
 */
export const CHANGE_RISK_SHARE: Partial<Record<ActionType, number>> = {
  adjust_retry_policy: 0.1,
  implement_backoff: 0.05,
  adjust_timeout: 0.1,
  rate_limit: 0.15,
};

/** Share of all payments whose route a plane change moves: issuer share × primary-share change. */
export function movedShare(before: ControlPlane, after: ControlPlane): number {
  let moved = 0;
  ISSUER_IDS.forEach((issuerId, i) => {
    const change = Math.abs(
      effectiveShare(after, issuerId, 'primary') - effectiveShare(before, issuerId, 'primary'),
    );
    moved += (WORLD_MODEL.issuerShares[i] ?? 0) * change;
  });
  return moved;
}

/** Whether a plane change disables a route that was enabled: it cannot simply be reverted. */
export function disablesRoute(before: ControlPlane, after: ControlPlane): boolean {
  return after.disabledRoutes.some(
    (r) => !before.disabledRoutes.some((b) => b.issuerId === r.issuerId && b.routeId === r.routeId),
  );
}

/** The risk charge of moving the world from `before` to `after` with an action of `type`. */
export function riskPoints(type: ActionType, before: ControlPlane, after: ControlPlane): number {
  const factor = disablesRoute(before, after) ? IRREVERSIBLE_FACTOR : 1;
  const share = movedShare(before, after) * factor + (CHANGE_RISK_SHARE[type] ?? 0);
  return -RISK_POINTS_PER_SHARE * share;
}

/** p95 of completed payments, or of all payments in a snapshot written before that field. */
function completedP95(snapshot: MetricsSnapshot): number {
  return (snapshot.completedLatency ?? snapshot.latency).p95;
}

/** The four terms of one paired comparison: the window with the action against the one without. */
export function objectiveTerms(
  without: MetricsSnapshot,
  withAction: MetricsSnapshot,
  risk: number,
): ObjectiveTerms {
  const costBefore = without.costPerTransaction ?? 0;
  const costAfter = withAction.costPerTransaction ?? 0;
  return {
    success: 100 * (withAction.successRate - without.successRate),
    latency: (-LATENCY_POINTS_PER_100MS * (completedP95(withAction) - completedP95(without))) / 100,
    cost: costBefore > 0 ? (-COST_POINTS_PER_UNIT * (costAfter - costBefore)) / costBefore : 0,
    risk,
  };
}

/** The objective: the sum of the terms, in points. */
export function objectiveValue(terms: ObjectiveTerms): number {
  return terms.success + terms.latency + terms.cost + terms.risk;
}

/** The terms averaged over several paired comparisons. */
export function meanTerms(all: readonly ObjectiveTerms[]): ObjectiveTerms {
  const n = Math.max(1, all.length);
  const sum = (f: (t: ObjectiveTerms) => number) => all.reduce((s, t) => s + f(t), 0) / n;
  return {
    success: sum((t) => t.success),
    latency: sum((t) => t.latency),
    cost: sum((t) => t.cost),
    risk: sum((t) => t.risk),
  };
}
