/**
 * The term of an action in force: when it lapses back to the plane before it unless re-proposed,
 * and the automatic unwind that carries out the lapse, free of effects (the caller stores the
 * records). A term runs in windows when the clock of windows is known, in simulated time else.
 */
import { WINDOW_DURATION_MS, type ControlPlane, type LearningRecord } from '../../contracts';
import type { GuardrailAssessment } from '../safety/check';
import { effectiveLimits } from '../safety/limits';
import { isControlPlaneChange, type ApplyOptions } from './actions';
import type { ActiveAction } from './active-action';
import { buildRecord, type ExecuteInput } from './executor-core';
import { rebuildPlane } from './unwind';

/** When an action taken now (in `window`, when known) lapses after a term of `termWindows`. */
export function termOf(
  now: number,
  window: number | undefined,
  termWindows: number,
): Pick<ActiveAction, 'appliedWindow' | 'expiresAt' | 'expiresWindow'> {
  const expiresAt = now + termWindows * WINDOW_DURATION_MS;
  return window === undefined
    ? { expiresAt }
    : { appliedWindow: window, expiresAt, expiresWindow: window + termWindows };
}

/** Where the clock stands: the time, and the window when it is known. */
export interface LifecycleClock {
  now: number;
  window?: number;
}

/**
 * Whether an action's term is over: by window when both the action and the clock know theirs,
 * by time otherwise; an action without a term never lapses.
 */
export function isExpired(active: ActiveAction, clock: LifecycleClock): boolean {
  if (active.expiresWindow !== undefined && clock.window !== undefined) {
    return clock.window >= active.expiresWindow;
  }
  return active.expiresAt !== undefined && clock.now >= active.expiresAt;
}

/** The live state after the expired actions lapsed, with one record per lapse. */
export interface LapseReport {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  /** The actions whose term was over. */
  lapsed: ActiveAction[];
  /** Later actions that no longer applied without the lapsed ones, and were dropped. */
  dropped: ActiveAction[];
  /** One rolled-back record per lapsed action, its note saying it expired. */
  records: LearningRecord[];
}

/**
 * Lets every action whose term is over lapse back: the plane is rebuilt from before the first
 * action in force with the others re-applied, and each lapse is recorded as rolled back with a
 * note that it expired. Nothing changes when no term is over.
 */
export function lapseExpired(
  input: {
    controlPlane: ControlPlane;
    activeActions: readonly ActiveAction[];
    cycle?: number;
    options?: ApplyOptions;
  },
  clock: LifecycleClock,
): LapseReport {
  const lapsed = input.activeActions.filter((a) => isExpired(a, clock));
  if (lapsed.length === 0 || input.activeActions.length === 0) {
    return {
      controlPlane: input.controlPlane,
      activeActions: [...input.activeActions],
      lapsed: [],
      dropped: [],
      records: [],
    };
  }
  const rebuilt = planeWithout(
    input.controlPlane,
    input.activeActions,
    lapsed,
    input.options ?? {},
  );
  const records = lapsed.map((a) =>
    buildRecord(a.decision, {
      id: `${a.recordId}-expired-${clock.now}`,
      recordedAt: clock.now,
      status: 'rolled_back',
      cycle: input.cycle,
      note: `Expired: its term ended${clock.window === undefined ? '' : ` at window ${clock.window}`} without a renewal, so it lapsed back to the plane before it.`,
    }),
  );
  return {
    controlPlane: rebuilt.controlPlane,
    activeActions: rebuilt.kept,
    lapsed,
    dropped: rebuilt.dropped,
    records,
  };
}

/**
 * The actions in force after `renewed` was renewed: it keeps its record and its place, and only
 * its term starts again, the one `term` gives (as termOf states it).
 */
export function renewTerm(
  activeActions: readonly ActiveAction[],
  renewed: ActiveAction,
  term: Pick<ActiveAction, 'expiresAt' | 'expiresWindow'>,
): ActiveAction[] {
  const { expiresAt, expiresWindow } = term;
  return activeActions.map((a) =>
    a.recordId === renewed.recordId
      ? {
          ...a,
          ...(expiresAt === undefined ? {} : { expiresAt }),
          ...(expiresWindow === undefined ? {} : { expiresWindow }),
        }
      : a,
  );
}

/**
 * The plane and the actions in force once `leaving` are gone: rebuilt from before the first
 * action in force with the others re-applied (those that no longer apply are dropped).
 */
function planeWithout(
  controlPlane: ControlPlane,
  activeActions: readonly ActiveAction[],
  leaving: readonly ActiveAction[],
  options: ApplyOptions,
): { controlPlane: ControlPlane; kept: ActiveAction[]; dropped: ActiveAction[] } {
  const first = activeActions[0];
  if (!first) return { controlPlane, kept: [], dropped: [] };
  const staying = activeActions.filter((a) => !leaving.some((l) => l.recordId === a.recordId));
  return rebuildPlane(first.planeBefore, controlPlane, staying, options);
}

/**
 * The actions in force after an executed decision: an unwind's plan, a renewal's fresh term, a
 * new control-plane change appended; notifications and doing nothing leave the list alone.
 */
export function nextActiveActions(
  input: ExecuteInput,
  assessment: GuardrailAssessment,
  applied: ActiveAction,
): ActiveAction[] {
  if (assessment.unwind) return assessment.unwind.activeActions;
  if (assessment.renews) return renewTerm(input.activeActions, assessment.renews, applied);
  if (!isControlPlaneChange(applied.action.type)) return [...input.activeActions];
  return [...input.activeActions, applied];
}

/**
 * The plane a decision is judged against in the paired counterfactual: the live plane, or for a
 * renewal the plane its action's lapse would leave, since keeping that action in force is all a
 * renewal does (judged against the live plane it would always show no effect).
 */
export function planeWithoutDecision(
  input: ExecuteInput,
  assessment: GuardrailAssessment,
): ControlPlane {
  if (!assessment.renews) return input.controlPlane;
  return lapsedPlane(input.controlPlane, input.activeActions, assessment.renews, {
    probeShare: effectiveLimits(input.limits).probeShare,
  });
}

/**
 * The plane `lapsing` would leave once its term ended: rebuilt from before the first action in
 * force with the others re-applied, as lapseExpired rebuilds it.
 */
export function lapsedPlane(
  controlPlane: ControlPlane,
  activeActions: readonly ActiveAction[],
  lapsing: ActiveAction,
  options: ApplyOptions,
): ControlPlane {
  return planeWithout(controlPlane, activeActions, [lapsing], options).controlPlane;
}

/** How the audit record's note of a decision that renewed an action in force starts. */
export const RENEWED_NOTE = 'Renewed:';

/** What an unwind or a renewal did, for the audit record's note. */
export function lifecycleNote(assessment: GuardrailAssessment): string | undefined {
  const unwind = assessment.unwind;
  if (unwind) {
    const dropped =
      unwind.dropped.length > 0
        ? `; ${unwind.dropped.length} later action(s) no longer applied and were dropped`
        : '';
    return `${unwind.full ? 'Unwound fully' : 'Unwound in part'}: ${unwind.target.action.type} of record ${unwind.target.recordId}${dropped}.`;
  }
  if (assessment.renews)
    return `${RENEWED_NOTE} ${assessment.renews.action.type} of record ${assessment.renews.recordId} stays in force for another term.`;
  return undefined;
}
