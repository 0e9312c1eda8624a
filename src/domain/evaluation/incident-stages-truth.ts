/**
 * The truth of an incident script, read from the script itself: which faults move, where they
 * sit, the window the damage starts and the window it clears, and which patterns explain it. A
 * policy never sees any of this; the staged scores compare its decisions with it.
 */
import type {
  ActionProposal,
  IncidentScript,
  IssuerId,
  PatternType,
  RouteId,
} from '../../contracts';
import { ISSUER_IDS, ROUTE_IDS } from '../../contracts';
import { faultValueAt, healthyValue, scriptBase } from '../simulation/script';

/** A place an action can name: an issuer's route, a whole processor, or an issuer itself. */
export type FaultPlace =
  | { kind: 'route'; issuerId: IssuerId; routeId: RouteId }
  | { kind: 'processor'; routeId: RouteId }
  | { kind: 'issuer'; issuerId: IssuerId | null };

/** What is wrong in a script, window by window. */
export interface IncidentTruth {
  /** First window a damaging fault is off its healthy value. */
  start: number;
  /** First window after the last damaged one; null when the damage lasts to the end. */
  clear: number | null;
  /** Per window: whether a damaging fault is off its healthy value. */
  active: boolean[];
  /** Per window: the patterns the faults in force explain. */
  patterns: Set<PatternType>[];
  /** Where the damaging faults sit; empty when no action could name the place. */
  places: FaultPlace[];
  /** The faults in words. */
  description: string;
}

/**
 * Client retry settings amplify a fault but do no damage on a healthy route, so they decide no
 * window of the span; while another fault is in force they make a retry storm a right diagnosis.
 */
const AMPLIFIERS = new Set(['retryAggressiveness', 'clientBackoff']);

/** The patterns a damaging fault explains; a load surge saturates the primary like an outage. */
function patternsOf(fault: string): PatternType[] {
  if (fault.startsWith('issuerHealth.') || fault.startsWith('routeHealth.'))
    return ['issuer_degradation'];
  if (fault === 'processorHealth' || fault === 'backupProcessorHealth') return ['processor_outage'];
  if (fault.startsWith('issuerDeclineRate')) return ['issuer_degradation'];
  if (fault === 'networkLatencyMultiplier') return ['latency_spike'];
  if (fault === 'trafficVolume') return ['processor_outage', 'latency_spike'];
  return ['retry_storm'];
}

function isIssuer(id: string | undefined): id is IssuerId {
  return (ISSUER_IDS as readonly string[]).includes(id ?? '');
}

function isRoute(id: string | undefined): id is RouteId {
  return (ROUTE_IDS as readonly string[]).includes(id ?? '');
}

/** The place a damaging fault sits, when an action could name it. */
function placeOf(fault: string): FaultPlace | null {
  const [head, issuer, route] = fault.split('.');
  if (head === 'issuerHealth' && isIssuer(issuer))
    return { kind: 'route', issuerId: issuer, routeId: 'primary' };
  if (head === 'routeHealth' && isIssuer(issuer) && isRoute(route))
    return { kind: 'route', issuerId: issuer, routeId: route };
  if (head === 'processorHealth') return { kind: 'processor', routeId: 'primary' };
  if (head === 'backupProcessorHealth') return { kind: 'processor', routeId: 'backup' };
  if (head === 'issuerDeclineRates' && isIssuer(issuer))
    return { kind: 'issuer', issuerId: issuer };
  if (head === 'issuerDeclineRate') return { kind: 'issuer', issuerId: null };
  return null;
}

function samePlace(a: FaultPlace, b: FaultPlace): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reads the truth of a script: a fault is in force at a window when its value there differs
 * from its healthy value (the base scenario's volume for traffic), so a ramp that starts at full
 * health starts one window later, and a flapping route clears after its last bad window.
 */
export function incidentTruth(script: IncidentScript): IncidentTruth {
  const base = scriptBase(script);
  const faults = [...new Set(script.events.map((e) => e.fault))];
  const damaging = faults.filter((f) => !AMPLIFIERS.has(f));
  const offHealthy = (fault: string, w: number) =>
    Math.abs(faultValueAt(base, script.events, fault, w) - healthyValue(base, fault)) > 1e-9;
  const active: boolean[] = [];
  const patterns: Set<PatternType>[] = [];
  for (let w = 0; w < script.windows; w++) {
    const inForce = damaging.filter((f) => offHealthy(f, w));
    active.push(inForce.length > 0);
    const explained = new Set(inForce.flatMap(patternsOf));
    if (inForce.length > 0 && faults.some((f) => AMPLIFIERS.has(f) && offHealthy(f, w)))
      explained.add('retry_storm');
    patterns.push(explained);
  }
  const first = active.indexOf(true);
  const last = active.lastIndexOf(true);
  const places: FaultPlace[] = [];
  for (const fault of damaging) {
    const place = placeOf(fault);
    if (place && !places.some((p) => samePlace(p, place))) places.push(place);
  }
  return {
    start: first === -1 ? script.windows : first,
    clear: last === -1 || last + 1 >= script.windows ? null : last + 1,
    active,
    patterns,
    places,
    description: damaging.length > 0 ? damaging.join(', ') : 'no damaging fault',
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether an action names one of the faulty places: a shift or a disabled route on the faulty
 * issuer route, a failover (or any shift) off the faulty processor's route, or an alert to the
 * issuer liaison for a fault at the issuers themselves.
 */
export function actionNamesPlace(
  action: Pick<ActionProposal, 'type' | 'parameters'>,
  places: readonly FaultPlace[],
): boolean {
  const p = action.parameters;
  const issuer = text(p.issuerId);
  const route = action.type === 'disable_route' ? text(p.routeId) : text(p.fromRoute);
  return places.some((place) => {
    switch (place.kind) {
      case 'route':
        return (
          (action.type === 'shift_traffic' || action.type === 'disable_route') &&
          issuer === place.issuerId &&
          route === place.routeId
        );
      case 'processor':
        return (
          (action.type === 'failover_processor' || action.type === 'shift_traffic') &&
          route === place.routeId
        );
      case 'issuer':
        return action.type === 'send_notification' && p.channel === 'issuer_liaison';
    }
  });
}
