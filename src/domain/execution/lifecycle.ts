/**
 * The term of an action in force: when it lapses back to the plane before it unless re-proposed,
 * and the automatic unwind that carries out the lapse, free of effects (the caller stores the
 * records). A term runs in windows when the clock of windows is known, in simulated time else.
 */
import { WINDOW_DURATION_MS, type ControlPlane, type LearningRecord } from '../../contracts';
import type { ApplyOptions } from './actions';
import type { ActiveAction } from './active-action';
import { buildRecord } from './executor-core';
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
  const first = input.activeActions[0];
  if (lapsed.length === 0 || !first) {
    return {
      controlPlane: input.controlPlane,
      activeActions: [...input.activeActions],
      lapsed: [],
      dropped: [],
      records: [],
    };
  }
  const staying = input.activeActions.filter((a) => !lapsed.includes(a));
  const rebuilt = rebuildPlane(first.planeBefore, input.controlPlane, staying, input.options ?? {});
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
