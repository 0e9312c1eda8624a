/**
 * Routing remedies: shifting an issuer's traffic to its other route, or disabling a route, with
 * the success and p99 the move is expected to bring from what the routes were observed to do.
 */
import {
  DEFAULT_CONTROL_PLANE,
  type IssuerId,
  type IssuerMetrics,
  type MetricsSnapshot,
  type RouteId,
  type RouteMetrics,
} from '../../contracts';
import { effectiveLimits } from '../safety/limits';
import { contextKey, shareBand } from './experience-context';
import {
  attemptsPerPaymentOn,
  headroomBand,
  largestFittingShare,
  routeHeadroom,
  type RouteHeadroom,
} from './headroom';
import type { DegradedIssuer } from './patterns';
import {
  distinctStep,
  latencyExcess,
  movesOff,
  restAfterProbe,
  type Draft,
  type PlanInput,
} from './planner-types';
import { clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';
import { normalCdf } from '../statistics';

/** The agent's price list: the backup route costs this much more per payment than the primary. */
export const BACKUP_COST_PREMIUM = 0.3;
/** The agent's prior for an unobserved backup route: this much slower than the issuer's healthy p99. */
export const BACKUP_LATENCY_FACTOR = 1.1;
/** Fewest attempts on a route before its observed health is trusted over the prior. */
export const MIN_ROUTE_SAMPLE = 30;
/** Smallest move worth proposing: below it the destination's room is too short to matter. */
export const MIN_MOVE = 0.05;
/** A destination must succeed at least this much more than the route left to be worth a move. */
export const MIN_ROUTE_ADVANTAGE = 0.005;

/** Observed health of one route, for one issuer if it has enough traffic there, else system-wide. */
interface RouteHealth {
  successRate: number;
  p99: number;
  observed: 'issuer' | 'system' | 'prior';
  load?: number;
}

function routeOf(routes: readonly RouteMetrics[] | undefined, id: RouteId) {
  return routes?.find((r) => r.routeId === id);
}

/** The issuer's other route. */
export function otherRoute(id: RouteId): RouteId {
  return id === 'primary' ? 'backup' : 'primary';
}

/**
 * Route success rates count attempts, issuer success rates count payments (retries rescue some
 * failed attempts). Converts a route's attempt success to payment success with the ratio of
 * payment failures to attempt failures seen in the same scope.
 */
export function paymentRatio(
  routes: readonly RouteMetrics[] | undefined,
  paymentSuccess: number,
): number {
  let attempts = 0;
  let failed = 0;
  for (const r of routes ?? []) {
    attempts += r.attemptCount;
    failed += (1 - r.successRate) * r.attemptCount;
  }
  const attemptFail = attempts > 0 ? failed / attempts : 0;
  return attemptFail > 0 ? clampUnit((1 - paymentSuccess) / attemptFail) : 1;
}

/** A route's attempt success as payment success, by the scope's payment/attempt failure ratio. */
export function toPayment(routeSuccess: number, ratio: number): number {
  return clampUnit(1 - (1 - routeSuccess) * ratio);
}

function targetHealth(
  d: { current: IssuerMetrics; baseline: IssuerMetrics },
  to: RouteId,
  snapshot: MetricsSnapshot,
  issuerSide: boolean,
  from: RouteHealth,
): RouteHealth {
  const own = routeOf(d.current.routes, to);
  if (own && own.attemptCount >= MIN_ROUTE_SAMPLE)
    return {
      successRate: toPayment(
        own.successRate,
        paymentRatio(d.current.routes, d.current.successRate),
      ),
      p99: own.latency.p99,
      observed: 'issuer',
      ...(own.load !== undefined ? { load: own.load } : {}),
    };
  const sys = routeOf(snapshot.routeMetrics, to);
  if (sys && sys.attemptCount >= MIN_ROUTE_SAMPLE && !issuerSide)
    return {
      successRate: toPayment(
        sys.successRate,
        paymentRatio(snapshot.routeMetrics, snapshot.successRate),
      ),
      p99: sys.latency.p99,
      observed: 'system',
      ...(sys.load !== undefined ? { load: sys.load } : {}),
    };
  // Unobserved: an issuer-side fault follows the payment to any route; a route fault does not.
  if (issuerSide) return { successRate: from.successRate, p99: from.p99, observed: 'prior' };
  return {
    successRate: d.baseline.successRate,
    p99: d.baseline.latency.p99 * BACKUP_LATENCY_FACTOR,
    observed: 'prior',
  };
}

function sourceHealth(d: { current: IssuerMetrics }, from: RouteId): RouteHealth {
  const r = routeOf(d.current.routes, from);
  const active = (d.current.routes ?? []).filter((x) => x.attemptCount > 0);
  if (r && r.attemptCount > 0 && active.length > 1)
    return {
      successRate: toPayment(r.successRate, paymentRatio(d.current.routes, d.current.successRate)),
      p99: r.latency.p99,
      observed: 'issuer',
    };
  return { successRate: d.current.successRate, p99: d.current.latency.p99, observed: 'issuer' };
}

const Z_99 = 2.3263478740408408;

/** Share of an issuer's payments slower than `threshold`, from a log-normal fitted to its p50 and p99. */
function slowFraction(latency: { p50: number; p99: number }, threshold: number): number {
  if (!(latency.p50 > 0 && latency.p99 > 0 && threshold > 0)) return 0;
  const sigma = Math.max(0.05, Math.log(latency.p99 / latency.p50) / Z_99);
  return normalCdf(-(Math.log(threshold) - Math.log(latency.p50)) / sigma);
}

/**
 * Expected p99 change when `moved` of one issuer's payments leave its slow route. The p99 is a
 * tail quantile: it returns to baseline only when the payments slower than the baseline p99 fall
 * back to about 1 % of all; until then it barely moves.
 */
function p99Relief(issuerId: string, moved: number, input: PlanInput): number {
  const excess = latencyExcess(input);
  const total = input.current.totalTransactions;
  const baseTotal = input.baseline.totalTransactions;
  if (excess <= 0 || total <= 0 || baseTotal <= 0) return 0;
  const threshold = input.baseline.latency.p99;
  // The same fit on the baseline says how much slow mass a healthy window has by this model.
  let healthy = 0;
  for (const m of input.baseline.issuerMetrics)
    healthy += (m.transactionCount / baseTotal) * slowFraction(m.latency, threshold);
  let before = 0;
  let mine = 0;
  for (const m of input.current.issuerMetrics) {
    const mass = (m.transactionCount / total) * slowFraction(m.latency, threshold);
    before += mass;
    if (m.issuerId === issuerId) mine = mass;
  }
  const after = before - mine * clampUnit(moved);
  if (before <= healthy) return 0;
  if (after <= healthy * 1.25) return -excess;
  return -excess * 0.25 * clampUnit((before - after) / (before - healthy));
}

/**
 * Attempts one unit of an issuer's traffic share adds to route `to` once moved there: its
 * payments, each making the attempts a payment makes on `to` (see attemptsPerPaymentOn).
 */
function attemptsPerShare(d: DegradedIssuer, to: RouteId, input: PlanInput): number {
  return d.current.transactionCount * attemptsPerPaymentOn(input.current, input.baseline, to);
}

/** The destination's room, from the windows the planner was shown. */
export function destinationHeadroom(input: PlanInput, to: RouteId): RouteHeadroom {
  return routeHeadroom(input.windows ?? [input.current], to);
}

/**
 * A shift of up to `percentage` of an issuer's traffic off route `from`, sized so the destination
 * stays below its safe load; null when it carries none, when the destination has no room for even
 * a small move, or when the destination is no healthier than the route left.
 */
export function shiftDraft(
  d: DegradedIssuer,
  from: RouteId,
  percentage: number,
  input: PlanInput,
  issuerSide: boolean,
  label: string,
): Draft | null {
  const share = d.fault.routeShares[from] ?? (d.current.routes ? 0 : 1);
  const to = otherRoute(from);
  const headroom = destinationHeadroom(input, to);
  const perShare = attemptsPerShare(d, to, input);
  const fits = largestFittingShare(headroom, perShare);
  const weights = (input.controlPlane ?? DEFAULT_CONTROL_PLANE).routing[d.issuerId as IssuerId];
  const rest = restAfterProbe(weights?.[from] ?? 1, effectiveLimits(input.limits).probeShare);
  // Only the probe share is left on the route: it stays there to show the route's recovery.
  if (rest <= 0) return null;
  // Once the agent moved part of the issuer off this route, its own plane says what is left there
  // (the probe share staying): the next step asks for that rest, never for the move in force
  // again, which would only renew it.
  const moving = (input.activeActions ?? []).some(
    (a) =>
      a.action.type === 'shift_traffic' &&
      a.action.parameters.issuerId === d.issuerId &&
      a.action.parameters.fromRoute === from,
  );
  const wanted = round(Math.min(percentage, moving ? rest : share), 4);
  // Whole points only: a destination with room for 23.7 % gets 23 %, never a move past its room.
  const p = distinctStep(input, 'shift_traffic', {
    issuerId: d.issuerId,
    fromRoute: from,
    toRoute: to,
    percentage: round(Math.min(wanted, Math.floor(fits * 100) / 100), 4),
  });
  if (p <= 0 || (p < MIN_MOVE && p < wanted)) return null;
  const src = sourceHealth(d, from);
  const dst = targetHealth(d, to, input.current, issuerSide, src);
  if (dst.successRate < src.successRate + MIN_ROUTE_ADVANTAGE) return null;
  const band = headroomBand(headroom, perShare * wanted);
  const moved = d.trafficShare * p;
  const gain = moved * (dst.successRate - src.successRate);
  const latency =
    p99Relief(d.issuerId, p, input) + moved * Math.max(0, dst.p99 - d.baseline.latency.p99);
  const loadRisk = band === 'short' || band === 'none' ? 0.1 : 0;
  const risk = 0.15 + 0.3 * p + (dst.observed === 'prior' ? 0.1 : 0) + loadRisk;
  const sized =
    p < wanted
      ? `; sized down from ${formatPercent(wanted, { digits: 0 })} to fit: ${headroom.basis}`
      : `; ${headroom.basis}`;
  return {
    type: 'shift_traffic',
    description: `${label}: move ${formatPercent(p, { digits: 0 })} of ${d.issuerId} traffic from the ${from} to the ${to} route`,
    parameters: { issuerId: d.issuerId, fromRoute: from, toRoute: to, percentage: p },
    impact: {
      successRateChange: gain,
      latencyImpact: latency,
      costImpact: moved * BACKUP_COST_PREMIUM,
      riskLevel: risk,
    },
    prerequisites: [
      `${to} route enabled for ${d.issuerId}`,
      `${to} route capacity for ${formatPercent(moved)} of all payments`,
    ],
    reversible: true,
    rationale: `${d.issuerId} carries ${formatPercent(d.trafficShare)} of traffic at ${formatPercent(d.current.successRate)} (baseline ${formatPercent(d.baseline.successRate)}); ${from} succeeds ${formatPercent(src.successRate)}, ${to} ${formatPercent(dst.successRate)} (${dst.observed === 'prior' ? 'unobserved: assumed at the issuer baseline' : `observed ${dst.observed === 'issuer' ? `on ${d.issuerId}` : 'system-wide'}`}${issuerSide ? ', issuer-side declines follow the payment' : ''}); ${formatPercent(d.trafficShare)} × ${formatPercent(p, { digits: 0 })} × (${formatPercent(dst.successRate)} − ${formatPercent(src.successRate)}) = ${formatPercent(gain, { digits: 2 })}; cost ${formatPercent(moved)} moved × ${formatPercent(BACKUP_COST_PREMIUM, { digits: 0 })} premium${sized}`,
    context: contextKey({
      fault: issuerSide ? 'issuer' : 'route',
      route: to,
      headroom: band,
      share: shareBand(p),
    }),
  };
}

/** Whether a shift or failover in force left only its probe share of `issuerId` on `from`. */
function leftProbeOnly(issuerId: string, from: RouteId, input: PlanInput): boolean {
  const weights = (input.controlPlane ?? DEFAULT_CONTROL_PLANE).routing[issuerId as IssuerId];
  if (restAfterProbe(weights?.[from] ?? 1, effectiveLimits(input.limits).probeShare) > 0)
    return false;
  return (input.activeActions ?? []).some((a) => movesOff(a, issuerId, from));
}

/** Disabling route `from` of an issuer, or null when that would move more than `maxShift`. */
export function disableDraft(
  d: DegradedIssuer,
  from: RouteId,
  input: PlanInput,
  maxShift: number,
): Draft | null {
  const share = d.fault.routeShares[from] ?? (d.current.routes ? 0 : 1);
  // Disabling a route moves all it carries at once, and the guardrails cap any move at maxShift
  // of an issuer's traffic: a route carrying more can only be emptied by shifts first.
  if (share <= 0 || share > maxShift + 1e-9) return null;
  // What a move in force left on the route is its probe share, kept to show the route's recovery:
  // switching the route off would leave that move nothing to unwind by.
  if (leftProbeOnly(d.issuerId, from, input)) return null;
  const to = otherRoute(from);
  const headroom = destinationHeadroom(input, to);
  const perShare = attemptsPerShare(d, to, input);
  // Disabling moves everything at once: a destination without room for all of it is refused.
  if (largestFittingShare(headroom, perShare) < share) return null;
  const src = sourceHealth(d, from);
  const dst = targetHealth(d, to, input.current, false, src);
  if (dst.successRate < src.successRate + MIN_ROUTE_ADVANTAGE) return null;
  const moved = d.trafficShare * share;
  const gain = moved * (dst.successRate - src.successRate);
  const latency =
    p99Relief(d.issuerId, share, input) + moved * Math.max(0, dst.p99 - d.baseline.latency.p99);
  return {
    type: 'disable_route',
    description: `Disable the ${from} route for ${d.issuerId}; all its traffic goes to ${to}`,
    parameters: { issuerId: d.issuerId, routeId: from },
    impact: {
      successRateChange: gain,
      latencyImpact: latency,
      costImpact: moved * BACKUP_COST_PREMIUM,
      riskLevel: 0.7 + (dst.observed === 'prior' ? 0.1 : 0) + 0.1 * clampUnit(share),
    },
    prerequisites: [
      `${to} route enabled and healthy for ${d.issuerId}`,
      `${to} route capacity for ${formatPercent(moved)} of all payments`,
      'human approval: the route stays off until re-enabled by hand',
    ],
    reversible: false,
    rationale: `moves all ${formatPercent(share, { digits: 0 })} of ${d.issuerId} traffic on ${from} (${formatPercent(moved)} of payments) from ${formatPercent(src.successRate)} to ${formatPercent(dst.successRate)}: ${formatPercent(gain, { digits: 2 })}; no traffic is left to watch ${from} recover; ${headroom.basis}`,
    context: contextKey({
      fault: 'route',
      route: to,
      headroom: headroomBand(headroom, perShare * share),
      share: shareBand(share),
    }),
  };
}
