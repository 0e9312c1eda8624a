import type {
  ActionProposal,
  ControlPlane,
  MetricsSnapshot,
  ReasoningResult,
  Scenario,
  SimulationRequest,
} from '../contracts';
import { projectedPlane, type ActiveAction } from '../domain/execution';
import { messageOf, type SimulatorPort } from './ports';

/** How many proposals the what-if table simulates. */
export const WHAT_IF_LIMIT = 12;

/** One row of the what-if table: the agent's estimate beside the simulated effect. */
export interface WhatIfRow {
  proposal: ActionProposal;
  selected: boolean;
  /** Simulated on the same window (same seed) with the action applied; null when not applicable. */
  simulated: { successRateChange: number; latencyChangeMs: number; costChange: number } | null;
  problem: string | null;
}

/** Simulates every proposal on the same window: the agent's estimate meets the world's answer. */
export async function simulateWhatIf(
  simulator: SimulatorPort,
  world: {
    scenario: Scenario;
    controlPlane: ControlPlane;
    /** The actions in force, which an unwind undoes and a re-proposal renews. */
    activeActions?: readonly ActiveAction[];
    /** The probe share a routing move leaves on the route it empties. */
    probeShare?: number;
  },
  reasoning: ReasoningResult,
  current: MetricsSnapshot,
  now: number,
): Promise<WhatIfRow[]> {
  const rows: WhatIfRow[] = [];
  const requests: SimulationRequest[] = [];
  const rowOfRequest: number[] = [];
  for (const proposal of reasoning.proposals.slice(0, WHAT_IF_LIMIT)) {
    const selected = proposal.id === reasoning.decision.selectedAction.id;
    try {
      const controlPlane = projectedPlane(world.controlPlane, proposal, world.activeActions ?? [], {
        probeShare: world.probeShare ?? 0,
      });
      rowOfRequest.push(rows.length);
      requests.push({ scenario: world.scenario, controlPlane, timestamp: now });
      rows.push({ proposal, selected, simulated: null, problem: null });
    } catch (error) {
      rows.push({ proposal, selected, simulated: null, problem: messageOf(error) });
    }
  }
  const snapshots = requests.length ? await simulator.simulateMany(requests) : [];
  snapshots.forEach((after, i) => {
    const row = rows[rowOfRequest[i]!]!;
    row.simulated = {
      successRateChange: after.successRate - current.successRate,
      latencyChangeMs: after.latency.p99 - current.latency.p99,
      costChange:
        current.costPerTransaction && after.costPerTransaction !== undefined
          ? after.costPerTransaction / current.costPerTransaction - 1
          : 0,
    };
  });
  return rows;
}
