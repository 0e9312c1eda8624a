import { FAULT_RANGES, type IncidentScript } from '../../contracts';
import { faultValueAt, healthyValue, readFault, scriptBase } from '../simulation/script';

/** A stretch of windows in which one fault differs from its healthy value. */
export interface FaultBand {
  fault: string;
  /** First window of the band. */
  from: number;
  /** Last window of the band (inclusive). */
  to: number;
  /** What changed, for the band's label, e.g. "Visa health 60–97 %". */
  label: string;
}

const ISSUER_NAMES: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'Amex',
  discover: 'Discover',
};

/** A fault's name as a person reads it. */
export function faultName(fault: string): string {
  const [head, issuer, route] = fault.split('.');
  const who = issuer ? (ISSUER_NAMES[issuer] ?? issuer) : '';
  switch (head) {
    case 'issuerHealth':
      return `${who} health`;
    case 'issuerDeclineRates':
      return `${who} declines`;
    case 'routeHealth':
      return `${who} ${route} route`;
    case 'processorHealth':
      return 'Processor health';
    case 'backupProcessorHealth':
      return 'Backup processor health';
    case 'issuerDeclineRate':
      return 'Declines';
    case 'networkLatencyMultiplier':
      return 'Network latency';
    case 'retryAggressiveness':
      return 'Retry aggressiveness';
    case 'clientBackoff':
      return 'Client backoff';
    case 'trafficVolume':
      return 'Traffic';
    default:
      return fault;
  }
}

/** One value of a fault in its own unit. */
function formatValue(fault: string, value: number): string {
  if (fault === 'networkLatencyMultiplier') return `${Number(value.toFixed(2))}×`;
  if (fault === 'clientBackoff') return value >= 1 ? 'on' : 'off';
  if (fault === 'trafficVolume') return `${Math.round(value).toLocaleString('en')} payments`;
  return `${Math.round(value * 100)} %`;
}

/** The label of a band whose fault ranged from `low` to `high`. */
function bandLabel(fault: string, low: number, high: number): string {
  if (low === high || fault === 'clientBackoff')
    return `${faultName(fault)} ${formatValue(fault, low)}`;
  const range = formatValue(fault, low).replace(/ %$/, '');
  return `${faultName(fault)} ${range}–${formatValue(fault, high)}`;
}

/** The faults a band can come from: those an event moves and those the base already has off. */
function candidateFaults(script: IncidentScript): string[] {
  const base = scriptBase(script);
  const faults = new Set(script.events.map((event) => event.fault));
  for (const fault of Object.keys(FAULT_RANGES)) {
    if (readFault(base, fault) !== healthyValue(base, fault)) faults.add(fault);
  }
  return [...faults];
}

/**
 * The fault bands of the first `windows` windows of a script: for every fault, each run of
 * windows in which its value differs from the healthy one, labelled with the values it took.
 * Traffic changes count as a band too (a surge is part of the story), measured against the base.
 */
export function faultBands(script: IncidentScript, windows = script.windows): FaultBand[] {
  const base = scriptBase(script);
  const bands: FaultBand[] = [];
  const end = Math.min(windows, script.windows);
  for (const fault of candidateFaults(script)) {
    const healthy = healthyValue(base, fault);
    let open: { from: number; low: number; high: number } | null = null;
    const close = (to: number) => {
      if (open)
        bands.push({ fault, from: open.from, to, label: bandLabel(fault, open.low, open.high) });
      open = null;
    };
    for (let w = 0; w < end; w++) {
      const value = faultValueAt(base, script.events, fault, w);
      if (value === healthy) {
        close(w - 1);
        continue;
      }
      if (open) {
        open.low = Math.min(open.low, value);
        open.high = Math.max(open.high, value);
      } else open = { from: w, low: value, high: value };
    }
    close(end - 1);
  }
  return bands.sort((a, b) => a.from - b.from || a.fault.localeCompare(b.fault));
}

/** The first window any fault band starts at, or null when the script never leaves health. */
export function firstFaultWindow(bands: readonly FaultBand[]): number | null {
  return bands.length === 0 ? null : Math.min(...bands.map((band) => band.from));
}
