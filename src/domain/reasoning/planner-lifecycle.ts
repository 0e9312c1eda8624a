/**
 * Remedies for the whole processor and for the agent's own changes: failing every issuer over
 * off a sick processor in one action, and unwinding a shift or failover once the route it left
 * has recovered (half, then all) or when its destination degraded after the move.
 */
import { ISSUER_IDS, type ActiveActionView, type IssuerId, type RouteId } from '../../contracts';
import { clampUnit, round } from '../numbers';
import { effectiveLimits } from '../safety/limits';
import { formatPercent } from '../percent';
import { contextKey, shareBand } from './experience-context';
import {
  attemptsPerPaymentOn,
  headroomBand,
  largestFittingShare,
  paymentLoad,
  SAFE_LOAD,
} from './headroom';
import {
  BACKUP_COST_PREMIUM,
  destinationHeadroom,
  MIN_MOVE,
  MIN_ROUTE_ADVANTAGE,
  MIN_ROUTE_SAMPLE,
  otherRoute,
  paymentRatio,
  toPayment,
} from './planner-routing';
import {
  baselineSuccess,
  isWatchedMove,
  paymentsMoved,
  planeOf,
  routeIn,
  scopePaymentRatio,
  scopeRoute,
  shareStillInForce,
} from './move-in-force';
import {
  holdNote,
  MIN_PROBE_SAMPLE,
  RECOVERY_TOLERANCE,
  clearGap,
  relapseHold,
  windowHealth,
} from './route-relapse';
import {
  distinctStep,
  isInForce,
  latencyExcess,
  restAfterProbe,
  type Draft,
  type PlanInput,
} from './planner-types';

/**
 * An unwind's expected gain below this (a tenth of a point of payments) is stated as none: the
 * judge asks for half of any gain promised, and a promise this small is rounding, not routing.
 */
export const MIN_UNWIND_GAIN = 0.001;

/** Most of a scope's traffic one unwind step brings back: a larger move returns half first. */
export const MAX_RETURN_STEP = 0.25;

/** Share of all payments a failover of `p` moves, from the live plane and the issuers' shares. */
function failoverMoved(input: PlanInput, from: RouteId, p: number): number {
  const plane = planeOf(input);
  const total = input.current.totalTransactions;
  let moved = 0;
  for (const m of input.current.issuerMetrics) {
    const weights = plane.routing[m.issuerId as IssuerId];
    if (!weights || total <= 0) continue;
    moved += (m.transactionCount / total) * Math.min(p, weights[from]);
  }
  return moved;
}

/**
 * One failover of every issuer off route `from` (a processor-level fault, or several issuers
 * failing on one route), as large as the per-action cap allows and the destination has room for;
 * null when the destination has no room or is no healthier. `failing` says what the windows show.
 */
