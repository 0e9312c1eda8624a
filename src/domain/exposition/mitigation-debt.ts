import {
  DEFAULT_CONTROL_PLANE,
  ISSUER_IDS,
  ROUTE_IDS,
  type ControlPlane,
  type IssuerId,
  type MetricsSnapshot,
} from '../../contracts';
import { effectiveShare } from '../execution';

/** How far the control plane has been moved from its defaults, and from what. */
export interface MitigationDebt {
  /** Traffic-weighted share of payments that flow over another route than by default, 0–1. */
  offDefaultShare: number;
  /** Other settings changed from default: each disabled route, retry field, timeout, rate limit. */
  changedSettings: number;
  /** offDefaultShare + changedSettings: 0 means nothing is left to unwind. */
  debt: number;
}

/** Each issuer's share of the window's payments; equal shares when the window has none. */
function trafficShares(window: MetricsSnapshot | null): Record<IssuerId, number> {
  const counts = new Map(
    (window?.issuerMetrics ?? []).map((m) => [m.issuerId, m.transactionCount]),
  );
  const total = ISSUER_IDS.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
  const shares = {} as Record<IssuerId, number>;
  for (const id of ISSUER_IDS)
    shares[id] = total > 0 ? (counts.get(id) ?? 0) / total : 1 / ISSUER_IDS.length;
  return shares;
}

/**
 * The mitigation debt of a control plane: what the agent would have to unwind to be back at the
 * defaults. Routing counts as the share of payments sent off their default route (weighted by the
 * window's traffic, so moving half of Visa weighs more than half of Discover); every other changed
 * setting counts 1. Notifications already sent are history, not debt.
 */
export function mitigationDebt(
  plane: ControlPlane,
  window: MetricsSnapshot | null,
  defaults: ControlPlane = DEFAULT_CONTROL_PLANE,
): MitigationDebt {
  const shares = trafficShares(window);
  let offDefaultShare = 0;
  for (const issuerId of ISSUER_IDS) {
    // Total variation between the actual and the default split: the share that moved.
    const moved = ROUTE_IDS.reduce(
      (sum, routeId) =>
        sum +
        Math.abs(
          effectiveShare(plane, issuerId, routeId) - effectiveShare(defaults, issuerId, routeId),
        ),
      0,
    );
    offDefaultShare += (shares[issuerId] * moved) / 2;
  }
  offDefaultShare = Math.min(1, Math.max(0, offDefaultShare));
  const isDefaultRoute = (r: ControlPlane['disabledRoutes'][number]) =>
    defaults.disabledRoutes.some((d) => d.issuerId === r.issuerId && d.routeId === r.routeId);
  const changedSettings =
    plane.disabledRoutes.filter((r) => !isDefaultRoute(r)).length +
    Number(plane.retryPolicy.maxRetries !== defaults.retryPolicy.maxRetries) +
    Number(plane.retryPolicy.multiplier !== defaults.retryPolicy.multiplier) +
    Number(plane.retryPolicy.backoff !== defaults.retryPolicy.backoff) +
    Number(plane.timeoutMs !== defaults.timeoutMs) +
    Number(plane.rateLimit !== defaults.rateLimit);
  return { offDefaultShare, changedSettings, debt: offDefaultShare + changedSettings };
}
