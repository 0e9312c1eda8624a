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
  type Situation,
  type SituationFaults,
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

const ROUTING: Situation['remedy']['actionTypes'] = [
  'shift_traffic',
  'disable_route',
  'failover_processor',
];
const HOLD: Situation['remedy']['actionTypes'] = ['do_nothing', 'send_notification'];
const DAMP: Situation['remedy']['actionTypes'] = [
  'adjust_retry_policy',
  'implement_backoff',
  'rate_limit',
];

const NO_FAULT = {
  pattern: 'noise',
  issuerIds: null,
  faultLocation: null,
} as const;

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
    truth: {
      ...NO_FAULT,
      rootCause: 'nothing is injected: every deviation is sampling noise',
    },
    remedy: {
      actionTypes: shifted ? ['do_nothing', 'send_notification', 'shift_traffic'] : HOLD,
      issuerIds: null,
      description: shifted
        ? 'leave it alone, or move the earlier shift back to the cheaper primary'
        : 'leave it alone',
    },
  };
}

const VISA_BACKUP_ROUTE: Situation = {
  id: 'ho-visa-backup-route',
  label: 'Visa half on backup, its backup route degraded',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, routeHealth: { visa: { backup: 0.6 } } },
  trafficVolume: 6000,
  startPlane: halfOnBackup(['visa']),
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['visa'],
    faultLocation: 'route',
    rootCause: "Visa's backup route at 60 % health while half of Visa's traffic is on it",
  },
  remedy: { actionTypes: ROUTING, issuerIds: ['visa'], description: 'move Visa back to primary' },
};

const BACKUP_PROCESSOR: Situation = {
  id: 'ho-backup-processor',
  label: 'Backup processor degraded with Visa and Mastercard half on it',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, backupProcessorHealth: 0.6 },
  trafficVolume: 6000,
  startPlane: halfOnBackup(['visa', 'mastercard']),
  truth: {
    pattern: 'processor_outage',
    issuerIds: null,
    faultLocation: 'route',
    rootCause: 'the backup processor at 60 % health: every backup route fails more',
  },
  remedy: {
    actionTypes: ROUTING,
    issuerIds: ['visa', 'mastercard'],
    description: 'fail back to the primary processor',
  },
};

const BACKUP_SATURATION: Situation = {
  id: 'ho-backup-saturation',
  label: 'Primary processor weak at 9,000 payments, backup already busy',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, processorHealth: 0.75 },
  trafficVolume: 9000,
  startPlane: halfOnBackup(['amex', 'discover', 'mastercard']),
  truth: {
    pattern: 'processor_outage',
    issuerIds: null,
    faultLocation: 'route',
    rootCause:
      'the primary processor at 75 % health under 9,000 payments while the backup already carries half of three issuers: more on the backup saturates it',
  },
  remedy: { actionTypes: ROUTING, issuerIds: null, description: 'move a little, not a lot' },
};

const ROUTE_AND_LATENCY: Situation = {
  id: 'ho-route-and-latency',
  label: 'Visa primary degraded and network latency doubled',
  kind: 'fault',
  set: 'held_out',
  faults: {
    ...HEALTHY,
    issuerHealth: { ...HEALTHY.issuerHealth, visa: 0.7 },
    networkLatencyMultiplier: 2,
  },
  trafficVolume: 6000,
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['visa'],
    faultLocation: 'route',
    rootCause: "Visa's primary route at 70 % health, and every route's network latency doubled",
  },
  remedy: {
    actionTypes: [...ROUTING, 'adjust_timeout'],
    issuerIds: ['visa'],
    description: 'move Visa off its primary; a longer timeout helps the slow rest',
  },
};

const ROUTE_AND_DECLINES: Situation = {
  id: 'ho-route-and-declines',
  label: 'Amex primary degraded and a Discover decline surge',
  kind: 'fault',
  set: 'held_out',
  faults: {
    ...HEALTHY,
    issuerHealth: { ...HEALTHY.issuerHealth, amex: 0.6 },
    issuerDeclineRates: { discover: 0.2 },
  },
  trafficVolume: 6000,
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['amex', 'discover'],
    faultLocation: null,
    rootCause:
      "Amex's primary route at 60 % health, and Discover declining 20 % more payments itself",
  },
  remedy: {
    actionTypes: ROUTING,
    issuerIds: ['amex'],
    description: 'move Amex off its primary; routing cannot help Discover',
  },
};

const LOW_VOLUME: Situation = {
  id: 'ho-low-volume-visa',
  label: 'Visa primary severely degraded, 500 payments a window',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, issuerHealth: { ...HEALTHY.issuerHealth, visa: 0.6 } },
  trafficVolume: 500,
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['visa'],
    faultLocation: 'route',
    rootCause: "Visa's primary route at 60 % health on a 500-payment window",
  },
  remedy: { actionTypes: ROUTING, issuerIds: ['visa'], description: 'move Visa off its primary' },
};

