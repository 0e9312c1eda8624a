import type {
  Anomaly,
  Evidence,
  MetricsSnapshot,
  Pattern,
  ReasoningConfig,
  RouteId,
} from '../../contracts';
import { clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';
import type { DegradedIssuer } from './patterns-degraded';
import { overloadedByVolume } from './headroom';
import { patternStrength } from './patterns-strength';

/** Highest load any route reports (attempts over capacity), or null when routes report no load. */
export function peakRouteLoad(
  snapshot: MetricsSnapshot,
): { routeId: RouteId; load: number } | null {
  let best: { routeId: RouteId; load: number } | null = null;
  for (const r of snapshot.routeMetrics ?? []) {
    if (r.load === undefined) continue;
    if (best === null || r.load > best.load) best = { routeId: r.routeId, load: r.load };
  }
  return best;
}

/** Retries per finally failed payment: how hard clients retry each failure. */
function retriesPerFailure(s: MetricsSnapshot): number {
  return s.totalRetries / Math.max(1, (1 - s.successRate) * s.totalTransactions);
}

/** The retry_storm pattern: retries multiplied beyond what the failures explain, or null. */
export function retryStormPattern(
  anomalies: readonly Anomaly[],
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  config: ReasoningConfig,
): Pattern | null {
  const a = anomalies.find((x) => x.type === 'retry_amplification' && x.scope === 'system');
  if (!a) return null;
  const severity = clampUnit(
    (current.retryRatio - config.retryRatioThreshold) /
      ((config.criticalMultiplier - 1) * config.retryRatioThreshold || config.retryRatioThreshold),
  );
  // Retries that merely follow more failures keep the same retries-per-failure as baseline; a storm
  // multiplies them (stacked retry layers, no backoff), so that ratio is the storm's signature.
  const perFailureNow = retriesPerFailure(current);
  const perFailureBase = Math.max(retriesPerFailure(baseline), 1);
  const amplification = perFailureNow / perFailureBase;
  const ampFactor = clampUnit((amplification - 1) / 1.5);
  const evidence: Evidence[] = [
    ...a.evidence,
    {
      metric: 'retriesPerFailedPayment',
      baselineValue: round(retriesPerFailure(baseline), 4),
      currentValue: round(perFailureNow, 4),
      note: `${amplification.toFixed(2)}× the baseline's retries per failed payment`,
    },
  ];
  const peak = peakRouteLoad(current);
  let overload = 0;
  let byVolume = false;
  if (peak !== null) {
    const baseLoad = baseline.routeMetrics?.find((r) => r.routeId === peak.routeId)?.load;
    evidence.push({
      metric: 'routeLoad',
      routeId: peak.routeId,
      baselineValue: baseLoad ?? null,
      currentValue: peak.load,
      note: 'attempts over nominal capacity; above 1 the route is overloaded',
    });
    // Overload is the storm's own mark: retries pile onto a route far past its capacity. Unless
    // the payments alone fill the route: then the volume overloads it, not the retries.
    byVolume = overloadedByVolume(current, baseline, peak.routeId);
    overload = byVolume ? 0 : clampUnit(peak.load - 1);
  }
  const issuerRetries = anomalies.filter(
    (x) => x.type === 'retry_amplification' && x.scope !== 'system',
  );
  for (const x of issuerRetries.slice(0, 4)) evidence.push(...x.evidence);
  const pattern: Pattern = {
    type: 'retry_storm',
    issuerIds: issuerRetries.map((x) => x.scope),
    faultLocation: 'client',
    strength: patternStrength(0.3 + 0.2 * severity + 0.45 * ampFactor + 0.35 * overload),
    description: `Retries are ${formatPercent(current.retryRatio)} of all attempts against ${formatPercent(baseline.retryRatio)} baseline (${current.totalRetries} retries for ${current.totalTransactions} payments, ${perFailureNow.toFixed(1)} per failed payment against ${perFailureBase.toFixed(1)}${ampFactor > 0.2 ? ': clients amplify' : ': retries follow the failures'})${peak !== null && peak.load > 1 ? `; the ${peak.routeId} route runs at ${peak.load.toFixed(2)}× capacity${byVolume ? ', its payments alone fill it: the volume overloads it, not the retries' : ''}` : ''}`,
    evidence: evidence.slice(0, 40),
  };
  if (peak !== null && peak.load > 1) pattern.routeId = peak.routeId;
  return pattern;
}

/** The latency_spike pattern: slow, otherwise healthy traffic system-wide, or null. */
export function latencyPattern(
  anomalies: readonly Anomaly[],
  degraded: readonly DegradedIssuer[],
  current: MetricsSnapshot,
  config: ReasoningConfig,
): Pattern | null {
  const system = anomalies.find((x) => x.type === 'latency_spike' && x.scope === 'system');
  if (!system) return null;
  const slow = anomalies.filter((x) => x.type === 'latency_spike' && x.scope !== 'system');
  const degradedIds = new Set(degraded.map((d) => d.issuerId));
  const total = current.totalTransactions;
  const shareOf = (ids: readonly string[]): number =>
    total > 0
      ? current.issuerMetrics
          .filter((m) => ids.includes(m.issuerId))
          .reduce((s, m) => s + m.transactionCount, 0) / total
      : 0;
  // Slow issuers that are also degraded are explained by their degradation; a system-wide spike
  // needs slow, otherwise healthy issuers carrying at least half the traffic (or, without issuer
  // figures, no degradation at all to blame).
  const unexplained = slow.map((x) => x.scope).filter((id) => !degradedIds.has(id));
  const unexplainedShare = shareOf(unexplained);
  const noIssuerFigures = slow.length === 0 && degraded.length === 0;
  if (unexplainedShare < 0.5 && !noIssuerFigures) return null;
  const slowShare = noIssuerFigures ? 1 : shareOf(slow.map((x) => x.scope));
  const severity = clampUnit(
    system.deviation / (config.criticalMultiplier * config.latencySpikeThreshold),
  );
  return {
    type: 'latency_spike',
    issuerIds: slow.map((x) => x.scope),
    faultLocation: slow.length >= 2 || slowShare >= 0.5 ? 'network' : 'unknown',
    strength: patternStrength(0.3 + 0.35 * severity + 0.3 * clampUnit(slowShare)),
    description: `System p99 latency ${Math.round(system.currentValue)} ms against ${Math.round(system.baselineValue)} ms baseline; ${slow.length} issuer(s) slower (${formatPercent(slowShare)} of traffic), ${formatPercent(unexplainedShare)} of traffic slow without being degraded: no single issuer to blame`,
    evidence: [...system.evidence, ...slow.flatMap((x) => x.evidence.slice(0, 1))].slice(0, 40),
  };
}

/** The noise pattern: nothing matched, so nothing should be done. */
export function noisePattern(
  anomalies: readonly Anomaly[],
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
): Pattern {
  return {
    type: 'noise',
    issuerIds: [],
    faultLocation: 'unknown',
    strength: anomalies.length === 0 ? 0.9 : 0.5,
    description:
      anomalies.length === 0
        ? 'No significant deviation from baseline'
        : `${anomalies.length} deviation(s) that form no known pattern`,
    evidence: [
      {
        metric: 'successRate',
        baselineValue: baseline.successRate,
        currentValue: current.successRate,
      },
      {
        metric: 'latency.p99',
        baselineValue: baseline.latency.p99,
        currentValue: current.latency.p99,
      },
      {
        metric: 'retryRatio',
        baselineValue: baseline.retryRatio,
        currentValue: current.retryRatio,
      },
    ],
  };
}
