import type { DegradedIssuer } from './patterns-degraded';
import type { Evidence, MetricsSnapshot, Pattern, ReasoningConfig, RouteId } from '../../contracts';
import { clampUnit } from '../numbers';
import { formatPercent } from '../percent';
import { overloadedByVolume } from './headroom';
import { patternStrength } from './patterns-strength';

function successEvidence(d: DegradedIssuer): Evidence {
  return {
    metric: 'successRate',
    issuerId: d.issuerId,
    baselineValue: d.baseline.successRate,
    currentValue: d.current.successRate,
    note: `${formatPercent(d.trafficShare)} of traffic, ${d.current.transactionCount} payments`,
  };
}

function severityFactor(d: DegradedIssuer, config: ReasoningConfig): number {
  const rel = d.baseline.successRate > 0 ? d.deficit / d.baseline.successRate : 0;
  const underThreshold = d.current.successRate < config.issuerDegradationThreshold ? 0.5 : 0;
  return clampUnit(
    Math.max(rel / (config.criticalMultiplier * config.successRateDropThreshold), underThreshold),
  );
}

function faultWords(d: DegradedIssuer): string {
  const f = d.fault;
  if (f.location === 'route')
    return `route-side on ${f.routeId}: TIMEOUT/ISSUER_UNAVAILABLE up ${formatPercent(f.routeExcess)} of payments`;
  if (f.location === 'issuer')
    return `issuer-side: INSUFFICIENT_FUNDS/DO_NOT_HONOR up ${formatPercent(f.issuerExcess)} of payments`;
  if (f.location === 'network') return 'route-type errors on every route';
  return 'cause unclear from the error codes';
}

/** The issuer_degradation and processor_outage patterns from the degraded issuers. */
export function degradationPatterns(
  degraded: readonly DegradedIssuer[],
  current: MetricsSnapshot,
  config: ReasoningConfig,
  baseline: MetricsSnapshot,
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
  // Payments alone filling the route are a capacity outage of their own, not a retry pile-up.
  const overload = (routeId: RouteId): number => {
    const load = current.routeMetrics?.find((r) => r.routeId === routeId)?.load;
    if (load === undefined || overloadedByVolume(current, baseline, routeId)) return 0;
    return clampUnit(load - 1.5);
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
      strength: patternStrength(
        0.35 + 0.3 * sev + 0.15 * clampUnit(share) + 0.15 * clarity - 0.3 * overload(routeId),
      ),
      description: `${list.length} of ${withTraffic} issuers degraded on the ${routeId} route (${formatPercent(share)} of traffic): the processor behind it looks down`,
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
      strength: patternStrength(0.35 + 0.35 * sev + 0.25 * clarity),
      description: `Issuer-side declines at ${issuerSide.map((d) => d.issuerId).join(', ')} (${formatPercent(share)} of traffic): ${issuerSide.map((d) => `${d.issuerId} ${formatPercent(d.current.successRate)} vs ${formatPercent(d.baseline.successRate)}`).join(', ')}`,
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
      strength: patternStrength(0.35 + 0.35 * severityFactor(d, config) + 0.25 * d.fault.clarity),
      description: `Issuer ${d.issuerId} at ${formatPercent(d.current.successRate)} against ${formatPercent(d.baseline.successRate)} baseline (${formatPercent(d.trafficShare)} of traffic), ${faultWords(d)}`,
      evidence: [successEvidence(d), ...d.fault.evidence].slice(0, 40),
    };
    if (d.fault.routeId !== undefined) pattern.routeId = d.fault.routeId;
    patterns.push(pattern);
  }
  return patterns;
}
