import type { ActionProposal, Decision, SafetyLimits } from '../contracts';

/** How far an approver may scale an action's share: from 1 % up to what was proposed. */
export interface ApprovedShareBounds {
  min: number;
  max: number;
  proposed: number;
}

/**
 * The range a smaller approved share may take, or null when the action has no share to scale. The
 * top is the proposal capped by the traffic-shift limit: an approver may approve less, never more.
 */
export function approvedShareBounds(
  action: ActionProposal,
  limits: SafetyLimits,
): ApprovedShareBounds | null {
  if (action.type !== 'shift_traffic' && action.type !== 'failover_processor') return null;
  const proposed = action.parameters.percentage;
  if (typeof proposed !== 'number' || !Number.isFinite(proposed) || proposed <= 0) return null;
  const max = Math.min(proposed, limits.maxTrafficShift);
  return { min: Math.min(0.01, max), max, proposed };
}

/** Whether `share` is a number an approver may approve within `bounds` (to rounding). */
export function isApprovableShare(share: number, bounds: ApprovedShareBounds): boolean {
  return Number.isFinite(share) && share >= bounds.min - 1e-9 && share <= bounds.max + 1e-9;
}

/** A share as the approval box shows it: percent to a tenth, the input's step (0.415 → "41.5 %"). */
function percentToTenth(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

/**
 * The range an approver may type, in words ("between 1 % and 41.5 %"), to the same tenth of a
 * percent as the box's step, so a refusal never names a bound the check itself does not use.
 */
export function approvableShareRange(bounds: ApprovedShareBounds): string {
  return `between ${percentToTenth(bounds.min)} and ${percentToTenth(bounds.max)}`;
}

/**
 * The decision as approved at a smaller share of traffic: the action's `percentage` becomes
 * `share`, its description says so, and the expected impact is scaled by the same ratio (a
 * smaller move promises proportionally less). Throws a RangeError that names the field when the
 * share is not a number within [min, max] or the action has no share to scale.
 */
export function withApprovedShare(
  decision: Decision,
  share: number,
  bounds: ApprovedShareBounds,
): Decision {
  const action = decision.selectedAction;
  const proposed = action.parameters.percentage;
  if (typeof proposed !== 'number' || proposed <= 0) {
    throw new RangeError(`${action.type} has no share of traffic to approve in part`);
  }
  if (!isApprovableShare(share, bounds)) {
    throw new RangeError(
      `percentage: the approved share must be ${approvableShareRange(bounds)}, got ${Number.isFinite(share) ? percentToTenth(share) : String(share)}`,
    );
  }
  // Rounded to a tenth of a percent: the number input's step, and what the record will show.
  const approved = Math.round(share * 1000) / 1000;
  if (approved === proposed) return decision;
  const ratio = approved / proposed;
  const impact = action.estimatedImpact;
  return {
    ...decision,
    selectedAction: {
      ...action,
      parameters: { ...action.parameters, percentage: approved },
      description: `${action.description} Approved at ${percentToTenth(approved)} instead of ${percentToTenth(proposed)}.`,
      estimatedImpact: {
        ...impact,
        successRateChange: impact.successRateChange * ratio,
        latencyImpact: impact.latencyImpact * ratio,
        costImpact: impact.costImpact * ratio,
      },
    },
  };
}
