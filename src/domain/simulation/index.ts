import {
  ControlPlaneSchema,
  EpochMillis,
  HEALTHY_SCENARIO,
  ScenarioSchema,
  parseContract,
  type ControlPlane,
  type MetricsSnapshot,
  type Scenario,
  type SnapshotPair,
} from '../../contracts';
import { Random } from '../random';
import { toSnapshot } from './aggregate';
import { logBuckets } from './histogram';
import { solveLoads, type CarriedLoad, type LoadSolution } from './load-model';
import { SLOT_STREAM, retryKey } from './paired-draws';
import { sampleWindow } from './sampler';

// The world's figures and the load model are shared with the executor and the evaluation.
export { LogHistogram } from './histogram';
export { pathHealthOf, solveLoads, type CarriedLoad, type LoadSolution } from './load-model';
export { WORLD_MODEL, retryBehaviour, primaryWeights, type RetryBehaviour } from './world-model';

/**
 * Latency buckets of every window: 1 ms to 65.5 s (above the longest allowed timeout) at 100
 * buckets per natural log, so a percentile is read within 0.5 % of the exact value.
 */
export const LATENCY_BUCKETS = logBuckets(1, 65_536, 100);

/** The checked inputs of one window. */
export interface SimulationInput {
  scenario: Scenario;
  controlPlane: ControlPlane;
  timestamp: number;
}

/**
 * Checks a window's inputs against their contracts and throws a ContractError naming the field
 * (e.g. `routing.visa`) otherwise; route weights that do not sum to 1 and an issuer with every
 * route disabled are refused, never repaired.
 */
export function parseSimulationInput(
  scenario: unknown,
  controlPlane: unknown,
  timestamp: unknown,
): SimulationInput {
  return {
    scenario: parseContract(ScenarioSchema, scenario, 'scenario'),
    controlPlane: parseContract(ControlPlaneSchema, controlPlane, 'control plane'),
    timestamp: parseContract(EpochMillis, timestamp, 'timestamp'),
  };
}

/**
 * Simulates one window of `scenario.trafficVolume` payments on a control plane and aggregates
 * them, streaming, into a MetricsSnapshot; the same inputs always give the same snapshot.
 */
export function simulateWindow(
  scenario: Scenario,
  controlPlane: ControlPlane,
  timestamp: number,
): MetricsSnapshot {
  return runWindow(parseSimulationInput(scenario, controlPlane, timestamp));
}

/** Simulates checked inputs: the model itself, shared by simulateWindow and simulatePair. */
function runWindow(input: SimulationInput): MetricsSnapshot {
  return runWorldWindow(input).snapshot;
}

/**
 * Simulates checked inputs of a world that inherits `carried` from its last window (an idle,
 * calm world without it) and returns the snapshot with the settled loads behind it.
 */
export function runWorldWindow(
  input: SimulationInput,
  carried?: CarriedLoad,
): { snapshot: MetricsSnapshot; solution: LoadSolution } {
  const solution = solveLoads(input.scenario, input.controlPlane, carried);
  const seed = input.scenario.seed;
  const counters = sampleWindow(
    solution,
    input.controlPlane.timeoutMs,
    input.scenario.trafficVolume,
    { random: new Random(seed, SLOT_STREAM), seed, retryKey: retryKey(seed) },
    LATENCY_BUCKETS,
  );
  const snapshot = toSnapshot(counters, solution, LATENCY_BUCKETS, {
    timestamp: input.timestamp,
    seed: input.scenario.seed,
    windowSize: input.scenario.trafficVolume,
    scenarioId: input.scenario.id,
    timeoutMs: input.controlPlane.timeoutMs,
  });
  return { snapshot, solution };
}

/** The same window with every fault reset to HEALTHY_SCENARIO's values: same volume and seed. */
export function healthyScenario(scenario: Scenario): Scenario {
  return {
    ...HEALTHY_SCENARIO,
    issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth },
    trafficVolume: scenario.trafficVolume,
    seed: scenario.seed,
  };
}

/** Simulates the healthy baseline and the current window of a scenario on one control plane. */
export function simulatePair(
  scenario: Scenario,
  controlPlane: ControlPlane,
  timestamp: number,
): SnapshotPair {
  // One parse serves both windows: the healthy scenario of a valid scenario is valid.
  const input = parseSimulationInput(scenario, controlPlane, timestamp);
  return {
    baseline: runWindow({ ...input, scenario: healthyScenario(input.scenario) }),
    current: runWindow(input),
  };
}
export { stepWindow, stepWindows, windowSeed, WINDOW_SECONDS, type WorldStep } from './step';
