import {
  DEFAULT_CONTROL_PLANE,
  type ControlPlane,
  type MetricsSnapshot,
  type Scenario,
} from '../contracts';
import { LatestOnly } from '../services/latest-only';
import { simulatorClient } from '../services/simulator-client';
import { messageOf, type SimulatorPort } from './ports';

/** What the changes in force buy and cost on the live window, against the default plane. */
export interface MitigationCostFigures {
  /** Success rate now minus on the default plane, same window and seed (positive = it helps). */
  successRateChange: number;
  /** Relative change of cost per payment against the default plane (0.1 = 10 % dearer). */
  costChange: number;
  /** p99 now minus on the default plane, in ms. */
  p99ChangeMs: number;
}

interface CostRequest {
  scenario: Scenario;
  controlPlane: ControlPlane;
  current: MetricsSnapshot;
}

function isDefaultPlane(plane: ControlPlane): boolean {
  return (
    JSON.stringify(plane) ===
    JSON.stringify({ ...DEFAULT_CONTROL_PLANE, notificationsSent: plane.notificationsSent })
  );
}

/**
 * The price of the mitigation debt: the live window simulated again on the default plane (same
 * scenario, same seed, so only the plane differs), compared with the window as it is. Updates run
 * latest-only, so a slider drag never queues stale comparisons.
 */
export class MitigationCost {
  figures = $state.raw<MitigationCostFigures | null>(null);
  problem = $state<string | null>(null);
  private readonly simulator: Pick<SimulatorPort, 'simulateMany'>;
  private readonly latest = new LatestOnly<CostRequest>((request) => this.compare(request));

  constructor(simulator: Pick<SimulatorPort, 'simulateMany'>) {
    this.simulator = simulator;
  }

  /** Asks for the comparison of this window; nothing to compare while the plane is the default. */
  update(scenario: Scenario, controlPlane: ControlPlane, current: MetricsSnapshot | null): void {
    if (!current || isDefaultPlane(controlPlane)) {
      this.figures = null;
      return;
    }
    this.latest.request({ scenario, controlPlane, current });
  }

  /** Resolves once the latest comparison is in. */
  settled(): Promise<void> {
    return this.latest.idle();
  }

  private async compare({ scenario, current }: CostRequest): Promise<void> {
    try {
      const [byDefault] = await this.simulator.simulateMany([
        { scenario, controlPlane: DEFAULT_CONTROL_PLANE, timestamp: current.timestamp },
      ]);
      if (!byDefault) return;
      this.figures = {
        successRateChange: current.successRate - byDefault.successRate,
        costChange:
          current.costPerTransaction !== undefined && byDefault.costPerTransaction
            ? current.costPerTransaction / byDefault.costPerTransaction - 1
            : 0,
        p99ChangeMs: current.latency.p99 - byDefault.latency.p99,
      };
      this.problem = null;
    } catch (error) {
      this.problem = `The default plane could not be simulated for comparison: ${messageOf(error)}`;
    }
  }
}

/** The page's comparison, on the real simulator worker. */
export function realMitigationCost(): MitigationCost {
  return new MitigationCost({
    simulateMany: (requests) => simulatorClient().call('simulateMany', [requests]),
  });
}