export function failoverDraft(
  from: RouteId,
  input: PlanInput,
  maxShift: number,
  failing = 'every issuer fails',
): Draft | null {
  const to = otherRoute(from);
  const cur = input.current;
  const src = routeIn(cur.routeMetrics, from);
  if (!src || src.attemptCount === 0) return null;
  const carried = failoverMoved(input, from, 1);
  if (carried <= 0) return null;
  const ratio = paymentRatio(cur.routeMetrics, cur.successRate);
  const srcPay = toPayment(src.successRate, ratio);
  const dstRoute = routeIn(cur.routeMetrics, to);
  const observed = dstRoute !== undefined && dstRoute.attemptCount >= MIN_ROUTE_SAMPLE;
  const dstPay = observed ? toPayment(dstRoute.successRate, ratio) : input.baseline.successRate;
  if (dstPay < srcPay + MIN_ROUTE_ADVANTAGE) return null;
  const headroom = destinationHeadroom(input, to);
  // Attempts one share of all payments adds to `to`: its payments at `to`'s attempts per payment.
  const perMoved = cur.totalTransactions * attemptsPerPaymentOn(cur, input.baseline, to);
  const fitsMoved = largestFittingShare(headroom, perMoved);
  const left = Math.max(...ISSUER_IDS.map((id) => planeOf(input).routing[id]?.[from] ?? 0));
  const rest = restAfterProbe(left, effectiveLimits(input.limits).probeShare);
  // Only the probe share is left on the route: it stays there to show the route's recovery.
  if (rest < MIN_MOVE) return null;
  let p = round(maxShift, 4);
  // The same failover is in force: proposing it again would only renew it, so the next step asks
  // for what is left on the route, the probe share staying there.
  if (isInForce(input, 'failover_processor', { fromRoute: from, toRoute: to, percentage: p }))
    p = Math.min(p, rest);
  // Payments alone overloading the route (a surge): moving the excess over its safe load heals
  // it; moving more only loads the smaller, costlier destination.
  const volume = paymentLoad(cur, input.baseline, from);
  if (volume !== null && volume >= 1)
    p = Math.min(p, Math.max(MIN_MOVE, Math.ceil((1 - SAFE_LOAD / volume) * 100) / 100));
  while (p > 0 && failoverMoved(input, from, p) > fitsMoved + 1e-9) p = round(p - 0.01, 4);
  p = distinctStep(input, 'failover_processor', { fromRoute: from, toRoute: to, percentage: p });
  if (p < MIN_MOVE) return null;
  const moved = failoverMoved(input, from, p);
  const band = headroomBand(headroom, perMoved * failoverMoved(input, from, maxShift));
  const gain = moved * (dstPay - srcPay);
  const dstP99 = dstRoute?.latency.p99 ?? input.baseline.latency.p99 * 1.1;
  const latency =
    -latencyExcess(input) * 0.5 * clampUnit(moved / carried) +
    moved * Math.max(0, dstP99 - input.baseline.latency.p99);
  const risk =
    0.25 + 0.3 * p + (observed ? 0 : 0.1) + (band === 'short' || band === 'none' ? 0.1 : 0);
  return {
    type: 'failover_processor',
    description: `Fail over: move up to ${formatPercent(p, { digits: 0 })} of every issuer's traffic from the ${from} to the ${to} route`,
    parameters: { fromRoute: from, toRoute: to, percentage: p },
    impact: {
      successRateChange: gain,
      latencyImpact: latency,
      costImpact: to === 'backup' ? moved * BACKUP_COST_PREMIUM : 0,
      riskLevel: risk,
    },
    prerequisites: [`${to} route enabled for every issuer`, `${to} processor healthy`],
    reversible: true,
    rationale: `${failing} on ${from} (${formatPercent(srcPay)} vs ${formatPercent(dstPay)} on ${to}${observed ? '' : ', unobserved: assumed at baseline'}); one failover of ${formatPercent(p, { digits: 0 })} moves ${formatPercent(moved)} of payments: ${formatPercent(moved)} × (${formatPercent(dstPay)} − ${formatPercent(srcPay)}) = ${formatPercent(gain, { digits: 2 })}; ${headroom.basis}`,
    context: contextKey({ fault: 'route', route: to, headroom: band, share: shareBand(p) }),
  };
}

function unwindDraft(
  view: ActiveActionView,
  fraction: number,
  why: string,
  gain: number,
  latency: number,
): Draft {
  return {
    type: 'unwind_action',
    description: `Unwind ${formatPercent(fraction, { digits: 0 })} of ${view.action.description.slice(0, 200)}`,
    parameters: { actionRecordId: view.recordId, fraction },
    impact: { successRateChange: gain, latencyImpact: latency, costImpact: 0, riskLevel: 0.1 },
    prerequisites: [`action ${view.recordId} still in force`],
    reversible: true,
    rationale: why,
    context: contextKey({
      fault: 'none',
      route: view.action.parameters.fromRoute as RouteId,
      headroom: 'na',
      share: shareBand(fraction),
    }),
  };
}

/** Why an unwind is proposed: the route left recovered, or the destination degraded. */
export type UnwindReason = 'recovered' | 'destination_degraded';

/** An unwind the planner proposes, with why. */
export interface UnwindProposal {
  draft: Draft;
  reason: UnwindReason;
}

/**
 * Unwinds for the shifts and failovers in force: half, then all, once the route they left shows
 * (through its probe share) success back within RECOVERY_TOLERANCE of its baseline, for longer
 * than it stayed healthy before its last relapse when it flaps (route-relapse.ts); all at once
 * when their destination now fails clearly more than the route left. `onHold` hears why a move
 * off a recovered but flapping route is kept.
 */
