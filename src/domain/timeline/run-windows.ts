import {
  RUN_FILE_FORMAT,
  type ControlPlane,
  type IncidentScript,
  type RunFile,
  type Scenario,
  type SimulationRequest,
} from '../../contracts';
import { healthyScenario } from '../simulation';
import { scenarioAt } from '../simulation/script';
import { WINDOW_SECONDS, windowSeed } from '../simulation/step';

/** Milliseconds between the timestamps of two windows. */
export const WINDOW_MS = WINDOW_SECONDS * 1000;

/** The clock of one run: the script, its run seed and the time of window 0. */
export interface RunClock {
  script: IncidentScript;
  seed: number;
  startTime: number;
}

/** The scenario of window `window` of a run, on that window's own seed (as runScript does). */
export function windowScenario(clock: RunClock, window: number): Scenario {
  return { ...scenarioAt(clock.script, window), seed: windowSeed(clock.seed, window) };
}

/**
 * The two requests one tick steps: the world of the script, and its fault-free twin (same seed,
 * same traffic, same control plane) that payments lost are counted against.
 */
export function windowRequests(
  clock: RunClock,
  window: number,
  controlPlane: ControlPlane,
): { actual: SimulationRequest; twin: SimulationRequest } {
  const scenario = windowScenario(clock, window);
  const timestamp = clock.startTime + window * WINDOW_MS;
  return {
    actual: { scenario, controlPlane, timestamp },
    twin: { scenario: healthyScenario(scenario), controlPlane, timestamp },
  };
}

/** The control plane in force at every window up to `windows`, from the changes and their window. */
export function planesByWindow(
  initial: ControlPlane,
  actions: readonly { window: number; controlPlane: ControlPlane }[],
  windows: number,
): ControlPlane[] {
  const changes = new Map(actions.map((action) => [action.window, action.controlPlane]));
  const planes: ControlPlane[] = [];
  let plane = initial;
  for (let w = 0; w < windows; w++) {
    plane = changes.get(w) ?? plane;
    planes.push(plane);
  }
  return planes;
}

/** What a run file records of a run besides its clock: what changed, what was marked and seen. */
export type RunRecord = Pick<RunFile, 'actions' | 'marks'> & Partial<Pick<RunFile, 'conclusions'>>;

/**
 * The run file of `windows` windows of `clock` from `initialPlane`, with what was recorded of
 * them. What the record already holds of the window in progress (its plane, a detection, an
 * action the agent took in it) is left out: that window is not played yet, and a file naming it
 * would not be a run file.
 */
export function runFileOf(
  clock: RunClock,
  windows: number,
  initialPlane: ControlPlane,
  record: RunRecord = { actions: [], marks: [] },
): RunFile {
  const played = <T extends { window: number }>(entries: readonly T[]) =>
    entries.filter((entry) => entry.window < windows);
  return {
    format: RUN_FILE_FORMAT,
    version: 1,
    script: clock.script,
    seed: clock.seed,
    startTime: clock.startTime,
    windows,
    initialPlane,
    actions: played(record.actions),
    marks: played(record.marks),
    ...(record.conclusions ? { conclusions: played(record.conclusions) } : {}),
  };
}
