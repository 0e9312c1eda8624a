import type {
  Anomaly,
  Evidence,
  IssuerMetrics,
  Latency,
  MetricsSnapshot,
  ReasoningConfig,
  Severity,
} from '../../contracts';
import { round } from '../numbers';
import { formatPercent } from '../percent';
import { p99IncreaseTest, twoProportionZTest, type TestResult } from '../statistics';

/** The numbers of one scope (the whole system or one issuer) that anomaly detection compares. */
export interface ScopeView {
  /** `system` or an issuer id. */
  scope: string;
  issuerId?: string;
  successRate: number;
  latency: Latency;
  transactions: number;
  retries: number;
  attempts: number;
  retryRatio: number;
}

/** Retry ratios below this are treated as this, so a near-zero baseline does not make every retry infinite. */
export const RETRY_RATIO_FLOOR = 0.01;

/** The system-wide view of a snapshot. */
export function systemView(s: MetricsSnapshot): ScopeView {
  const attempts = s.totalAttempts ?? s.totalTransactions + s.totalRetries;
  return {
    scope: 'system',
    successRate: s.successRate,
    latency: s.latency,
    transactions: s.totalTransactions,
    retries: s.totalRetries,
    attempts,
    retryRatio: s.retryRatio,
  };
}

/** The view of one issuer's metrics. */
export function issuerView(m: IssuerMetrics): ScopeView {
  const attempts = m.transactionCount + m.retryCount;
  return {
    scope: m.issuerId,
    issuerId: m.issuerId,
    successRate: m.successRate,
    latency: m.latency,
    transactions: m.transactionCount,
    retries: m.retryCount,
    attempts,
    retryRatio: attempts > 0 ? m.retryCount / attempts : 0,
  };
}

/** Pairs each current issuer with its baseline by issuer id (issuers missing from either side are skipped). */
export function pairIssuers(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
): { current: IssuerMetrics; baseline: IssuerMetrics }[] {
  const byId = new Map<string, IssuerMetrics>();
  for (const m of baseline.issuerMetrics) byId.set(m.issuerId, m);
  const pairs: { current: IssuerMetrics; baseline: IssuerMetrics }[] = [];
  for (const m of current.issuerMetrics) {
    const b = byId.get(m.issuerId);
    if (b) pairs.push({ current: m, baseline: b });
  }
  return pairs;
}

/**
 * Whether a test result allows calling the change real. A proportion test is impossible only when
 * a window is empty or both windows are all-success (no change at all), so then the answer is no.
 */
function significant(test: TestResult | null, config: ReasoningConfig): test is TestResult {
  return test !== null && test.pValue < config.significanceLevel;
}

function severityOf(deviation: number, threshold: number, config: ReasoningConfig): Severity {
  return deviation >= config.criticalMultiplier * threshold ? 'critical' : 'warning';
}

function where(v: ScopeView): string {
  return v.issuerId === undefined ? 'System' : `Issuer ${v.issuerId}`;
}

function pNote(test: TestResult | null): string {
  return test === null
    ? 'counts too small for a test'
    : `z = ${test.z.toFixed(2)}, p = ${test.pValue.toExponential(2)}`;
}

function evidence(
  v: ScopeView,
  metric: string,
  baselineValue: number,
  currentValue: number,
  note: string,
): Evidence {
  const e: Evidence = { metric, baselineValue, currentValue, note };
  if (v.issuerId !== undefined) e.issuerId = v.issuerId;
  return e;
}

/** success_rate_drop: relative drop beyond the threshold, confirmed by a one-sided two-proportion test. */
function successDrop(b: ScopeView, c: ScopeView, config: ReasoningConfig): Anomaly | null {
  // A zero baseline makes this −∞ or NaN, which never passes the threshold.
  const deviation = (b.successRate - c.successRate) / b.successRate;
  if (!(deviation > config.successRateDropThreshold)) return null;
  const test = twoProportionZTest(
    Math.round(b.successRate * b.transactions),
    b.transactions,
    Math.round(c.successRate * c.transactions),
    c.transactions,
    'less',
  );
  if (!significant(test, config)) return null;
  const note = `${c.transactions} payments against ${b.transactions}; ${pNote(test)}`;
  return {
    type: 'success_rate_drop',
    severity: severityOf(deviation, config.successRateDropThreshold, config),
    scope: c.scope,
    metric: 'successRate',
    baselineValue: b.successRate,
    currentValue: c.successRate,
    deviation: round(deviation, 6),
    pValue: test.pValue,
    description: `${where(c)} success rate ${formatPercent(c.successRate)} against ${formatPercent(b.successRate)} baseline (${formatPercent(deviation)} lower)`,
    evidence: [evidence(c, 'successRate', b.successRate, c.successRate, note)],
  };
}

