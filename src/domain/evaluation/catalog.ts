/**
 * The evaluation's scenario catalog: situations whose cause the lab knows because it injects the
 * fault itself. Each label names the true pattern, the root cause and the family of remedies that
 * counts as right, so the agent can be scored against the truth and not against its own opinion.
 * Fault values are calibrated against the simulator (see the catalog tests): every situation shows
 * its fault clearly on a 6,000-payment window, and the healthy one shows none.
 */
import {
  HEALTHY_SCENARIO,
  type ActionType,
  type IssuerId,
  type Scenario,
  type Situation,
  type SituationFaults,
} from '../../contracts';

// The situation's shape is a contract, so a file of situations parses into the same thing.
export type { RemedyFamily, Situation, SituationFaults, SituationTruth } from '../../contracts';

/** Payments per evaluated window: the lab's default window. */
export const EVALUATION_WINDOW = 6000;

const HEALTHY: SituationFaults = {
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth },
  processorHealth: HEALTHY_SCENARIO.processorHealth,
  issuerDeclineRate: HEALTHY_SCENARIO.issuerDeclineRate,
  networkLatencyMultiplier: HEALTHY_SCENARIO.networkLatencyMultiplier,
  retryAggressiveness: HEALTHY_SCENARIO.retryAggressiveness,
  clientBackoff: HEALTHY_SCENARIO.clientBackoff,
};

/** Health of a mildly degraded primary route: a tenth of its payments stuck. */
export const MILD_HEALTH = 0.9;
/** Health of a severely degraded primary route. */
export const SEVERE_HEALTH = 0.6;

const ISSUERS: readonly { id: IssuerId; name: string }[] = [
  { id: 'visa', name: 'Visa' },
  { id: 'mastercard', name: 'Mastercard' },
  { id: 'amex', name: 'Amex' },
  { id: 'discover', name: 'Discover' },
];

const ROUTING: ActionType[] = ['shift_traffic', 'disable_route'];

function issuerSituation(issuer: { id: IssuerId; name: string }, severe: boolean): Situation {
  const health = severe ? SEVERE_HEALTH : MILD_HEALTH;
  return {
    id: `${issuer.id}-${severe ? 'severe' : 'mild'}`,
    label: `${issuer.name} primary route ${severe ? 'severely' : 'mildly'} degraded`,
    kind: 'fault',
    faults: { ...HEALTHY, issuerHealth: { ...HEALTHY.issuerHealth, [issuer.id]: health } },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'issuer_degradation',
      issuerIds: [issuer.id],
      faultLocation: 'route',
      rootCause: `${issuer.name}'s primary processor route at ${health * 100} % health: stuck payments time out or find the issuer unavailable there`,
    },
    remedy: {
      actionTypes: ROUTING,
      issuerIds: [issuer.id],
      description: `move ${issuer.name} traffic off its primary route`,
    },
  };
}

