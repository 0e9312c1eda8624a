import type {
  ErrorBreakdownEntry,
  Evidence,
  FaultLocation,
  IssuerMetrics,
  RouteId,
  RouteMetrics,
} from '../../contracts';
import { clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';

/** Error codes a sick route produces: routing around it helps. */
export const ROUTE_ERROR_CODES: readonly string[] = ['TIMEOUT', 'ISSUER_UNAVAILABLE'];
/** Error codes of issuers declining payments themselves: routing does not help. */
export const ISSUER_ERROR_CODES: readonly string[] = ['INSUFFICIENT_FUNDS', 'DO_NOT_HONOR'];

/** Where one degraded issuer's fault seems to sit, and why. */
export interface FaultAnalysis {
  location: FaultLocation;
  routeId?: RouteId;
  /** Increase of the route-type error share (TIMEOUT, ISSUER_UNAVAILABLE) over baseline. */
  routeExcess: number;
  /** Increase of the issuer-type error share (INSUFFICIENT_FUNDS, DO_NOT_HONOR) over baseline. */
  issuerExcess: number;
  /** 0–1: how clearly the error codes and route split point one way. */
  clarity: number;
  /** Share of the issuer's payments on each route (first attempts). */
  routeShares: Partial<Record<RouteId, number>>;
  evidence: Evidence[];
}

function shareOf(entries: readonly ErrorBreakdownEntry[] | undefined, codes: readonly string[]) {
  if (!entries) return 0;
  let sum = 0;
  for (const e of entries) if (codes.includes(e.code)) sum += e.percentage;
  return sum;
}

function activeRoutes(routes: readonly RouteMetrics[] | undefined): RouteMetrics[] {
  return (routes ?? []).filter((r) => r.transactionCount > 0 || r.attemptCount > 0);
}

/**
 * Reads an issuer's error codes and route split: route-type errors concentrated on one route mean a
 * route fault (routing helps); issuer declines spread over the routes mean an issuer-side fault.
 */
export function analyseFault(current: IssuerMetrics, baseline: IssuerMetrics): FaultAnalysis {
  const routeExcess = Math.max(
    0,
    shareOf(current.errorBreakdown, ROUTE_ERROR_CODES) -
      shareOf(baseline.errorBreakdown, ROUTE_ERROR_CODES),
  );
  const issuerExcess = Math.max(
    0,
    shareOf(current.errorBreakdown, ISSUER_ERROR_CODES) -
      shareOf(baseline.errorBreakdown, ISSUER_ERROR_CODES),
  );
  const evidence: Evidence[] = [];
  const issuerId = current.issuerId;
  for (const code of [...ROUTE_ERROR_CODES, ...ISSUER_ERROR_CODES]) {
    const cur = current.errorBreakdown?.find((e) => e.code === code);
    if (!cur || cur.percentage <= 0) continue;
    const base = baseline.errorBreakdown?.find((e) => e.code === code);
    evidence.push({
      metric: 'errorShare',
      issuerId,
      errorCode: code,
      baselineValue: baseline.errorBreakdown ? (base?.percentage ?? 0) : null,
      currentValue: cur.percentage,
      note: `${cur.count} ${code} errors`,
    });
  }

  const routes = activeRoutes(current.routes);
  const totalFirst = routes.reduce((s, r) => s + r.transactionCount, 0);
  const routeShares: Partial<Record<RouteId, number>> = {};
  for (const r of routes)
    routeShares[r.routeId] = totalFirst > 0 ? r.transactionCount / totalFirst : 0;
  for (const r of routes) {
    const base = baseline.routes?.find((b) => b.routeId === r.routeId);
    evidence.push({
      metric: 'routeSuccessRate',
      issuerId,
      routeId: r.routeId,
      baselineValue: base && base.attemptCount > 0 ? base.successRate : null,
      currentValue: r.successRate,
      note: `${formatPercent(routeShares[r.routeId] ?? 0)} of ${issuerId} payments start on ${r.routeId}`,
    });
  }

  // Which route the errors sit on: the only route in use, or one clearly worse than the other.
  let concentratedOn: RouteId | undefined;
  let spread = false;
  if (routes.length === 1) concentratedOn = routes[0]?.routeId;
  else if (routes.length >= 2) {
    const byError = [...routes].sort((a, b) => a.successRate - b.successRate);
    const worst = byError[0] as RouteMetrics;
    const next = byError[1] as RouteMetrics;
    const worstErr = 1 - worst.successRate;
    const nextErr = 1 - next.successRate;
    if (worstErr >= 2 * nextErr && worstErr - nextErr >= 0.02) concentratedOn = worst.routeId;
    else spread = true;
  }

  const known = routeExcess + issuerExcess;
  const codeClarity = known > 0.002 ? (Math.max(routeExcess, issuerExcess) / known - 0.5) * 2 : 0;
  let location: FaultLocation = 'unknown';
  let routeId: RouteId | undefined;
  let clarity = 0;
  if (known > 0.002 && routeExcess >= issuerExcess) {
    if (concentratedOn !== undefined && !spread) {
      location = 'route';
      routeId = concentratedOn;
      clarity = 0.6 * codeClarity + (routes.length >= 2 ? 0.4 : 0.25);
    } else if (spread) {
      // Route-type errors on every route at once point at the network, not one route.
      location = 'network';
      clarity = 0.6 * codeClarity + 0.2;
    } else {
      location = 'unknown';
      clarity = 0.3 * codeClarity;
    }
  } else if (known > 0.002) {
    location = 'issuer';
    clarity = 0.6 * codeClarity + (spread ? 0.4 : 0.25);
  } else if (concentratedOn !== undefined && routes.length >= 2) {
    // No error codes to read, but one route is clearly worse than the other.
    location = 'route';
    routeId = concentratedOn;
    clarity = 0.4;
  }
  const fault: FaultAnalysis = {
    location,
    routeExcess: round(routeExcess, 6),
    issuerExcess: round(issuerExcess, 6),
    clarity: clampUnit(clarity),
    routeShares,
    evidence,
  };
  if (routeId !== undefined) fault.routeId = routeId;
  return fault;
}
