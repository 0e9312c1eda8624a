import {
  ControlPlaneSchema,
  EpochMillis,
  ScenarioSchema,
  WorldStateSchema,
  parseContract,
  type ControlPlane,
  type MetricsSnapshot,
  type Scenario,
  type WorldState,
} from '../../contracts';
import { mixSeed } from '../random';
import { simulateWindow } from './index';

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
 * scenario's own seed (a runner derives it with windowSeed), and returns the state it leaves.
 */
export function stepWindow(input: {
  scenario: Scenario;
  controlPlane: ControlPlane;
  state: WorldState;
  timestamp: number;
}): WorldStep {
  const scenario = parseContract(ScenarioSchema, input.scenario, 'scenario');
  const controlPlane = parseContract(ControlPlaneSchema, input.controlPlane, 'control plane');
  const state = parseContract(WorldStateSchema, input.state, 'world state');
  const timestamp = parseContract(EpochMillis, input.timestamp, 'timestamp');
  // TODO(time): carry retry backlogs and route loads across windows.
  const snapshot = simulateWindow(scenario, controlPlane, timestamp);
  return { snapshot, state: { ...state, window: state.window + 1 } };
}
