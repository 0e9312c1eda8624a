import type { ControlPlane, MetricsSnapshot, Scenario, SnapshotPair } from '../../contracts';

/** Simulates one window of payments for a scenario on a control plane. */
export function simulateWindow(
  _scenario: Scenario,
  _controlPlane: ControlPlane,
  _timestamp: number,
): MetricsSnapshot {
  throw new Error('The simulator model is not built yet');
}

/** Simulates the healthy baseline and the current window of a scenario on one control plane. */
export function simulatePair(
  scenario: Scenario,
  controlPlane: ControlPlane,
  timestamp: number,
): SnapshotPair {
  return {
    baseline: simulateWindow(scenario, controlPlane, timestamp),
    current: simulateWindow(scenario, controlPlane, timestamp),
  };
}
