/**
 * How a situation unfolds on one run seed: a few warm-up windows on the plane it starts from
 * (each on its own window seed, the world's state carried from one to the next, the situation's
 * events applied), then the decision window, which can be simulated with and without an action
 * from the same carried state on the same seed: the paired sampler.
 */
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  type ControlPlane,
  type MetricsSnapshot,
  type Observation,
  type Scenario,
  type Situation,
  type WorldState,
} from '../../contracts';
import { healthyScenario, runWorldWindow, stepWindow, windowSeed } from '../simulation';
import { WINDOW_SECONDS } from '../simulation/step';
import { scenarioAt } from '../simulation/script';
import { EVALUATION_EPOCH } from './oracle';

/** Warm-up windows when a situation names none: enough for the retries to build up. */
export const DEFAULT_WARMUP_WINDOWS = 3;

/** Windows of a situation's run a policy sees: the warm-up windows, the last being the current. */
export function warmupWindows(situation: Situation): number {
  return situation.warmupWindows ?? DEFAULT_WARMUP_WINDOWS;
}

/** The plane a situation starts from. */
export function startPlane(situation: Situation): ControlPlane {
  return situation.startPlane ?? DEFAULT_CONTROL_PLANE;
}

/** The situation's scenario at `window` of the run seeded `runSeed`, its events applied. */
export function situationScenarioAt(
  situation: Situation,
  window: number,
  runSeed: number,
): Scenario {
  const base: Scenario = {
    ...situation.faults,
    issuerHealth: { ...situation.faults.issuerHealth },
    id: situation.id,
    trafficVolume: situation.trafficVolume,
    seed: runSeed,
  };
  const scenario =
    situation.events && situation.events.length > 0
      ? scenarioAt(
          {
            id: 'situation',
            label: situation.label,
            description: '',
            windows: warmupWindows(situation) + 1,
            base,
            events: situation.events,
          },
          window,
        )
      : base;
  return { ...scenario, id: situation.id, seed: windowSeed(runSeed, window) };
}

/** Milliseconds between two windows' timestamps. */
const WINDOW_MS = WINDOW_SECONDS * 1000;

/** A situation run up to its decision: what was observed, and the state the decision window inherits. */
export interface WarmRun {
  situation: Situation;
  runSeed: number;
  plane: ControlPlane;
  /** The warm-up windows, oldest first; the last is the current window. */
  windows: MetricsSnapshot[];
  /** The healthy window on the same seed and plane: the baseline the lab compares with. */
  baseline: MetricsSnapshot;
  /** The world's state after the warm-up. */
  state: WorldState;
  /** The scenario of the decision window. */
  decisionScenario: Scenario;
  decisionTimestamp: number;
  /** Decision windows by control plane (JSON), so no plane is simulated twice on this run. */
  memo: Map<string, MetricsSnapshot>;
}

/** Runs a situation's warm-up windows on `runSeed` from an idle world on its start plane. */
export function warmRun(situation: Situation, runSeed: number): WarmRun {
  const plane = startPlane(situation);
  const count = warmupWindows(situation);
  let state: WorldState = INITIAL_WORLD_STATE;
  const windows: MetricsSnapshot[] = [];
  for (let window = 0; window < count; window++) {
    const step = stepWindow({
      scenario: situationScenarioAt(situation, window, runSeed),
      controlPlane: plane,
      state,
      timestamp: EVALUATION_EPOCH + window * WINDOW_MS,
    });
    windows.push(step.snapshot);
    state = step.state;
  }
  const current = windows[windows.length - 1] as MetricsSnapshot;
  const lastScenario = situationScenarioAt(situation, count - 1, runSeed);
  // The healthy world at the situation's own volume: a surge shows against normal traffic.
  const baseline = runWorldWindow({
    scenario: healthyScenario({ ...lastScenario, trafficVolume: situation.trafficVolume }),
    controlPlane: plane,
    timestamp: current.timestamp,
  }).snapshot;
  return {
    situation,
    runSeed,
    plane,
    windows,
    baseline,
    state,
    decisionScenario: situationScenarioAt(situation, count, runSeed),
    decisionTimestamp: EVALUATION_EPOCH + count * WINDOW_MS,
    memo: new Map(),
  };
}

/**
 * The decision window of a run on `plane`, from the warm-up's carried state and on the decision
 * window's seed; the same plane (notifications aside) is simulated once. Planes come from the guardrails (already
 * checked), so the window is simulated without parsing them again.
 */
export function decisionWindow(run: WarmRun, plane: ControlPlane): MetricsSnapshot {
  // The simulator never reads the notification count: a notification's plane is the same window.
  const key = JSON.stringify({ ...plane, notificationsSent: 0 });
  let snapshot = run.memo.get(key);
  if (!snapshot) {
    snapshot = runWorldWindow(
      { scenario: run.decisionScenario, controlPlane: plane, timestamp: run.decisionTimestamp },
      run.state,
    ).snapshot;
    run.memo.set(key, snapshot);
  }
  return snapshot;
}

/** What a policy may see of a run: its windows, the baseline and the plane; no actions in force. */
export function observationOf(run: WarmRun): Observation {
  return {
    windows: run.windows.map((metrics, window) => ({ window, metrics })),
    baselineMetrics: run.baseline,
    controlPlane: run.plane,
    activeActions: [],
  };
}