/** latency_spike: p99 beyond the threshold above baseline, confirmed by a log-quantile test. */
function latencySpike(b: ScopeView, c: ScopeView, config: ReasoningConfig): Anomaly | null {
  if (!(b.latency.p99 > 0)) return null;
  const deviation = (c.latency.p99 - b.latency.p99) / b.latency.p99;
  if (!(deviation > config.latencySpikeThreshold)) return null;
  const test = p99IncreaseTest(
    { p50: b.latency.p50, p99: b.latency.p99, n: b.transactions },
    { p50: c.latency.p50, p99: c.latency.p99, n: c.transactions },
  );
  // The log-quantile test is impossible for degenerate percentiles; with payments in both windows
  // the deviation has to speak alone then.
  const untested = test === null && b.transactions > 0 && c.transactions > 0;
  if (!untested && !significant(test, config)) return null;
  return {
    type: 'latency_spike',
    severity: severityOf(deviation, config.latencySpikeThreshold, config),
    scope: c.scope,
    metric: 'latency.p99',
    baselineValue: b.latency.p99,
    currentValue: c.latency.p99,
    deviation: round(deviation, 6),
    pValue: test === null ? null : test.pValue,
    description: `${where(c)} p99 latency ${Math.round(c.latency.p99)} ms against ${Math.round(b.latency.p99)} ms baseline (${formatPercent(deviation)} higher)`,
    evidence: [
      evidence(c, 'latency.p99', b.latency.p99, c.latency.p99, pNote(test)),
      evidence(c, 'latency.p50', b.latency.p50, c.latency.p50, 'median for comparison'),
    ],
  };
}

/** retry_amplification: retry ratio over the threshold and a multiple of baseline, confirmed by a test. */
function retryAmplification(b: ScopeView, c: ScopeView, config: ReasoningConfig): Anomaly | null {
  const base = Math.max(b.retryRatio, RETRY_RATIO_FLOOR);
  if (!(
    c.retryRatio > config.retryRatioThreshold && c.retryRatio >= config.retryRatioFactor * base
  ))
    return null;
  const test = twoProportionZTest(b.retries, b.attempts, c.retries, c.attempts, 'greater');
  if (!significant(test, config)) return null;
  const deviation = (c.retryRatio - b.retryRatio) / base;
  const critical =
    c.retryRatio >= config.criticalMultiplier * config.retryRatioThreshold &&
    c.retryRatio >= config.criticalMultiplier * config.retryRatioFactor * base;
  return {
    type: 'retry_amplification',
    severity: critical ? 'critical' : 'warning',
    scope: c.scope,
    metric: 'retryRatio',
    baselineValue: b.retryRatio,
    currentValue: c.retryRatio,
    deviation: round(deviation, 6),
    pValue: test.pValue,
    description: `${where(c)} retry ratio ${formatPercent(c.retryRatio)} of attempts against ${formatPercent(b.retryRatio)} baseline (${(c.retryRatio / base).toFixed(1)}×)`,
    evidence: [
      evidence(
        c,
        'retryRatio',
        b.retryRatio,
        c.retryRatio,
        `${c.retries} retries in ${c.attempts} attempts; ${pNote(test)}`,
      ),
    ],
  };
}

/** Every anomaly of one scope. */
export function scopeAnomalies(b: ScopeView, c: ScopeView, config: ReasoningConfig): Anomaly[] {
  const out: Anomaly[] = [];
  const s = successDrop(b, c, config);
  if (s) out.push(s);
  const l = latencySpike(b, c, config);
  if (l) out.push(l);
  const r = retryAmplification(b, c, config);
  if (r) out.push(r);
  return out;
}

/** Most anomalies reported, so that a snapshot with dozens of issuers stays within the contract. */
export const MAX_ANOMALIES = 100;

/**
 * Detects deviations from baseline, system-wide first and then per issuer; critical before warning
 * and larger deviations first within each scope's order.
 */
export function detectAnomalies(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  config: ReasoningConfig,
): Anomaly[] {
  const system = scopeAnomalies(systemView(baseline), systemView(current), config);
  const issuers: Anomaly[] = [];
  for (const pair of pairIssuers(current, baseline)) {
    issuers.push(...scopeAnomalies(issuerView(pair.baseline), issuerView(pair.current), config));
  }
  issuers.sort(
    (a, b) =>
      Number(b.severity === 'critical') - Number(a.severity === 'critical') ||
      b.deviation - a.deviation,
  );
  return [...system, ...issuers].slice(0, MAX_ANOMALIES);
}
