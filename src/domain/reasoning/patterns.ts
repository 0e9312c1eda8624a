import type {
  Anomaly,
  ErrorBreakdownEntry,
  Evidence,
  FaultLocation,
  IssuerMetrics,
  MetricsSnapshot,
  Pattern,
  ReasoningConfig,
  RouteId,
  RouteMetrics,
} from '../../contracts';
import { pairIssuers } from './anomalies';
import { clamp01, oneProportionZTest, pct, round } from '../statistics';

/** Error codes a sick route produces: routing around it helps. */
export const ROUTE_ERROR_CODES: readonly string[] = ['TIMEOUT', 'ISSUER_UNAVAILABLE'];
/** Error codes of issuers declining payments themselves: routing does not help. */
export const ISSUER_ERROR_CODES: readonly string[] = ['INSUFFICIENT_FUNDS', 'DO_NOT_HONOR'];

/** Most patterns reported (the contract's bound). */
export const MAX_PATTERNS = 50;

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

/** The engine's reading of the window: patterns plus the per-issuer detail behind them. */
export interface PatternAnalysis {
  patterns: Pattern[];
  degraded: DegradedIssuer[];
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
      note: `${pct(routeShares[r.routeId] ?? 0)} of ${issuerId} payments start on ${r.routeId}`,
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
    clarity: clamp01(clarity),
    routeShares,
    evidence,
  };
  if (routeId !== undefined) fault.routeId = routeId;
  return fault;
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

function successEvidence(d: DegradedIssuer): Evidence {
  return {
    metric: 'successRate',
    issuerId: d.issuerId,
    baselineValue: d.baseline.successRate,
    currentValue: d.current.successRate,
    note: `${pct(d.trafficShare)} of traffic, ${d.current.transactionCount} payments`,
  };
}

function severityFactor(d: DegradedIssuer, config: ReasoningConfig): number {
  const rel = d.baseline.successRate > 0 ? d.deficit / d.baseline.successRate : 0;
  const underThreshold = d.current.successRate < config.issuerDegradationThreshold ? 0.5 : 0;
  return clamp01(
    Math.max(rel / (config.criticalMultiplier * config.successRateDropThreshold), underThreshold),
  );
}

function strengthOf(parts: number): number {
  return round(Math.min(0.95, Math.max(0.05, parts)), 4);
}

function faultWords(d: DegradedIssuer): string {
  const f = d.fault;
  if (f.location === 'route')
    return `route-side on ${f.routeId}: TIMEOUT/ISSUER_UNAVAILABLE up ${pct(f.routeExcess)} of payments`;
  if (f.location === 'issuer')
    return `issuer-side: INSUFFICIENT_FUNDS/DO_NOT_HONOR up ${pct(f.issuerExcess)} of payments`;
  if (f.location === 'network') return 'route-type errors on every route';
  return 'cause unclear from the error codes';
}

/** The issuer_degradation and processor_outage patterns from the degraded issuers. */
function degradationPatterns(
  degraded: readonly DegradedIssuer[],
  current: MetricsSnapshot,
  config: ReasoningConfig,
): Pattern[] {
  const patterns: Pattern[] = [];
  const withTraffic = current.issuerMetrics.filter((m) => m.transactionCount > 0).length;
  const outageSize = Math.max(2, Math.ceil(0.75 * withTraffic));

  // Most issuers degraded route-side on the same route: the processor behind that route.
  const routeSide = new Map<RouteId, DegradedIssuer[]>();
  for (const d of degraded) {
    if (d.fault.location !== 'route' || d.fault.routeId === undefined) continue;
    const list = routeSide.get(d.fault.routeId) ?? [];
    list.push(d);
    routeSide.set(d.fault.routeId, list);
  }
  const inOutage = new Set<string>();
  // A route far past its capacity fails because of the load on it (retries piling up), not only
  // because its processor is weak: the outage reading weakens as overload grows.
  const overload = (routeId: RouteId): number => {
    const load = current.routeMetrics?.find((r) => r.routeId === routeId)?.load;
    return load === undefined ? 0 : clamp01(load - 1.5);
  };
  for (const [routeId, list] of routeSide) {
    if (list.length < outageSize) continue;
    for (const d of list) inOutage.add(d.issuerId);
    const share = list.reduce((s, d) => s + d.trafficShare, 0);
    const clarity = list.reduce((s, d) => s + d.fault.clarity, 0) / list.length;
    const sev = list.reduce((s, d) => s + severityFactor(d, config), 0) / list.length;
    patterns.push({
      type: 'processor_outage',
      issuerIds: list.map((d) => d.issuerId),
      faultLocation: 'route',
      routeId,
      strength: strengthOf(
        0.35 + 0.3 * sev + 0.15 * clamp01(share) + 0.15 * clarity - 0.3 * overload(routeId),
      ),
      description: `${list.length} of ${withTraffic} issuers degraded on the ${routeId} route (${pct(share)} of traffic): the processor behind it looks down`,
      evidence: list
        .flatMap((d) => [successEvidence(d), ...d.fault.evidence.slice(0, 2)])
        .slice(0, 40),
    });
  }

  // Issuer-side declines are one pattern across issuers: routing cannot help any of them.
  const issuerSide = degraded.filter(
    (d) => !inOutage.has(d.issuerId) && d.fault.location === 'issuer',
  );
  if (issuerSide.length > 0) {
    const share = issuerSide.reduce((s, d) => s + d.trafficShare, 0);
    const clarity = issuerSide.reduce((s, d) => s + d.fault.clarity, 0) / issuerSide.length;
    const sev = Math.max(...issuerSide.map((d) => severityFactor(d, config)));
    patterns.push({
      type: 'issuer_degradation',
      issuerIds: issuerSide.map((d) => d.issuerId),
      faultLocation: 'issuer',
      strength: strengthOf(0.35 + 0.35 * sev + 0.25 * clarity),
      description: `Issuer-side declines at ${issuerSide.map((d) => d.issuerId).join(', ')} (${pct(share)} of traffic): ${issuerSide.map((d) => `${d.issuerId} ${pct(d.current.successRate)} vs ${pct(d.baseline.successRate)}`).join(', ')}`,
      evidence: issuerSide
        .flatMap((d) => [successEvidence(d), ...d.fault.evidence.slice(0, 3)])
        .slice(0, 40),
    });
  }

  // Everything else is judged issuer by issuer: routing acts per issuer.
  for (const d of degraded) {
    if (inOutage.has(d.issuerId) || d.fault.location === 'issuer') continue;
    const pattern: Pattern = {
      type: 'issuer_degradation',
      issuerIds: [d.issuerId],
      faultLocation: d.fault.location,
      strength: strengthOf(0.35 + 0.35 * severityFactor(d, config) + 0.25 * d.fault.clarity),
      description: `Issuer ${d.issuerId} at ${pct(d.current.successRate)} against ${pct(d.baseline.successRate)} baseline (${pct(d.trafficShare)} of traffic), ${faultWords(d)}`,
      evidence: [successEvidence(d), ...d.fault.evidence].slice(0, 40),
    };
    if (d.fault.routeId !== undefined) pattern.routeId = d.fault.routeId;
    patterns.push(pattern);
  }
  return patterns;
}

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