export function unwindDrafts(input: PlanInput, onHold?: (note: string) => void): UnwindProposal[] {
  const plane = planeOf(input);
  const out: UnwindProposal[] = [];
  for (const view of input.activeActions ?? []) {
    if (!isWatchedMove(view)) continue;
    const remaining = shareStillInForce(view, plane);
    if (remaining < 0.05) continue;
    const from = view.action.parameters.fromRoute as RouteId;
    const to = view.action.parameters.toRoute as RouteId;
    const left = scopeRoute(view, input.current, from);
    const dest = scopeRoute(view, input.current, to);
    if (!left.route || left.route.attemptCount < MIN_PROBE_SAMPLE) continue;
    const base = baselineSuccess(input, left.baselineOf, from);
    const leftOk = windowHealth(left.route, base) === 'healthy';
    const destRate = dest.route?.successRate;
    const pctP =
      typeof view.action.parameters.percentage === 'number' ? view.action.parameters.percentage : 0;
    const movedNow = pctP * remaining;
    // Of all payments: a shift moves only its issuer's share, and gains are the system's.
    const moved = paymentsMoved(view, input, remaining);
    const leftP99 = left.route.latency.p99;
    const destP99 = dest.route?.latency.p99 ?? leftP99;
    if (destRate !== undefined && destRate < left.route.successRate - 2 * RECOVERY_TOLERANCE) {
      // A destination overloaded by what it took gives back only the part it cannot carry (down
      // to its safe load); one degraded for another reason gives back all of it.
      const load = dest.route?.load ?? 0;
      const back = load > 1 ? round(Math.min(1, Math.max(0.1, 1 - SAFE_LOAD / load)), 2) : 1;
      const gain = moved * back * (left.route.successRate - destRate) * 0.5;
      out.push({
        reason: 'destination_degraded',
        draft: unwindDraft(
          view,
          back,
          `${to} degraded after the move (${formatPercent(destRate)}${load > 1 ? `, load ${load.toFixed(2)}` : ''}) while ${from} now succeeds ${formatPercent(left.route.successRate)} on ${left.route.attemptCount} probe attempts: move ${back < 1 ? `${formatPercent(back, { digits: 0 })} of ` : ''}the traffic back`,
          gain,
          movedNow * (leftP99 - destP99),
        ),
      });
      continue;
    }
    if (!leftOk) continue;
    // A route that recovered before and failed again must first stay healthy longer than it did.
    const history = (input.windows ?? [input.current]).map((w) =>
      windowHealth(scopeRoute(view, w, from).route, base),
    );
    const hold = relapseHold(history);
    if (!hold.trusted) {
      const scope = view.action.type === 'shift_traffic' ? `${left.baselineOf} on ` : '';
      onHold?.(holdNote(`${scope}${from}`, hold));
      continue;
    }
    // Part back first, then the rest: a relapse under the returning traffic shows on half the
    // volume, and the half still moved keeps the payments safe meanwhile. A move no larger than
    // such a half comes back whole: halving it again would only stretch the way back to default.
    const fraction = movedNow > MAX_RETURN_STEP + 1e-9 ? 0.5 : 1;
    // Two healthy routes differ only by noise: such an unwind is expected to change nothing, so
    // its verdict does not hinge on noise and a failed promise does not hold the next one back.
    // Route figures count attempts and retries rescue some: the gain is stated in payments.
    const clear = dest.route
      ? moved * fraction * clearGap(left.route, dest.route) * scopePaymentRatio(view, input)
      : 0;
    const gain = clear >= MIN_UNWIND_GAIN ? clear : 0;
    out.push({
      reason: 'recovered',
      draft: unwindDraft(
        view,
        fraction,
        `${from} recovered: ${formatPercent(left.route.successRate)} on ${left.route.attemptCount} probe attempts vs ${formatPercent(base)} baseline (within ${formatPercent(RECOVERY_TOLERANCE, { digits: 0 })}); ${formatPercent(remaining, { digits: 0 })} of the move is still in force, unwind ${fraction === 1 ? 'the rest' : 'half of it'}`,
        gain,
        movedNow * fraction * Math.min(0, leftP99 - destP99),
      ),
    });
  }
  return out;
}