const SLOW_BURN_VISA: Situation = {
  id: 'ho-slow-burn-visa',
  label: 'Visa primary slowly burning (96 %)',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, issuerHealth: { ...HEALTHY.issuerHealth, visa: 0.96 } },
  trafficVolume: 6000,
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['visa'],
    faultLocation: 'route',
    rootCause: "Visa's primary route at 96 % health: a slow burn",
  },
  remedy: { actionTypes: ROUTING, issuerIds: ['visa'], description: 'move some Visa traffic' },
};

const SLOW_BURN_PROCESSOR: Situation = {
  id: 'ho-slow-burn-processor',
  label: 'Primary processor sliding to 95 % over five windows',
  kind: 'fault',
  set: 'held_out',
  faults: HEALTHY,
  trafficVolume: 6000,
  warmupWindows: 5,
  events: [{ at: 0, fault: 'processorHealth', kind: 'ramp', from: 1, value: 0.95, over: 4 }],
  truth: {
    pattern: 'processor_outage',
    issuerIds: null,
    faultLocation: 'route',
    rootCause: 'the primary processor ramps from 100 % to 95 % health over the warm-up',
  },
  remedy: { actionTypes: ROUTING, issuerIds: null, description: 'move some traffic to backup' },
};

const SURGE: Situation = {
  id: 'ho-traffic-surge',
  label: 'Traffic surge: 6,000 to 14,000 payments a window',
  kind: 'fault',
  set: 'held_out',
  faults: HEALTHY,
  trafficVolume: 6000,
  events: [{ at: 1, fault: 'trafficVolume', kind: 'set', value: 14000 }],
  truth: {
    pattern: 'processor_outage',
    issuerIds: null,
    faultLocation: 'route',
    rootCause: 'volume jumps to 14,000 payments a window: the primary processor runs past its knee',
  },
  remedy: {
    actionTypes: [...ROUTING, ...DAMP],
    issuerIds: null,
    description: 'spread load to the backup or cut retry load',
  },
};

const METASTABLE: Situation = {
  id: 'ho-metastable-storm',
  label: 'Metastable retry storm: the trigger clears, the storm goes on',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, retryAggressiveness: 1, clientBackoff: false },
  trafficVolume: 8000,
  warmupWindows: 5,
  events: [{ at: 0, fault: 'processorHealth', kind: 'hold', value: 0.6, until: 3 }],
  truth: {
    pattern: 'retry_storm',
    issuerIds: null,
    faultLocation: 'client',
    rootCause:
      'a primary processor dip (60 % for three windows) set off aggressive clients without backoff; the dip is over, their retries keep the route overloaded',
  },
  remedy: { actionTypes: DAMP, issuerIds: null, description: 'damp the retries' },
};

const FLAPPING: Situation = {
  id: 'ho-flapping-route',
  label: 'Mastercard primary route flapping',
  kind: 'fault',
  set: 'held_out',
  faults: HEALTHY,
  trafficVolume: 6000,
  warmupWindows: 4,
  events: [
    { at: 0, fault: 'issuerHealth.mastercard', kind: 'flap', values: [0.6, 1], every: 1, until: 5 },
  ],
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['mastercard'],
    faultLocation: 'route',
    rootCause: "Mastercard's primary route flaps between 60 % and 100 % health every window",
  },
  remedy: {
    actionTypes: ROUTING,
    issuerIds: ['mastercard'],
    description: 'move Mastercard off the flapping route',
  },
};

const VISA_DECLINES: Situation = {
  id: 'ho-visa-decline-surge',
  label: 'Visa declines 15 % more payments itself',
  kind: 'fault',
  set: 'held_out',
  faults: { ...HEALTHY, issuerDeclineRates: { visa: 0.15 } },
  trafficVolume: 6000,
  truth: {
    pattern: 'issuer_degradation',
    issuerIds: ['visa'],
    faultLocation: 'issuer',
    rootCause: 'Visa itself declines 15 % more payments: no route is at fault',
  },
  remedy: {
    actionTypes: [...HOLD, 'adjust_retry_policy'],
    issuerIds: null,
    description: 'alert, wait, or stop retrying hard declines; routing cannot help',
  },
};

const FAULTS: readonly Situation[] = [
  VISA_BACKUP_ROUTE,
  BACKUP_PROCESSOR,
  BACKUP_SATURATION,
  ROUTE_AND_LATENCY,
  ROUTE_AND_DECLINES,
  LOW_VOLUME,
  SLOW_BURN_VISA,
  SLOW_BURN_PROCESSOR,
  SURGE,
  METASTABLE,
  FLAPPING,
  VISA_DECLINES,
];

/** The twins: one per fault family, same volume, plane, warm-up and (for the storm) clients. */
const TWINS: readonly Situation[] = [
  twin(VISA_BACKUP_ROUTE),
  twin(BACKUP_PROCESSOR),
  twin(BACKUP_SATURATION),
  twin(ROUTE_AND_LATENCY),
  twin(LOW_VOLUME),
  twin(SLOW_BURN_PROCESSOR),
  twin(METASTABLE, { retryAggressiveness: 1, clientBackoff: false }),
  twin(FLAPPING),
  twin(VISA_DECLINES),
];

/** The held-out set, faults first then their twins; ids are stable. */
export const HELD_OUT: readonly Situation[] = [...FAULTS, ...TWINS];
