import type { Anomaly, MetricsSnapshot, Pattern, ReasoningConfig } from '../../contracts';
import { degradationPatterns } from './patterns-degradation';
import { findDegradedIssuers, type DegradedIssuer } from './patterns-degraded';
import { latencyPattern, noisePattern, retryStormPattern } from './patterns-system';

// The engine's pattern recognition, split by seam: where a fault sits (patterns-fault), which
// issuers are degraded (patterns-degraded), the patterns they form (patterns-degradation) and the
// system-wide ones (patterns-system). This module combines them and is the one callers import.
export { ISSUER_ERROR_CODES, ROUTE_ERROR_CODES, analyseFault } from './patterns-fault';
export type { FaultAnalysis } from './patterns-fault';
export { ROUTE_JUDGEMENT_MIN_SHARE, findDegradedIssuers } from './patterns-degraded';
export type { DegradedIssuer } from './patterns-degraded';
export { noisePattern, peakRouteLoad } from './patterns-system';

/** Most patterns reported (the contract's bound). */
export const MAX_PATTERNS = 50;

/** The engine's reading of the window: patterns plus the per-issuer detail behind them. */
export interface PatternAnalysis {
  patterns: Pattern[];
  degraded: DegradedIssuer[];
}

/** Recognises failure patterns from the anomalies and the metrics; strongest first, `noise` when none matches. */
export function recognisePatterns(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  anomalies: readonly Anomaly[],
  config: ReasoningConfig,
): PatternAnalysis {
  const degraded = findDegradedIssuers(current, baseline, anomalies, config);
  const patterns = degradationPatterns(degraded, current, config, baseline);
  const storm = retryStormPattern(anomalies, current, baseline, config);
  if (storm) patterns.push(storm);
  const latency = latencyPattern(anomalies, degraded, current, config);
  if (latency) patterns.push(latency);
  patterns.sort((a, b) => b.strength - a.strength);
  if (patterns.length === 0) patterns.push(noisePattern(anomalies, current, baseline));
  return { patterns: patterns.slice(0, MAX_PATTERNS), degraded };
}
