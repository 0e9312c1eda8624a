import type {
  ActionProposal,
  ControlPlane,
  MetricsSnapshot,
  ReasoningResult,
  Scenario,
  SimulationRequest,
} from '../contracts';
import { lapsedPlane, projectedPlane, renewedAction, type ActiveAction } from '../domain/execution';
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
  /**
   * What the simulated effect is against: the window as it is now, or, for a renewal (which
   * changes nothing now), the same window on the plane its action's lapse would leave.
   */
  against: 'now' | 'lapse';
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
    const active = world.activeActions ?? [];
    const options = { probeShare: world.probeShare ?? 0 };
    const renewed = renewedAction(proposal, active);
    try {
      // A renewal keeps the live plane: its effect is what its action's lapse would cost.
      const controlPlane = renewed
        ? lapsedPlane(world.controlPlane, active, renewed, options)
        : projectedPlane(world.controlPlane, proposal, active, options);
      rowOfRequest.push(rows.length);
      requests.push({ scenario: world.scenario, controlPlane, timestamp: now });
      rows.push({
        proposal,
        selected,
        simulated: null,
        problem: null,
        against: renewed ? 'lapse' : 'now',
      });
    } catch (error) {
      rows.push({ proposal, selected, simulated: null, problem: messageOf(error), against: 'now' });
    }
  }
  const snapshots = requests.length ? await simulator.simulateMany(requests) : [];
  snapshots.forEach((simulated, i) => {
    const row = rows[rowOfRequest[i]!]!;
    // Against its lapse, the simulated window is the one without the renewal.
    const [before, after] = row.against === 'lapse' ? [simulated, current] : [current, simulated];
    row.simulated = {
      successRateChange: after.successRate - before.successRate,
      latencyChangeMs: after.latency.p99 - before.latency.p99,
      costChange:
        before.costPerTransaction && after.costPerTransaction !== undefined
          ? after.costPerTransaction / before.costPerTransaction - 1
          : 0,
    };
  });
  return rows;
}
