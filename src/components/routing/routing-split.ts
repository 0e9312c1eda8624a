import {
  DEFAULT_CONTROL_PLANE,
  ISSUER_IDS,
  ISSUER_NAMES,
  ROUTE_IDS,
  type ControlPlane,
  type IssuerId,
  type MetricsSnapshot,
  type RouteId,
} from '../../contracts';
import { effectiveShare } from '../../domain/execution';
import { trafficShares } from '../../domain/exposition';

/** How one issuer's payments split over its two routes now, and by default. */
export interface IssuerSplit {
  issuerId: IssuerId;
  name: string;
  /** The issuer's share of the window's payments, 0–1. */
  trafficShare: number;
  /** Share of the issuer's payments on each route now (a disabled route carries 0). */
  now: Record<RouteId, number>;
  /** The same under the default control plane. */
  byDefault: Record<RouteId, number>;
  disabled: RouteId[];
}

/** One band of the Sankey: from an issuer to a processor, in shares of all payments. */
export interface RoutingFlow {
  from: string;
  to: string;
  flow: number;
}

/** The processor behind each route, as the Sankey's right-hand nodes name them. */
export const PROCESSOR_NAMES: Readonly<Record<RouteId, string>> = {
  primary: 'Primary processor',
  backup: 'Backup processor',
};

function splitOf(plane: ControlPlane, issuerId: IssuerId): Record<RouteId, number> {
  return {
    primary: effectiveShare(plane, issuerId, 'primary'),
    backup: effectiveShare(plane, issuerId, 'backup'),
  };
}

/** The net split of every issuer over primary and backup, beside the default plane's. */
export function issuerSplits(
  plane: ControlPlane,
  window: MetricsSnapshot | null,
  defaults: ControlPlane = DEFAULT_CONTROL_PLANE,
): IssuerSplit[] {
  const shares = trafficShares(window);
  return ISSUER_IDS.map((issuerId) => ({
    issuerId,
    name: ISSUER_NAMES[issuerId],
    trafficShare: shares[issuerId],
    now: splitOf(plane, issuerId),
    byDefault: splitOf(defaults, issuerId),
    disabled: plane.disabledRoutes.filter((r) => r.issuerId === issuerId).map((r) => r.routeId),
  }));
}

/**
 * The Sankey's bands: each issuer's payments to each processor, as shares of all payments; empty
 * bands are left out so a route nobody uses draws nothing.
 */
export function routingFlows(splits: readonly IssuerSplit[]): RoutingFlow[] {
  return splits.flatMap((split) =>
    ROUTE_IDS.flatMap((routeId) => {
      const flow = split.trafficShare * split.now[routeId];
      return flow > 0 ? [{ from: split.name, to: PROCESSOR_NAMES[routeId], flow }] : [];
    }),
  );
}

/** The share of all payments each processor carries now. */
export function processorLoad(splits: readonly IssuerSplit[]): Record<RouteId, number> {
  const load: Record<RouteId, number> = { primary: 0, backup: 0 };
  for (const split of splits)
    for (const routeId of ROUTE_IDS) load[routeId] += split.trafficShare * split.now[routeId];
  return load;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * What differs from the default plane, one sentence each, in the words an on-call engineer reads:
 * moved traffic, disabled routes, retry policy, backoff, timeout and rate limit.
 */
export function planeChanges(
  plane: ControlPlane,
  defaults: ControlPlane = DEFAULT_CONTROL_PLANE,
): string[] {
  const changes: string[] = [];
  for (const issuerId of ISSUER_IDS) {
    const now = effectiveShare(plane, issuerId, 'backup');
    const before = effectiveShare(defaults, issuerId, 'backup');
    if (Math.abs(now - before) >= 0.005)
      changes.push(
        `${ISSUER_NAMES[issuerId]}: ${percent(now)} on the backup route (default ${percent(before)})`,
      );
  }
  for (const route of plane.disabledRoutes) {
    const byDefault = defaults.disabledRoutes.some(
      (d) => d.issuerId === route.issuerId && d.routeId === route.routeId,
    );
    if (!byDefault)
      changes.push(`${ISSUER_NAMES[route.issuerId]}: ${route.routeId} route disabled`);
  }
  const retry = plane.retryPolicy;
  const retryBefore = defaults.retryPolicy;
  if (retry.maxRetries !== retryBefore.maxRetries)
    changes.push(`Retries: at most ${retry.maxRetries} (default ${retryBefore.maxRetries})`);
  if (retry.multiplier !== retryBefore.multiplier)
    changes.push(`Retry multiplier ${retry.multiplier} (default ${retryBefore.multiplier})`);
  if (retry.backoff !== retryBefore.backoff)
    changes.push(
      `Backoff ${retry.backoff ? 'on' : 'off'} (default ${retryBefore.backoff ? 'on' : 'off'})`,
    );
  if ((retry.retryHardDeclines ?? true) !== (retryBefore.retryHardDeclines ?? true))
    changes.push(
      retry.retryHardDeclines === false
        ? 'Hard declines are not retried'
        : 'Hard declines are retried',
    );
  if (plane.timeoutMs !== defaults.timeoutMs)
    changes.push(`Timeout ${plane.timeoutMs} ms (default ${defaults.timeoutMs} ms)`);
  if (plane.rateLimit !== defaults.rateLimit)
    changes.push(
      `Rate limit ${plane.rateLimit === null ? 'off' : `${plane.rateLimit} attempts per payment`} (default ${defaults.rateLimit === null ? 'off' : defaults.rateLimit})`,
    );
  return changes;
}