/** The catalog, healthy first; ids are stable and used in cases, results and links. */
export const CATALOG: readonly Situation[] = [
  {
    id: 'healthy',
    label: 'Healthy',
    kind: 'healthy',
    faults: HEALTHY,
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'noise',
      issuerIds: null,
      faultLocation: null,
      rootCause: 'nothing is wrong: every deviation is sampling noise',
    },
    remedy: { actionTypes: ['do_nothing'], issuerIds: null, description: 'leave it alone' },
  },
  ...ISSUERS.flatMap((issuer) => [issuerSituation(issuer, false), issuerSituation(issuer, true)]),
  {
    id: 'processor-outage',
    label: 'Primary processor outage',
    kind: 'fault',
    faults: { ...HEALTHY, processorHealth: 0.6 },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'processor_outage',
      issuerIds: null,
      faultLocation: 'route',
      rootCause:
        'the primary processor at 60 % health and capacity: every issuer fails on the primary route',
    },
    remedy: {
      // The whole processor is sick: one failover of every issuer is the same remedy as moving
      // them one by one.
      actionTypes: [...ROUTING, 'failover_processor'],
      issuerIds: null,
      description: 'move traffic off the primary route, every issuer at once or biggest first',
    },
  },
  {
    id: 'decline-surge',
    label: 'Issuer-side decline surge',
    kind: 'fault',
    faults: { ...HEALTHY, issuerDeclineRate: 0.12 },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'issuer_degradation',
      issuerIds: ['visa', 'mastercard', 'amex', 'discover'],
      faultLocation: 'issuer',
      rootCause:
        'issuers decline 12 % more payments themselves (INSUFFICIENT_FUNDS, DO_NOT_HONOR): no route is at fault',
    },
    remedy: {
      actionTypes: ['send_notification', 'do_nothing', 'adjust_retry_policy', 'rate_limit'],
      issuerIds: null,
      description:
        'alert the issuer liaison or wait; routing cannot help, fewer retries of declined payments take load off',
    },
  },
  {
    id: 'latency-spike',
    label: 'Network latency spike',
    kind: 'fault',
    faults: { ...HEALTHY, networkLatencyMultiplier: 3 },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'latency_spike',
      issuerIds: null,
      faultLocation: 'network',
      rootCause: 'network latency three times normal on every route: slow payments, some time out',
    },
    remedy: {
      actionTypes: ['adjust_timeout', 'send_notification'],
      issuerIds: null,
      description: 'give slow payments the time they need, or alert',
    },
  },
  {
    id: 'retry-storm',
    label: 'Retry storm',
    kind: 'fault',
    faults: { ...HEALTHY, processorHealth: 0.8, retryAggressiveness: 1, clientBackoff: false },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'retry_storm',
      issuerIds: null,
      faultLocation: 'client',
      rootCause:
        'clients retry every failure of a weakened primary processor (80 % health) hard and without backoff: the retries overload the route and feed on themselves',
    },
    remedy: {
      actionTypes: ['adjust_retry_policy', 'implement_backoff', 'rate_limit', 'failover_processor'],
      issuerIds: null,
      description:
        'damp the retries (cap them, back off, or rate-limit attempts), or fail over off the weakened processor they overload',
    },
  },
  {
    id: 'latency-retry-storm',
    label: 'Latency spike + retry storm',
    kind: 'fault',
    faults: {
      ...HEALTHY,
      processorHealth: 0.85,
      networkLatencyMultiplier: 3,
      retryAggressiveness: 1,
      clientBackoff: false,
    },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'retry_storm',
      issuerIds: null,
      faultLocation: 'client',
      rootCause:
        'network latency 3 times normal on a slightly weak primary processor (85 %) pushes payments past the timeout; aggressive clients retry every failure and the retries overload the route',
    },
    remedy: {
      actionTypes: [
        'adjust_retry_policy',
        'implement_backoff',
        'rate_limit',
        'adjust_timeout',
        'failover_processor',
      ],
      issuerIds: null,
      description:
        'damp the retries, stop the timeouts that trigger them, or fail over off the weak processor',
    },
  },
  {
    id: 'two-issuers',
    label: 'Visa and Mastercard degraded',
    kind: 'fault',
    faults: { ...HEALTHY, issuerHealth: { ...HEALTHY.issuerHealth, visa: 0.7, mastercard: 0.7 } },
    trafficVolume: EVALUATION_WINDOW,
    truth: {
      pattern: 'issuer_degradation',
      issuerIds: ['visa', 'mastercard'],
      faultLocation: 'route',
      rootCause: "Visa's and Mastercard's primary routes at 70 % health, the others healthy",
    },
    remedy: {
      actionTypes: [...ROUTING, 'failover_processor'],
      issuerIds: ['visa', 'mastercard'],
      description:
        'move Visa or Mastercard traffic off the primary route (one failover moves both)',
    },
  },
];

/** The situation with this id; throws a RangeError naming the known ids otherwise. */
export function situationById(id: string): Situation {
  const found = CATALOG.find((s) => s.id === id);
  if (!found)
    throw new RangeError(
      `unknown situation ${JSON.stringify(id).slice(0, 80)}; known: ${CATALOG.map((s) => s.id).join(', ')}`,
    );
  return found;
}

/** The scenario of a situation on one seed. */
export function situationScenario(situation: Situation, seed: number): Scenario {
  return {
    ...situation.faults,
    issuerHealth: { ...situation.faults.issuerHealth },
    id: situation.id,
    trafficVolume: situation.trafficVolume,
    seed,
  };
}
