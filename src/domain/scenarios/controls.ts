import { ISSUER_IDS, ISSUER_NAMES, type IssuerId, type Scenario } from '../../contracts';

/** One slider of the lab: its accessible name, range in slider units and mapping to the scenario. */
export interface ScenarioControl {
  /** Short key used in shareable links, e.g. `visa` or `latency`. */
  key: string;
  /** Accessible name of the slider, e.g. "Visa health". */
  label: string;
  /** What the slider does, shown as its description. */
  hint: string;
  min: number;
  max: number;
  step: number;
  /** Unit shown after the value. */
  unit: '%' | '×' | 'payments';
  /** Reads the slider value from a scenario. */
  read(scenario: Scenario): number;
  /** Writes a slider value into a copy of the scenario. */
  write(scenario: Scenario, value: number): Scenario;
}

const percent = (x: number): number => Math.round(x * 100);

function issuerControl(issuerId: IssuerId): ScenarioControl {
  return {
    key: issuerId,
    label: `${ISSUER_NAMES[issuerId]} health`,
    hint: `Health of ${ISSUER_NAMES[issuerId]}'s primary route; 100 % is healthy.`,
    min: 0,
    max: 100,
    step: 1,
    unit: '%',
    read: (s) => percent(s.issuerHealth[issuerId]),
    write: (s, v) => ({ ...s, issuerHealth: { ...s.issuerHealth, [issuerId]: v / 100 } }),
  };
}

/** Every slider of the lab, in the order the page shows them. */
export const SCENARIO_CONTROLS: readonly ScenarioControl[] = [
  ...ISSUER_IDS.map(issuerControl),
  {
    key: 'processor',
    label: 'Processor health',
    hint: 'Health of the primary processor; it degrades every issuer on the primary route.',
    min: 0,
    max: 100,
    step: 1,
    unit: '%',
    read: (s) => percent(s.processorHealth),
    write: (s, v) => ({ ...s, processorHealth: v / 100 }),
  },
  {
    key: 'declines',
    label: 'Issuer declines',
    hint: 'Extra share of payments the issuers decline themselves; no routing fixes it.',
    min: 0,
    max: 50,
    step: 1,
    unit: '%',
    read: (s) => percent(s.issuerDeclineRate),
    write: (s, v) => ({ ...s, issuerDeclineRate: v / 100 }),
  },
  {
    key: 'latency',
    label: 'Network latency',
    hint: 'Multiplies every network latency; slow requests fail as TIMEOUT.',
    min: 1,
    max: 5,
    step: 0.1,
    unit: '×',
    read: (s) => Math.round(s.networkLatencyMultiplier * 10) / 10,
    write: (s, v) => ({ ...s, networkLatencyMultiplier: v }),
  },
  {
    key: 'retry',
    label: 'Retry aggressiveness',
    hint: 'How hard clients retry failed payments; with a weak route this feeds a retry storm.',
    min: 0,
    max: 100,
    step: 1,
    unit: '%',
    read: (s) => percent(s.retryAggressiveness),
    write: (s, v) => ({ ...s, retryAggressiveness: v / 100 }),
  },
  {
    key: 'volume',
    label: 'Traffic volume',
    hint: 'Payments in one simulated window.',
    min: 1000,
    max: 50000,
    step: 1000,
    unit: 'payments',
    read: (s) => s.trafficVolume,
    write: (s, v) => ({ ...s, trafficVolume: v }),
  },
];

/** Finds a control by its link key. */
export function controlByKey(key: string): ScenarioControl | undefined {
  return SCENARIO_CONTROLS.find((control) => control.key === key);
}
