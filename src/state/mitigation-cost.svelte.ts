import type { ControlPlane, MetricsSnapshot, Scenario } from '../contracts';
import { atDefaults, debtCost, defaultPlaneRequest, type DebtCost } from '../domain/exposition';
import { LatestOnly } from '../services/latest-only';
import { simulatorClient } from '../services/simulator-client';
import { messageOf, type SimulatorPort } from './ports';

/** What the changes in force buy and cost on the live window, against the default plane. */
export type MitigationCostFigures = DebtCost;

interface CostRequest {
  scenario: Scenario;
  controlPlane: ControlPlane;
  current: MetricsSnapshot;
}

/**
 * The price of the mitigation debt: the live window simulated again on the default plane in the
 * simulator worker (the domain's request and comparison, as the debt report uses). Updates run
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
    if (!current || atDefaults(controlPlane)) {
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
        defaultPlaneRequest(scenario, current),
      ]);
      if (!byDefault) return;
      this.figures = debtCost(current, byDefault);
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
