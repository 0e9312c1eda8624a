/**
 * The held-out set: situations from the fault space the catalog never uses (backup routes and the
 * backup processor, a backup near saturation, two faults of different kinds, 500-payment windows,
 * slow burns, a traffic surge, a metastable storm, a flapping route), each with a no-fault twin.
 * Each truth is written from what the situation injects. Nothing (not the agent, not its
 * configuration, not the oracle) is tuned on this set: it is only ever scored.
 */
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type ControlPlane,
  type IssuerId,
  type RemedyFamily,
  type Situation,
  type SituationFaults,
  type SituationTruth,
} from '../../contracts';

const HEALTHY: SituationFaults = {
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth },
  processorHealth: HEALTHY_SCENARIO.processorHealth,
  issuerDeclineRate: HEALTHY_SCENARIO.issuerDeclineRate,
  networkLatencyMultiplier: HEALTHY_SCENARIO.networkLatencyMultiplier,
  retryAggressiveness: HEALTHY_SCENARIO.retryAggressiveness,
  clientBackoff: HEALTHY_SCENARIO.clientBackoff,
};

/** The default plane with some issuers already half on their backup route (an earlier shift). */
export function halfOnBackup(issuers: readonly IssuerId[]): ControlPlane {
  const routing = { ...DEFAULT_CONTROL_PLANE.routing };
  for (const id of issuers) routing[id] = { primary: 0.5, backup: 0.5 };
  return { ...DEFAULT_CONTROL_PLANE, routing, disabledRoutes: [] };
}

type ActionTypes = RemedyFamily['actionTypes'];
const ROUTING: ActionTypes = ['shift_traffic', 'disable_route', 'failover_processor'];
const HOLD: ActionTypes = ['do_nothing', 'send_notification'];
const DAMP: ActionTypes = ['adjust_retry_policy', 'implement_backoff', 'rate_limit'];

/** Payments per window unless a situation says otherwise. */
const VOLUME = 6000;

/** A truth: the pattern, the issuers and the place a right diagnosis names, and the cause. */
function truth(
  pattern: SituationTruth['pattern'],
  issuerIds: IssuerId[] | null,
  faultLocation: SituationTruth['faultLocation'],
  rootCause: string,
): SituationTruth {
  return { pattern, issuerIds, faultLocation, rootCause };
}

/** A remedy family: the action types that count, the issuers a routing remedy must target. */
function remedy(
  actionTypes: ActionTypes,
  issuerIds: IssuerId[] | null,
  description: string,
): RemedyFamily {
  return { actionTypes, issuerIds, description };
}

/** What a fault situation injects and what is true of it; unset fields are healthy or default. */
interface FaultSpec {
  id: string;
  label: string;
  /** Issuer health (each issuer's primary route); the others stay healthy. */
  issuerHealth?: Partial<Record<IssuerId, number>>;
  /** Other faults, over the healthy ones. */
  faults?: Omit<Partial<SituationFaults>, 'issuerHealth'>;
  trafficVolume?: number;
  startPlane?: ControlPlane;
  warmupWindows?: number;
  events?: Situation['events'];
  /** The pattern, the issuers and the place a right diagnosis names. */
  diagnosis: [SituationTruth['pattern'], IssuerId[] | null, SituationTruth['faultLocation']];
  /** The root cause, in words. */
  cause: string;
  /** The action types that count as the right answer, and the issuers a routing one must target. */
  remedy: [ActionTypes, IssuerId[] | null];
  /** The right answer, in words. */
  fix: string;
  /** Whether it has a no-fault twin, and which client settings the twin keeps. */
  twin?: true | Partial<SituationFaults>;
}

/** A held-out fault situation from its spec. */
function fault(spec: FaultSpec): Situation {
  const issuerHealth = spec.issuerHealth && { ...HEALTHY.issuerHealth, ...spec.issuerHealth };
  return {
    id: spec.id,
    label: spec.label,
    kind: 'fault',
    set: 'held_out',
    faults: { ...HEALTHY, ...(issuerHealth ? { issuerHealth } : {}), ...spec.faults },
    trafficVolume: spec.trafficVolume ?? VOLUME,
    ...(spec.startPlane ? { startPlane: spec.startPlane } : {}),
    ...(spec.warmupWindows ? { warmupWindows: spec.warmupWindows } : {}),
    ...(spec.events ? { events: spec.events } : {}),
    truth: truth(...spec.diagnosis, spec.cause),
    remedy: remedy(...spec.remedy, spec.fix),
  };
}

