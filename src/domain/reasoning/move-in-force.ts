/**
 * What a routing move in force shows the agent: how much of it is still in force, the route it
 * left and its destination in a window (the issuer's own figures for a shift, the system's for a
 * failover), and the baseline success the route left is judged against.
 */
import {
  DEFAULT_CONTROL_PLANE,
  ISSUER_IDS,
  type ActiveActionView,
  type ControlPlane,
  type IssuerId,
  type MetricsSnapshot,
  type RouteId,
  type RouteMetrics,
} from '../../contracts';
import { clampUnit } from '../numbers';
import { MIN_ROUTE_SAMPLE, paymentRatio } from './planner-routing';
import type { PlanInput } from './planner-types';

/** A route's figures in a list of routes, when it is there. */
export function routeIn(routes: readonly RouteMetrics[] | undefined, id: RouteId) {
  return routes?.find((r) => r.routeId === id);
}

/** The live control plane, the default plane when the caller did not say. */
export function planeOf(input: PlanInput): ControlPlane {
  return input.controlPlane ?? DEFAULT_CONTROL_PLANE;
}

/** Whether an action in force is a move of traffic the lifecycle watches (a shift or a failover). */
export function isWatchedMove(view: ActiveActionView): boolean {
  return view.action.type === 'shift_traffic' || view.action.type === 'failover_processor';
}

/**
 * How much of a move is still in force, 0–1 (1: none of it undone yet): as the audit log states
 * it, else read off the live plane (which cannot tell two moves off one route apart).
 */
export function shareStillInForce(view: ActiveActionView, plane: ControlPlane): number {
  if (view.remaining !== undefined) return view.remaining;
  const params = view.action.parameters;
  const from = params.fromRoute as RouteId;
  const p = typeof params.percentage === 'number' ? params.percentage : 0;
  if (p <= 0) return 0;
  const issuers: IssuerId[] =
    view.action.type === 'shift_traffic' ? [params.issuerId as IssuerId] : [...ISSUER_IDS];
  let sum = 0;
  let n = 0;
  for (const id of issuers) {
    const start = DEFAULT_CONTROL_PLANE.routing[id]?.[from];
    const now = plane.routing[id]?.[from];
    if (start === undefined || now === undefined) continue;
    const intended = Math.min(p, start);
    if (intended <= 0) continue;
    sum += clampUnit((start - now) / intended);
    n += 1;
  }
  return n > 0 ? sum / n : 0;
}

/** A route's figures for the move's scope (the issuer's own route, or the system's) in a window. */
export function scopeRoute(view: ActiveActionView, snapshot: MetricsSnapshot, id: RouteId) {
  if (view.action.type === 'shift_traffic') {
    const issuer = snapshot.issuerMetrics.find(
      (m) => m.issuerId === view.action.parameters.issuerId,
    );
    return { route: routeIn(issuer?.routes, id), baselineOf: issuer?.issuerId };
  }
  return { route: routeIn(snapshot.routeMetrics, id), baselineOf: undefined };
}

/** Share of all payments a move still keeps off its route: its scope's share times what is in force. */
export function paymentsMoved(view: ActiveActionView, input: PlanInput, remaining: number): number {
  const p = view.action.parameters.percentage;
  const share = typeof p === 'number' ? p : 0;
  if (view.action.type !== 'shift_traffic') return share * remaining;
  const total = input.current.totalTransactions;
  const issuer = input.current.issuerMetrics.find(
    (m) => m.issuerId === view.action.parameters.issuerId,
  );
  return total > 0 && issuer ? (issuer.transactionCount / total) * share * remaining : 0;
}

/** Payment failures per attempt failure in the move's scope now: the issuer's, or the system's. */
export function scopePaymentRatio(view: ActiveActionView, input: PlanInput): number {
  const { current } = input;
  if (view.action.type !== 'shift_traffic')
    return paymentRatio(current.routeMetrics, current.successRate);
  const issuer = current.issuerMetrics.find((m) => m.issuerId === view.action.parameters.issuerId);
  return issuer ? paymentRatio(issuer.routes, issuer.successRate) : 1;
}

/**
 * The baseline success of route `id` for an issuer (or the system when `issuerId` is absent):
 * the route's own when the baseline carried enough on it, else the issuer's or the system's.
 */
export function baselineSuccess(
  input: PlanInput,
  issuerId: string | undefined,
  id: RouteId,
): number {
  const issuer = input.baseline.issuerMetrics.find((m) => m.issuerId === issuerId);
  const scoped = issuerId !== undefined ? issuer?.routes : input.baseline.routeMetrics;
  const r = routeIn(scoped, id);
  if (r && r.attemptCount >= MIN_ROUTE_SAMPLE) return r.successRate;
  return issuerId !== undefined && issuer ? issuer.successRate : input.baseline.successRate;
}
