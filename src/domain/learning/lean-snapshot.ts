import type { MetricsSnapshot } from '../../contracts';

/**
 * The snapshot as the learning history keeps it: the seed contract's fields plus the small
 * extensions, without the per-route and per-issuer error breakdowns. Those are what the live view
 * needs; an audit record needs the headline figures, and dropping the rest keeps a 10,000-record
 * history small enough to store, read and export in a couple of seconds.
 */
export function leanSnapshot(snapshot: MetricsSnapshot): MetricsSnapshot {
  const { routeMetrics: _routes, issuerMetrics, ...rest } = snapshot;
  return {
    ...rest,
    issuerMetrics: issuerMetrics.map(
      ({ errorBreakdown: _errors, routes: _issuerRoutes, ...issuer }) => issuer,
    ),
  };
}