/** A no-fault twin: the same volume, start plane, warm-up and clients, with no fault injected. */
function twin(of: Situation, extra: Partial<SituationFaults> = {}): Situation {
  const shifted = of.startPlane !== undefined;
  return {
    id: `${of.id}-twin`,
    label: `No-fault twin of: ${of.label}`,
    kind: 'healthy',
    set: 'held_out',
    faults: { ...HEALTHY, ...extra },
    trafficVolume: of.trafficVolume,
    ...(of.startPlane ? { startPlane: of.startPlane } : {}),
    ...(of.warmupWindows ? { warmupWindows: of.warmupWindows } : {}),
    truth: truth('noise', null, null, 'nothing is injected: every deviation is sampling noise'),
    remedy: shifted
      ? remedy(
          ['do_nothing', 'send_notification', 'shift_traffic'],
          null,
          'leave it alone, or move the earlier shift back to the cheaper primary',
        )
      : remedy(HOLD, null, 'leave it alone'),
  };
}

const SPECS: readonly FaultSpec[] = [
  {
    id: 'ho-visa-backup-route',
    label: 'Visa half on backup, its backup route degraded',
    faults: { routeHealth: { visa: { backup: 0.6 } } },
    startPlane: halfOnBackup(['visa']),
    diagnosis: ['issuer_degradation', ['visa'], 'route'],
    cause: "Visa's backup route at 60 % health while half of Visa's traffic is on it",
    remedy: [ROUTING, ['visa']],
    fix: 'move Visa back to primary',
    twin: true,
  },
  {
    id: 'ho-backup-processor',
    label: 'Backup processor degraded with Visa and Mastercard half on it',
    faults: { backupProcessorHealth: 0.6 },
    startPlane: halfOnBackup(['visa', 'mastercard']),
    diagnosis: ['processor_outage', null, 'route'],
    cause: 'the backup processor at 60 % health: every backup route fails more',
    remedy: [ROUTING, ['visa', 'mastercard']],
    fix: 'fail back to the primary processor',
    twin: true,
  },
  {
    id: 'ho-backup-saturation',
    label: 'Primary processor weak at 9,000 payments, backup already busy',
    faults: { processorHealth: 0.75 },
    trafficVolume: 9000,
    startPlane: halfOnBackup(['amex', 'discover', 'mastercard']),
    diagnosis: ['processor_outage', null, 'route'],
    cause:
      'the primary processor at 75 % health under 9,000 payments while the backup already carries half of three issuers: more on the backup saturates it',
    remedy: [ROUTING, null],
    fix: 'move a little, not a lot',
    twin: true,
  },
  {
    id: 'ho-route-and-latency',
    label: 'Visa primary degraded and network latency doubled',
    issuerHealth: { visa: 0.7 },
    faults: { networkLatencyMultiplier: 2 },
    diagnosis: ['issuer_degradation', ['visa'], 'route'],
    cause: "Visa's primary route at 70 % health, and every route's network latency doubled",
    remedy: [[...ROUTING, 'adjust_timeout'], ['visa']],
    fix: 'move Visa off its primary; a longer timeout helps the slow rest',
    twin: true,
  },
  {
    id: 'ho-route-and-declines',
    label: 'Amex primary degraded and a Discover decline surge',
    issuerHealth: { amex: 0.6 },
    faults: { issuerDeclineRates: { discover: 0.2 } },
    diagnosis: ['issuer_degradation', ['amex', 'discover'], null],
    cause: "Amex's primary route at 60 % health, and Discover declining 20 % more payments itself",
    remedy: [ROUTING, ['amex']],
    fix: 'move Amex off its primary; routing cannot help Discover',
  },
  {
    id: 'ho-low-volume-visa',
    label: 'Visa primary severely degraded, 500 payments a window',
    issuerHealth: { visa: 0.6 },
    trafficVolume: 500,
    diagnosis: ['issuer_degradation', ['visa'], 'route'],
    cause: "Visa's primary route at 60 % health on a 500-payment window",
    remedy: [ROUTING, ['visa']],
    fix: 'move Visa off its primary',
    twin: true,
  },
  {
    id: 'ho-slow-burn-visa',
    label: 'Visa primary slowly burning (96 %)',
    issuerHealth: { visa: 0.96 },
    diagnosis: ['issuer_degradation', ['visa'], 'route'],
    cause: "Visa's primary route at 96 % health: a slow burn",
    remedy: [ROUTING, ['visa']],
    fix: 'move some Visa traffic',
  },
  {
    id: 'ho-slow-burn-processor',
    label: 'Primary processor sliding to 95 % over five windows',
    warmupWindows: 5,
    events: [{ at: 0, fault: 'processorHealth', kind: 'ramp', from: 1, value: 0.95, over: 4 }],
    diagnosis: ['processor_outage', null, 'route'],
    cause: 'the primary processor ramps from 100 % to 95 % health over the warm-up',
    remedy: [ROUTING, null],
    fix: 'move some traffic to backup',
    twin: true,
  },
  {
    id: 'ho-traffic-surge',
    label: 'Traffic surge: 6,000 to 14,000 payments a window',
    events: [{ at: 1, fault: 'trafficVolume', kind: 'set', value: 14000 }],
    diagnosis: ['processor_outage', null, 'route'],
    cause: 'volume jumps to 14,000 payments a window: the primary processor runs past its knee',
    remedy: [[...ROUTING, ...DAMP], null],
    fix: 'spread load to the backup or cut retry load',
  },
  {
    id: 'ho-metastable-storm',
    label: 'Metastable retry storm: the trigger clears, the storm goes on',
    faults: { retryAggressiveness: 1, clientBackoff: false },
    trafficVolume: 8000,
    warmupWindows: 5,
    events: [{ at: 0, fault: 'processorHealth', kind: 'hold', value: 0.6, until: 3 }],
    diagnosis: ['retry_storm', null, 'client'],
    cause:
      'a primary processor dip (60 % for three windows) set off aggressive clients without backoff; the dip is over, their retries keep the route overloaded',
    remedy: [DAMP, null],
    fix: 'damp the retries',
    // The twin keeps the aggressive clients: only the dip that set them off is missing.
    twin: { retryAggressiveness: 1, clientBackoff: false },
  },
  {
    id: 'ho-flapping-route',
    label: 'Mastercard primary route flapping',
    warmupWindows: 4,
    events: [
      {
        at: 0,
        fault: 'issuerHealth.mastercard',
        kind: 'flap',
        values: [0.6, 1],
        every: 1,
        until: 5,
      },
    ],
    diagnosis: ['issuer_degradation', ['mastercard'], 'route'],
    cause: "Mastercard's primary route flaps between 60 % and 100 % health every window",
    remedy: [ROUTING, ['mastercard']],
    fix: 'move Mastercard off the flapping route',
    twin: true,
  },
  {
    id: 'ho-visa-decline-surge',
    label: 'Visa declines 15 % more payments itself',
    faults: { issuerDeclineRates: { visa: 0.15 } },
    diagnosis: ['issuer_degradation', ['visa'], 'issuer'],
    cause: 'Visa itself declines 15 % more payments: no route is at fault',
    remedy: [[...HOLD, 'adjust_retry_policy'], null],
    fix: 'alert, wait, or stop retrying hard declines; routing cannot help',
    twin: true,
  },
];

const FAULTS: readonly Situation[] = SPECS.map(fault);

/** The twins: one per fault family, same volume, plane, warm-up and (for the storm) clients. */
const TWINS: readonly Situation[] = SPECS.flatMap((spec, k) =>
  spec.twin ? [twin(FAULTS[k]!, spec.twin === true ? {} : spec.twin)] : [],
);

/** The held-out set, faults first then their twins; ids are stable. */
export const HELD_OUT: readonly Situation[] = [...FAULTS, ...TWINS];
