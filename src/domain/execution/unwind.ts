/**
 * Unwinding an action in force, free of effects: part of its routing move back, or all of it
 * gone. The plane is rebuilt from before the first action in force with what is left of each, so
 * undoing one action never disturbs the others.
 */
import { TypedParametersSchemas, type ActionProposal, type ControlPlane } from '../../contracts';
import { applyAction, WEIGHT_EPSILON, type ActionToApply, type ApplyOptions } from './actions';
import { applyActive, isRoutingMove, renewedAction, type ActiveAction } from './active-action';

/** What an unwind names: the audit record of the action and the share of it to undo. */
export interface UnwindRequest {
  actionRecordId: string;
  fraction: number;
}

/** The live state after an unwind. */
export interface UnwindPlan {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  /** The action it undoes, as it was before. */
  target: ActiveAction;
  /** True when nothing of the target is left in force. */
  full: boolean;
  /** Later actions that no longer applied once the target changed, and were dropped. */
  dropped: ActiveAction[];
}

/** An unwind the executor cannot carry out, and why. */
export interface UnwindRefusal {
  refusal: string;
}

/**
 * Re-applies the actions in force, in order, from `base` (the plane before the first of them),
 * keeping the notifications count of `current`: notifications are history, not changes to undo.
 */
export function rebuildPlane(
  base: ControlPlane,
  current: ControlPlane,
  actions: readonly ActiveAction[],
  options: ApplyOptions,
): { controlPlane: ControlPlane; kept: ActiveAction[]; dropped: ActiveAction[] } {
  let plane = base;
  const kept: ActiveAction[] = [];
  const dropped: ActiveAction[] = [];
  for (const active of actions) {
    try {
      const before = plane;
      plane = applyActive(plane, active, options);
      kept.push({ ...active, planeBefore: before });
    } catch {
      dropped.push(active);
    }
  }
  return {
    controlPlane: { ...plane, notificationsSent: current.notificationsSent },
    kept,
    dropped,
  };
}

/**
 * Plans an unwind of the action in force whose audit record is `actionRecordId`: `fraction` of
 * what it still moves goes back (a routing move only), and 1 removes it and restores its part of
 * the plane fully. Refused with a reason when no such action is in force, the fraction is 0, or a
 * change that is not a routing move would be undone only in part.
 */
export function planUnwind(
  controlPlane: ControlPlane,
  activeActions: readonly ActiveAction[],
  request: UnwindRequest,
  options: ApplyOptions = {},
): UnwindPlan | UnwindRefusal {
  const index = activeActions.findIndex((a) => a.recordId === request.actionRecordId);
  const target = activeActions[index];
  if (!target) {
    return {
      refusal: `No action in force was applied by record ${request.actionRecordId}: it may have lapsed, been rolled back or been unwound already.`,
    };
  }
  if (request.fraction <= WEIGHT_EPSILON) {
    return { refusal: 'An unwind of fraction 0 would undo nothing.' };
  }
  const full = request.fraction >= 1 - WEIGHT_EPSILON;
  if (!full && !isRoutingMove(target.action.type)) {
    return {
      refusal: `${target.action.type} is not a routing move, so it cannot be unwound in part; unwind it with fraction 1.`,
    };
  }
  const remaining = (target.remaining ?? 1) * (1 - request.fraction);
  const next = activeActions.flatMap((a, i) =>
    i !== index ? [a] : full ? [] : [{ ...a, remaining }],
  );
  const base = (activeActions[0] as ActiveAction).planeBefore;
  const rebuilt = rebuildPlane(base, controlPlane, next, options);
  return {
    controlPlane: rebuilt.controlPlane,
    activeActions: rebuilt.kept,
    target,
    full,
    dropped: rebuilt.dropped,
  };
}

/** Whether an unwind plan was refused. */
export function isUnwindRefusal(plan: UnwindPlan | UnwindRefusal): plan is UnwindRefusal {
  return 'refusal' in plan;
}

/**
 * The plane an action would lead to as the executor applies it: an unwind resolved against the
 * actions in force, a re-proposal renewing (the plane unchanged), anything else applied with the
 * probe share. Throws with the reason when it cannot be applied.
 */
export function projectedPlane(
  controlPlane: ControlPlane,
  action: ActionToApply,
  activeActions: readonly ActiveAction[],
  options: ApplyOptions = {},
): ControlPlane {
  if (action.type === 'unwind_action') {
    const plan = planUnwind(
      controlPlane,
      activeActions,
      TypedParametersSchemas.unwind_action.parse(action.parameters),
      options,
    );
    if (isUnwindRefusal(plan)) throw new Error(plan.refusal);
    return plan.controlPlane;
  }
  const parameters = action.parameters as ActionProposal['parameters'];
  if (renewedAction({ type: action.type, parameters }, activeActions)) return controlPlane;
  return applyAction(controlPlane, action, options);
}
