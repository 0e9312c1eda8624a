import {
  ISSUER_IDS,
  KNOWN_ERROR_CODES,
  LlmFactsSchema,
  parseContract,
  type Anomaly,
  type IssuerId,
  type LlmFacts,
  type MetricsSnapshot,
  type Pattern,
} from '../../contracts';
import { round } from '../numbers';
import { issuerView, pairIssuers, systemView } from './anomalies';

function isKnownIssuer(id: string): id is IssuerId {
  return (ISSUER_IDS as readonly string[]).includes(id);
}

function num(x: number, digits = 4): number {
  return Number.isFinite(x) ? round(x, digits) : 0;
}

/**
 * Collects the structured facts an LLM may see: numbers, enum values and the known issuer ids.
 * Issuers, error codes and scopes the lab does not know are left out, so text inside a snapshot
 * never reaches a prompt.
 */
export function buildLlmFacts(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  anomalies: readonly Anomaly[],
  patterns: readonly Pattern[],
): LlmFacts {
  const sb = systemView(baseline);
  const sc = systemView(current);
  const total = current.totalTransactions;
  const issuers: LlmFacts['issuers'] = [];
  for (const { current: c, baseline: b } of pairIssuers(current, baseline)) {
    if (!isKnownIssuer(c.issuerId) || issuers.some((x) => x.issuerId === c.issuerId)) continue;
    const vb = issuerView(b);
    const vc = issuerView(c);
    const routes = (c.routes ?? []).filter((r) => r.transactionCount > 0);
    const first = routes.reduce((s, r) => s + r.transactionCount, 0);
    issuers.push({
      issuerId: c.issuerId,
      trafficShare: total > 0 ? num(c.transactionCount / total) : 0,
      successRate: { baseline: num(b.successRate), current: num(c.successRate) },
      p99LatencyMs: { baseline: num(b.latency.p99, 0), current: num(c.latency.p99, 0) },
      retryRatio: { baseline: num(vb.retryRatio), current: num(vc.retryRatio) },
      errorShares: (c.errorBreakdown ?? [])
        .filter((e) => (KNOWN_ERROR_CODES as readonly string[]).includes(e.code))
        .slice(0, KNOWN_ERROR_CODES.length)
        .map((e) => ({
          code: e.code as (typeof KNOWN_ERROR_CODES)[number],
          share: num(e.percentage),
        })),
      routes: routes.slice(0, 2).map((r) => ({
        routeId: r.routeId,
        trafficShare: first > 0 ? num(r.transactionCount / first) : 0,
        successRate: num(r.successRate),
      })),
    });
    if (issuers.length >= ISSUER_IDS.length) break;
  }
  const facts: LlmFacts = {
    system: {
      transactions: Math.max(0, Math.round(sc.transactions)),
      successRate: { baseline: num(sb.successRate), current: num(sc.successRate) },
      p99LatencyMs: { baseline: num(sb.latency.p99, 0), current: num(sc.latency.p99, 0) },
      retryRatio: { baseline: num(sb.retryRatio), current: num(sc.retryRatio) },
    },
    issuers,
    anomalies: anomalies
      .filter((a) => a.scope === 'system' || isKnownIssuer(a.scope))
      .slice(0, 40)
      .map((a) => ({
        type: a.type,
        severity: a.severity,
        scope: a.scope as 'system' | IssuerId,
        baselineValue: num(a.baselineValue),
        currentValue: num(a.currentValue),
        deviation: num(a.deviation),
        pValue: a.pValue === null ? null : Math.min(1, Math.max(0, a.pValue)),
      })),
    patterns: patterns.slice(0, 20).map((p) => {
      const f: LlmFacts['patterns'][number] = {
        type: p.type,
        issuerIds: p.issuerIds.filter(isKnownIssuer).slice(0, 8),
        faultLocation: p.faultLocation,
        strength: num(p.strength),
      };
      if (p.routeId !== undefined) f.routeId = p.routeId;
      return f;
    }),
  };
  return facts;
}

const PATTERN_LIST = 'issuer_degradation, retry_storm, latency_spike, processor_outage, noise';
const ACTION_LIST =
  'shift_traffic, disable_route, adjust_retry_policy, implement_backoff, adjust_timeout, rate_limit, send_notification, do_nothing';

/**
 * Builds the LLM prompt from structured facts only. The facts are checked against LlmFactsSchema
 * first (a ContractError if they do not match), so nothing but numbers and enum values gets in.
 */
export function buildLlmPrompt(facts: LlmFacts): string {
  const checked = parseContract(LlmFactsSchema, facts, 'LLM facts');
  return [
    'You analyse payment-processing metrics for an operations agent.',
    'Given the FACTS below (success rates and retry ratios are shares 0-1, latencies in ms,',
    'baseline = healthy window, current = window under study), state the most likely root causes.',
    `Answer with a JSON array of 1 to 5 objects with exactly these keys:`,
    `"pattern" (one of: ${PATTERN_LIST}),`,
    '"rootCause" (one sentence, at most 500 characters),',
    '"evidence" (1 to 10 short strings citing the facts),',
    `"suggestedActions" (1 to 8 of: ${ACTION_LIST}),`,
    '"confidence" (a number from 0 to 0.99; never 1).',
    'Order the array by confidence, highest first. Output the JSON array and nothing else.',
    '',
    'FACTS:',
    JSON.stringify(checked),
  ].join('\n');
}
