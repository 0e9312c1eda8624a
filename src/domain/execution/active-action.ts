/**
 * An action in force and its life: re-applying what is left of it, telling a re-proposal of it,
 * and the view a policy is shown of it.
 */
import {
  ISSUER_IDS,
  type ActionProposal,
  type ActiveActionView,
  type ControlPlane,
  type Decision,
  type PatternType,
} from '../../contracts';
import { applyAction, WEIGHT_EPSILON, type ApplyOptions } from './actions';

/** An executed control-plane change that is still in force and can be rolled back. */
export interface ActiveAction {
  action: ActionProposal;
  pattern: PatternType;
  /** The live control plane just before this action was applied. */
  planeBefore: ControlPlane;
  appliedAt: number;
  /** The audit record of the decision that applied it. */
  recordId: string;
  decision: Decision;
  /** The window (cycle) it was applied in, when the clock was known. */
  appliedWindow?: number;
  /** When it lapses back unless renewed, ms since the epoch (absent: it never lapses). */
  expiresAt?: number;
  /** The window at which it lapses, when it was applied on a known window. */
  expiresWindow?: number;
  /** Share of its routing change still in force after partial unwinds, 0–1 (absent: 1). */
  remaining?: number;
}

/** Action types whose effect is a routing move, the only ones that unwind in part. */
export function isRoutingMove(type: ActionProposal['type']): boolean {
  return type === 'shift_traffic' || type === 'failover_processor';
}

/**
 * Applies what is still in force of an active action to a plane: the whole action, or for a
 * routing move partly unwound, that share of the routing change it makes on this plane.
 */
export function applyActive(
  plane: ControlPlane,
  active: Pick<ActiveAction, 'action' | 'remaining'>,
  options: ApplyOptions = {},
): ControlPlane {
  const after = applyAction(plane, active.action, options);
  const remaining = active.remaining ?? 1;
  if (remaining >= 1 - WEIGHT_EPSILON || !isRoutingMove(active.action.type)) return after;
  return blendRouting(plane, after, remaining);
}

/** `after`, with each issuer's routing only `share` of the way from `before` to `after`. */
export function blendRouting(
  before: ControlPlane,
  after: ControlPlane,
  share: number,
): ControlPlane {
  const routing = { ...after.routing };
  for (const issuerId of ISSUER_IDS) {
    const from = before.routing[issuerId].primary;
    let primary = from + share * (after.routing[issuerId].primary - from);
    if (primary < WEIGHT_EPSILON) primary = 0;
    if (primary > 1 - WEIGHT_EPSILON) primary = 1;
    routing[issuerId] = { primary, backup: 1 - primary };
  }
  return { ...after, routing };
}

/** A stable text of an action's parameters, so two proposals of one action compare equal. */
function parameterKey(parameters: ActionProposal['parameters']): string {
  return JSON.stringify(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The active action a proposal re-proposes (same type and parameters), which renews its term
 * instead of applying it twice; null when the proposal is a new change.
 */
export function renewedAction(
  action: Pick<ActionProposal, 'type' | 'parameters'>,
  activeActions: readonly ActiveAction[],
): ActiveAction | null {
  const key = parameterKey(action.parameters);
  return (
    activeActions.find(
      (a) => a.action.type === action.type && parameterKey(a.action.parameters) === key,
    ) ?? null
  );
}

/** How an active action appears to a policy: what, when, why, and when it lapses. */
export function toActiveActionView(active: ActiveAction): ActiveActionView {
  const remaining = active.remaining ?? 1;
  const part =
    remaining < 1 ? ` (partly unwound: ${Math.round(remaining * 100)} % of it still in force)` : '';
  const why = `${active.action.rationale ?? active.action.description}${part}`.slice(0, 2000);
  return {
    recordId: active.recordId,
    action: active.action,
    pattern: active.pattern,
    appliedAt: active.appliedAt,
    ...(active.appliedWindow === undefined ? {} : { appliedWindow: active.appliedWindow }),
    ...(active.expiresAt === undefined ? {} : { expiresAt: active.expiresAt }),
    ...(active.expiresWindow === undefined ? {} : { expiresWindow: active.expiresWindow }),
    ...(active.remaining === undefined ? {} : { remaining: active.remaining }),
    reason: why,
  };
}
