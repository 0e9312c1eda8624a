import {
  WorldStateSchema,
  parseContract,
  type ControlPlane,
  type WorldState,
} from '../../contracts';
import type { MetricsSnapshot, Scenario } from '../../contracts';
import { mixSeed } from '../random';
import { parseSimulationInput, runWorldWindow } from './index';

/** Simulated time one window covers, in seconds: the lab's clock ticks a window at a time. */
export const WINDOW_SECONDS = 60;

/** Stream that derives a run's window seeds from its seed. */
const WINDOW_SEED_STREAM = 0x77696e64;

/** The seed of window `window` of a run seeded `runSeed`: distinct per window, same every run. */
export function windowSeed(runSeed: number, window: number): number {
  return window === 0 ? runSeed >>> 0 : mixSeed(runSeed, WINDOW_SEED_STREAM + window);
}

/** One step of the world: the window it produced and the state it hands to the next window. */
export interface WorldStep {
  snapshot: MetricsSnapshot;
  state: WorldState;
}

/**
 * Simulates the next window of a world that carries `state` over from its last window, on the
 * scenario's own seed (a runner derives it with windowSeed), and returns the state it leaves:
 * the loads its routes ended at and the retries it left waiting. The load iteration starts from
 * the carried loads, so a saturated world stays saturated while a storm can feed itself, and a
 * fresh one settles calm; the same inputs give the same step bit for bit.
 */
export function stepWindow(input: {
  scenario: Scenario;
  controlPlane: ControlPlane;
  state: WorldState;
  timestamp: number;
}): WorldStep {
  const checked = parseSimulationInput(input.scenario, input.controlPlane, input.timestamp);
  const state = parseContract(WorldStateSchema, input.state, 'world state');
  const { snapshot, solution } = runWorldWindow(checked, state);
  return {
    snapshot,
    state: {
      window: state.window + 1,
      routeLoad: Array.from(solution.loads),
      retryBacklog: Array.from(solution.backlogOut),
    },
  };
}

/**
 * Steps a world through successive windows from `state`, threading the state from each window
 * to the next, and returns every snapshot in order with the state after the last.
 */
export function stepWindows(
  state: WorldState,
  windows: readonly { scenario: Scenario; controlPlane: ControlPlane; timestamp: number }[],
): { snapshots: MetricsSnapshot[]; state: WorldState } {
  const snapshots: MetricsSnapshot[] = [];
  let current = state;
  for (const window of windows) {
    const step = stepWindow({ ...window, state: current });
    snapshots.push(step.snapshot);
    current = step.state;
  }
  return { snapshots, state: current };
}
