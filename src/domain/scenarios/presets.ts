import { type Scenario } from '../../contracts';
import { HEALTHY_FAULTS, type FaultSet } from './healthy-faults';

/** A named starting point for the sliders. */
export interface ScenarioPreset {
  id: string;
  label: string;
  description: string;
  /** The faults of the preset; volume and seed are kept from the scenario it is applied to. */
  faults: FaultSet;
}

const healthyFaults: FaultSet = HEALTHY_FAULTS;

/** The presets of the "Scenario preset" select. */
export const SCENARIO_PRESETS: readonly ScenarioPreset[] = [
  {
    id: 'healthy',
    label: 'Healthy',
    description: 'Every issuer and route healthy, gentle retries with backoff.',
    faults: healthyFaults,
  },
  {
    id: 'issuer_outage',
    label: 'Issuer outage',
    description: "Visa's primary route at 60 % health: timeouts and unavailable errors.",
    faults: { ...healthyFaults, issuerHealth: { ...healthyFaults.issuerHealth, visa: 0.6 } },
  },
  {
    id: 'processor_outage',
    label: 'Processor outage',
    description: 'The primary processor at 60 % health: every issuer suffers on the primary route.',
    faults: { ...healthyFaults, processorHealth: 0.6 },
  },
  {
    id: 'retry_storm',
    label: 'Retry storm',
    description: "Mastercard's primary route weakened while clients retry hard without backoff.",
    faults: {
      ...healthyFaults,
      issuerHealth: { ...healthyFaults.issuerHealth, mastercard: 0.8 },
      retryAggressiveness: 0.95,
      clientBackoff: false,
    },
  },
  {
    id: 'latency_spike',
    label: 'Latency spike',
    description: 'Network latency three times normal: slow payments and timeouts everywhere.',
    faults: { ...healthyFaults, networkLatencyMultiplier: 3 },
  },
  {
    id: 'issuer_declines',
    label: 'Issuer declines',
    description: 'Issuers decline 12 % more payments themselves; routing cannot fix it.',
    faults: { ...healthyFaults, issuerDeclineRate: 0.12 },
  },
];

/** Applies a preset's faults to a scenario, keeping its traffic volume and seed. */
export function applyPreset(scenario: Scenario, preset: ScenarioPreset): Scenario {
  return {
    ...structuredCloneFaults(preset.faults),
    id: preset.id,
    trafficVolume: scenario.trafficVolume,
    seed: scenario.seed,
  };
}

/** The preset whose faults equal the scenario's, if any. */
export function matchingPreset(scenario: Scenario): ScenarioPreset | undefined {
  return SCENARIO_PRESETS.find((preset) => sameFaults(preset.faults, scenario));
}

function structuredCloneFaults(faults: ScenarioPreset['faults']): ScenarioPreset['faults'] {
  return { ...faults, issuerHealth: { ...faults.issuerHealth } };
}

function sameFaults(faults: ScenarioPreset['faults'], scenario: Scenario): boolean {
  return (
    faults.processorHealth === scenario.processorHealth &&
    faults.issuerDeclineRate === scenario.issuerDeclineRate &&
    faults.networkLatencyMultiplier === scenario.networkLatencyMultiplier &&
    faults.retryAggressiveness === scenario.retryAggressiveness &&
    faults.clientBackoff === scenario.clientBackoff &&
    Object.entries(faults.issuerHealth).every(
      ([id, health]) => scenario.issuerHealth[id as keyof Scenario['issuerHealth']] === health,
    )
  );
}
