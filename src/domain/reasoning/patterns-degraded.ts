import type { Anomaly, IssuerMetrics, MetricsSnapshot, ReasoningConfig } from '../../contracts';
import { oneProportionZTest } from '../statistics';
import { pairIssuers } from './anomalies';
import { analyseFault, type FaultAnalysis } from './patterns-fault';

/** One issuer found degraded, with what the planner needs to size a remedy. */
export interface DegradedIssuer {
  issuerId: string;
  current: IssuerMetrics;
  baseline: IssuerMetrics;
  /** Share of all payments in the window that belong to this issuer. */
  trafficShare: number;
  /** Baseline minus current success rate (≥ 0). */
  deficit: number;
  fault: FaultAnalysis;
}

/** Least share of an issuer's payments a route must carry before its own health is judged. */
export const ROUTE_JUDGEMENT_MIN_SHARE = 0.05;

/**
 * Whether one of the issuer's routes fails far more than the degradation threshold allows, even
 * when the issuer as a whole looks fine: after part of its traffic has moved to a healthy route,
 * the issuer's total recovers while the route that is left keeps failing.
 */
function hasFailingRoute(issuer: IssuerMetrics, config: ReasoningConfig): boolean {
  const routes = issuer.routes ?? [];
  const first = routes.reduce((sum, r) => sum + r.transactionCount, 0);
  return routes.some((route) => {
    if (first === 0 || route.transactionCount / first < ROUTE_JUDGEMENT_MIN_SHARE) return false;
    if (route.successRate >= config.issuerDegradationThreshold) return false;
    const test = oneProportionZTest(
      Math.round(route.successRate * route.attemptCount),
      route.attemptCount,
      config.issuerDegradationThreshold,
      'less',
    );
    return test !== null && test.pValue < config.significanceLevel;
  });
}

/**
 * Issuers whose success rate is under the threshold (significantly), fell significantly below
 * baseline, or that still send traffic over a route failing beyond the threshold.
 */
export function findDegradedIssuers(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  anomalies: readonly Anomaly[],
  config: ReasoningConfig,
): DegradedIssuer[] {
  const dropped = new Set(
    anomalies
      .filter((a) => a.type === 'success_rate_drop' && a.scope !== 'system')
      .map((a) => a.scope),
  );
  const total = current.totalTransactions;
  const out: DegradedIssuer[] = [];
  for (const { current: c, baseline: b } of pairIssuers(current, baseline)) {
    let degraded = dropped.has(c.issuerId);
    if (!degraded && c.successRate < config.issuerDegradationThreshold) {
      // Under the absolute threshold counts only when a small sample cannot explain it.
      const test = oneProportionZTest(
        Math.round(c.successRate * c.transactionCount),
        c.transactionCount,
        config.issuerDegradationThreshold,
        'less',
      );
      degraded = test !== null && test.pValue < config.significanceLevel;
    }
    if (!degraded) degraded = hasFailingRoute(c, config);
    if (!degraded) continue;
    out.push({
      issuerId: c.issuerId,
      current: c,
      baseline: b,
      trafficShare: total > 0 ? c.transactionCount / total : 0,
      deficit: Math.max(0, b.successRate - c.successRate),
      fault: analyseFault(c, b),
    });
  }
  // Largest loss of approved payments first: that is where a remedy helps most.
  out.sort((x, y) => y.trafficShare * y.deficit - x.trafficShare * x.deficit);
  return out;
}