function retryStormPattern(
  anomalies: readonly Anomaly[],
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  config: ReasoningConfig,
): Pattern | null {
  const a = anomalies.find((x) => x.type === 'retry_amplification' && x.scope === 'system');
  if (!a) return null;
  const severity = clamp01(
    (current.retryRatio - config.retryRatioThreshold) /
      ((config.criticalMultiplier - 1) * config.retryRatioThreshold || config.retryRatioThreshold),
  );
  // Retries that merely follow more failures keep the same retries-per-failure as baseline; a storm
  // multiplies them (stacked retry layers, no backoff), so that ratio is the storm's signature.
  const perFailureNow = retriesPerFailure(current);
  const perFailureBase = Math.max(retriesPerFailure(baseline), 1);
  const amplification = perFailureNow / perFailureBase;
  const ampFactor = clamp01((amplification - 1) / 1.5);
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
  if (peak !== null) {
    const baseLoad = baseline.routeMetrics?.find((r) => r.routeId === peak.routeId)?.load;
    evidence.push({
      metric: 'routeLoad',
      routeId: peak.routeId,
      baselineValue: baseLoad ?? null,
      currentValue: peak.load,
      note: 'attempts over nominal capacity; above 1 the route is overloaded',
    });
    // Overload is the storm's own mark: retries pile onto a route far past its capacity.
    overload = clamp01(peak.load - 1);
  }
  const issuerRetries = anomalies.filter(
    (x) => x.type === 'retry_amplification' && x.scope !== 'system',
  );
  for (const x of issuerRetries.slice(0, 4)) evidence.push(...x.evidence);
  const pattern: Pattern = {
    type: 'retry_storm',
    issuerIds: issuerRetries.map((x) => x.scope),
    faultLocation: 'client',
    strength: strengthOf(0.3 + 0.2 * severity + 0.45 * ampFactor + 0.35 * overload),
    description: `Retries are ${pct(current.retryRatio)} of all attempts against ${pct(baseline.retryRatio)} baseline (${current.totalRetries} retries for ${current.totalTransactions} payments, ${perFailureNow.toFixed(1)} per failed payment against ${perFailureBase.toFixed(1)}${ampFactor > 0.2 ? ': clients amplify' : ': retries follow the failures'})${peak !== null && peak.load > 1 ? `; the ${peak.routeId} route runs at ${peak.load.toFixed(2)}× capacity` : ''}`,
    evidence: evidence.slice(0, 40),
  };
  if (peak !== null && peak.load > 1) pattern.routeId = peak.routeId;
  return pattern;
}

function latencyPattern(
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
  const severity = clamp01(
    system.deviation / (config.criticalMultiplier * config.latencySpikeThreshold),
  );
  return {
    type: 'latency_spike',
    issuerIds: slow.map((x) => x.scope),
    faultLocation: slow.length >= 2 || slowShare >= 0.5 ? 'network' : 'unknown',
    strength: strengthOf(0.3 + 0.35 * severity + 0.3 * clamp01(slowShare)),
    description: `System p99 latency ${Math.round(system.currentValue)} ms against ${Math.round(system.baselineValue)} ms baseline; ${slow.length} issuer(s) slower (${pct(slowShare)} of traffic), ${pct(unexplainedShare)} of traffic slow without being degraded: no single issuer to blame`,
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

/** Recognises failure patterns from the anomalies and the metrics; strongest first, `noise` when none matches. */
export function recognisePatterns(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  anomalies: readonly Anomaly[],
  config: ReasoningConfig,
): PatternAnalysis {
  const degraded = findDegradedIssuers(current, baseline, anomalies, config);
  const patterns = degradationPatterns(degraded, current, config);
  const storm = retryStormPattern(anomalies, current, baseline, config);
  if (storm) patterns.push(storm);
  const latency = latencyPattern(anomalies, degraded, current, config);
  if (latency) patterns.push(latency);
  patterns.sort((a, b) => b.strength - a.strength);
  if (patterns.length === 0) patterns.push(noisePattern(anomalies, current, baseline));
  return { patterns: patterns.slice(0, MAX_PATTERNS), degraded };
}
