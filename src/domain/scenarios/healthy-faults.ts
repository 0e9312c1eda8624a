import { HEALTHY_SCENARIO, type Scenario } from '../../contracts';

/** A scenario's faults: everything but its label, traffic volume and seed. */
export type FaultSet = Omit<Scenario, 'id' | 'trafficVolume' | 'seed'>;

/**
 * The one definition of a healthy world's faults: every issuer and processor at full health,
 * gentle retries with backoff, no extra declines. Presets, scripts and the catalog start from it.
 */
export const HEALTHY_FAULTS: Readonly<FaultSet> = Object.freeze({
  issuerHealth: Object.freeze({ ...HEALTHY_SCENARIO.issuerHealth }),
  processorHealth: HEALTHY_SCENARIO.processorHealth,
  issuerDeclineRate: HEALTHY_SCENARIO.issuerDeclineRate,
  networkLatencyMultiplier: HEALTHY_SCENARIO.networkLatencyMultiplier,
  retryAggressiveness: HEALTHY_SCENARIO.retryAggressiveness,
  clientBackoff: HEALTHY_SCENARIO.clientBackoff,
});

/** A fresh, mutable copy of the healthy faults. */
export function healthyFaults(): FaultSet {
  return { ...HEALTHY_FAULTS, issuerHealth: { ...HEALTHY_FAULTS.issuerHealth } };
}
