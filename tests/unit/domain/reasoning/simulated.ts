import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO as H,
  type Scenario,
  type SnapshotPair,
} from '../../../../src/contracts';
import { simulatePair } from '../../../../src/domain/simulation';

/** The faults the engine must tell apart, as the simulator produces them. */
export const FAULTS = {
  healthy: H,
  issuerOnPrimary: { ...H, id: 'visa-85', issuerHealth: { ...H.issuerHealth, visa: 0.85 } },
  processorOutage: { ...H, id: 'processor-60', processorHealth: 0.6 },
  issuerDeclines: { ...H, id: 'declines-15', issuerDeclineRate: 0.15 },
  latencySpike: { ...H, id: 'latency-3x', networkLatencyMultiplier: 3 },
  retryStorm: {
    ...H,
    id: 'retry-storm',
    issuerHealth: { ...H.issuerHealth, visa: 0.8 },
    retryAggressiveness: 1,
    clientBackoff: false,
  },
} satisfies Record<string, Scenario>;

/** A fault's name. */
export type FaultName = keyof typeof FAULTS;

const cache = new Map<FaultName, SnapshotPair>();

/** Baseline and current window of one fault on the default control plane (simulated once per run). */
export function simulated(name: FaultName): SnapshotPair {
  let pair = cache.get(name);
  if (!pair) {
    pair = simulatePair(FAULTS[name], DEFAULT_CONTROL_PLANE, 1_700_000_000_000);
    cache.set(name, pair);
  }
  return pair;
}
