import {
  HEALTHY_SCENARIO,
  IncidentScriptSchema,
  parseContract,
  type IncidentScript,
} from '../../contracts';

/** Windows a preset script runs for: half an hour of one-minute windows (the lasting one, twice). */
const PRESET_WINDOWS = 30;

/** The incidents the lab ships as scripts, each checked against the script contract on load. */
export const PRESET_SCRIPTS: readonly IncidentScript[] = [
  {
    id: 'issuer_degrades_then_clears',
    label: 'Issuer degrades, then clears',
    description:
      "Visa's primary route slides to 60 % health over five windows, stays there, and recovers at window 20.",
    windows: PRESET_WINDOWS,
    events: [
      { at: 5, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 5 },
      { at: 20, fault: 'issuerHealth.visa', kind: 'clear' },
    ],
  },
  {
    id: 'processor_retry_storm',
    label: 'Processor outage with a retry storm',
    description:
      'Clients retry hard without backoff; the primary processor drops to 60 % health for windows 5–11. The retries it provokes can outlive it.',
    windows: PRESET_WINDOWS,
    events: [
      { at: 0, fault: 'retryAggressiveness', kind: 'set', value: 0.95 },
      { at: 0, fault: 'clientBackoff', kind: 'set', value: 0 },
      { at: 5, fault: 'processorHealth', kind: 'hold', value: 0.6, until: 12 },
    ],
  },
  {
    id: 'processor_outage',
    label: 'Processor outage, then clear',
    description:
      'Off-peak (3,000 payments per window, so the backup could carry them all), the primary processor falls to 85 % health for windows 5–16 and then recovers; clients retry as usual.',
    windows: PRESET_WINDOWS,
    base: { ...HEALTHY_SCENARIO, trafficVolume: 3000 },
    events: [{ at: 5, fault: 'processorHealth', kind: 'hold', value: 0.85, until: 17 }],
  },
  {
    id: 'lasting_processor_outage',
    label: 'Processor outage that outlasts the term',
    description:
      'Off-peak (3,000 payments per window), the primary processor falls to 85 % health at window 5 and stays there for the rest of the hour, longer than the 30-window term of an action: a failover must be renewed, not left to lapse.',
    windows: 2 * PRESET_WINDOWS,
    base: { ...HEALTHY_SCENARIO, trafficVolume: 3000 },
    events: [{ at: 5, fault: 'processorHealth', kind: 'set', value: 0.85 }],
  },
  {
    id: 'backup_fails_after_failover',
    label: 'Backup fails after a failover',
    description:
      "Visa's primary route falls to 50 % at window 5, inviting a failover; at window 15 Visa's backup route degrades to 60 % as well. Both recover at window 25.",
    windows: PRESET_WINDOWS,
    events: [
      { at: 5, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 },
      { at: 15, fault: 'routeHealth.visa.backup', kind: 'ramp', value: 0.6, over: 3 },
      { at: 25, fault: 'issuerHealth.visa', kind: 'clear' },
      { at: 25, fault: 'routeHealth.visa.backup', kind: 'clear' },
    ],
  },
  {
    id: 'peak_traffic_surge',
    label: 'Traffic surge at peak',
    description:
      'Traffic climbs from 6,000 to 30,000 payments per window over windows 8–13, stays at the peak, and falls back over windows 20–25.',
    windows: PRESET_WINDOWS,
    events: [
      { at: 8, fault: 'trafficVolume', kind: 'ramp', value: 30_000, over: 5 },
      { at: 20, fault: 'trafficVolume', kind: 'ramp', value: 6000, over: 5 },
    ],
  },
  {
    id: 'slow_burn',
    label: 'Slow burn',
    description:
      "Mastercard's primary route wears down from 97 % to 90 % health over 20 windows (windows 5–25) and stays there.",
    windows: PRESET_WINDOWS,
    events: [
      { at: 5, fault: 'issuerHealth.mastercard', kind: 'ramp', value: 0.9, from: 0.97, over: 20 },
    ],
  },
  {
    id: 'flapping_route',
    label: 'Flapping route',
    description:
      "Visa's primary route alternates between 50 % and full health every two windows from window 5 to window 24.",
    windows: PRESET_WINDOWS,
    events: [
      {
        at: 5,
        fault: 'routeHealth.visa.primary',
        kind: 'flap',
        values: [0.5, 1],
        every: 2,
        until: 25,
      },
    ],
  },
  {
    id: 'latency_and_declines',
    label: 'Latency spike and a decline surge',
    description:
      'Two faults of different kinds at once: network latency three times normal and American Express declining 15 % more payments, windows 8–21.',
    windows: PRESET_WINDOWS,
    events: [
      { at: 8, fault: 'networkLatencyMultiplier', kind: 'set', value: 3 },
      { at: 8, fault: 'issuerDeclineRates.amex', kind: 'set', value: 0.15 },
      { at: 22, fault: 'networkLatencyMultiplier', kind: 'clear' },
      { at: 22, fault: 'issuerDeclineRates.amex', kind: 'clear' },
    ],
  },
].map((script) => parseContract(IncidentScriptSchema, script, `preset script ${script.id}`));

/** The preset script with this id, if there is one. */
export function presetScript(id: string): IncidentScript | undefined {
  return PRESET_SCRIPTS.find((script) => script.id === id);
}
