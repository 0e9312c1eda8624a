import {
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  MetricsSnapshotSchema,
  type ErrorBreakdownEntry,
  type LearningContext,
  type MetricsSnapshot,
  type ReasoningConfig,
  type ReasoningInput,
  type RouteMetrics,
} from '../../../../src/contracts';

/** One route of one issuer in a hand-made snapshot. */
export interface RouteSpec {
  routeId: 'primary' | 'backup';
  /** Share of the issuer's payments that start on this route. */
  share: number;
  successRate: number;
  p99?: number;
  load?: number;
}

/** One issuer in a hand-made snapshot. */
export interface IssuerSpec {
  id: string;
  share: number;
  successRate: number;
  p50?: number;
  p99?: number;
  retryRatio?: number;
  /** Error code → share of the issuer's payments. */
  errors?: Record<string, number>;
  routes?: RouteSpec[];
}

/** A whole hand-made snapshot. */
export interface SnapshotSpec {
  total?: number;
  issuers?: IssuerSpec[];
  /** Overrides the system p99 (default: traffic-weighted issuer p99). */
  p99?: number;
  routeLoad?: Partial<Record<'primary' | 'backup', number>>;
  timestamp?: number;
}

const HEALTHY_ERRORS = { PAYMENT_FAILED: 0.004, INSUFFICIENT_FUNDS: 0.003, DO_NOT_HONOR: 0.003 };

/** Healthy issuers at the lab's traffic shares, everything on the primary route. */
export function healthyIssuers(): IssuerSpec[] {
  return [
    { id: 'visa', share: 0.45, successRate: 0.99 },
    { id: 'mastercard', share: 0.35, successRate: 0.99 },
    { id: 'amex', share: 0.12, successRate: 0.99 },
    { id: 'discover', share: 0.08, successRate: 0.99 },
  ];
}

/** The healthy issuers with some of them replaced (matched by id). */
export function withIssuers(...changes: (Partial<IssuerSpec> & { id: string })[]): IssuerSpec[] {
  return healthyIssuers().map((i) => {
    const c = changes.find((x) => x.id === i.id);
    return c ? { ...i, ...c } : i;
  });
}

function errorsOf(spec: IssuerSpec, n: number): ErrorBreakdownEntry[] {
  const errors = spec.errors ?? HEALTHY_ERRORS;
  return Object.entries(errors).map(([code, share]) => ({
    code,
    count: Math.round(share * n),
    percentage: share,
  }));
}

/** Builds a valid MetricsSnapshot from a compact description (aggregates computed consistently). */
export function makeSnapshot(spec: SnapshotSpec = {}): MetricsSnapshot {
  const total = spec.total ?? 6000;
  const issuers = spec.issuers ?? healthyIssuers();
  const routeTotals = new Map<'primary' | 'backup', { n: number; ok: number; p99: number }>();
  let retries = 0;
  let ok = 0;
  let p50 = 0;
  let p99 = 0;
  const errorCounts = new Map<string, number>();
  const issuerMetrics = issuers.map((i) => {
    const n = Math.round(total * i.share);
    const r = i.retryRatio ?? 0.01;
    const retryCount = Math.round((n * r) / (1 - r));
    retries += retryCount;
    ok += Math.round(i.successRate * n);
    const ip50 = i.p50 ?? 180;
    const ip99 = i.p99 ?? 550;
    p50 += i.share * ip50;
    p99 += i.share * ip99;
    const errorBreakdown = errorsOf(i, n);
    for (const e of errorBreakdown)
      errorCounts.set(e.code, (errorCounts.get(e.code) ?? 0) + e.count);
    const routes: RouteMetrics[] = (
      i.routes ?? [{ routeId: 'primary', share: 1, successRate: i.successRate }]
    ).map((rt) => {
      const rn = Math.round(n * rt.share);
      const t = routeTotals.get(rt.routeId) ?? { n: 0, ok: 0, p99: 0 };
      t.n += rn;
      t.ok += rn * rt.successRate;
      t.p99 = Math.max(t.p99, rt.p99 ?? ip99);
      routeTotals.set(rt.routeId, t);
      const rp99 = rt.p99 ?? ip99;
      const m: RouteMetrics = {
        routeId: rt.routeId,
        transactionCount: rn,
        attemptCount: rn,
        successRate: rt.successRate,
        latency: { p50: Math.min(ip50, rp99), p95: Math.min(ip50 * 1.8, rp99), p99: rp99 },
        errorCount: Math.round(rn * (1 - rt.successRate)),
      };
      if (rt.load !== undefined) m.load = rt.load;
      return m;
    });
    return {
      issuerId: i.id,
      issuerName: i.id.toUpperCase(),
      successRate: i.successRate,
      latency: { p50: ip50, p95: Math.min(ip50 * 1.8, ip99), p99: ip99 },
      transactionCount: n,
      errorCount: n - Math.round(i.successRate * n),
      retryCount,
      errorBreakdown,
      routes,
    };
  });
  const systemP99 = spec.p99 ?? p99;
  const snapshot: MetricsSnapshot = {
    timestamp: spec.timestamp ?? 1_700_000_000_000,
    successRate: total > 0 ? ok / total : 1,
    latency: { p50, p95: Math.min(p50 * 1.8, systemP99), p99: systemP99 },
    totalTransactions: total,
    totalRetries: retries,
    retryRatio: retries / (total + retries),
    errorBreakdown: [...errorCounts].map(([code, count]) => ({
      code,
      count,
      percentage: total > 0 ? count / total : 0,
    })),
    issuerMetrics,
    routeMetrics: [...routeTotals].map(([routeId, t]) => {
      const m: RouteMetrics = {
        routeId,
        transactionCount: t.n,
        attemptCount: t.n,
        successRate: t.n > 0 ? t.ok / t.n : 1,
        latency: { p50: Math.min(p50, t.p99), p95: Math.min(p50 * 1.8, t.p99), p99: t.p99 },
        errorCount: Math.round(t.n - t.ok),
      };
      const load = spec.routeLoad?.[routeId];
      if (load !== undefined) m.load = load;
      return m;
    }),
  };
  return MetricsSnapshotSchema.parse(snapshot);
}

/** A reasoning input over two hand-made windows with the default config and no experience. */
export function makeInput(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot = makeSnapshot(),
  extra: {
    learningContext?: LearningContext;
    config?: ReasoningConfig;
    llmHypotheses?: unknown;
  } = {},
): ReasoningInput {
  const input: ReasoningInput = {
    currentMetrics: current,
    baselineMetrics: baseline,
    learningContext: extra.learningContext ?? EMPTY_LEARNING_CONTEXT,
    config: extra.config ?? DEFAULT_REASONING_CONFIG,
    now: 1_700_000_060_000,
  };
  if ('llmHypotheses' in extra) input.llmHypotheses = extra.llmHypotheses;
  return input;
}

/** Visa's primary route failing: timeouts and unavailability on primary, everything routed there. */
export function visaRouteDegraded(successRate = 0.84): MetricsSnapshot {
  const lost = 0.99 - successRate;
  return makeSnapshot({
    issuers: withIssuers({
      id: 'visa',
      successRate,
      p99: 1400,
      retryRatio: 0.04,
      errors: { ...HEALTHY_ERRORS, TIMEOUT: lost * 0.6, ISSUER_UNAVAILABLE: lost * 0.4 },
    }),
  });
}

/**
 * Visa's primary route failing after half of visa's traffic was already shifted to the backup:
 * the primary carries 50 % of visa's payments, so disabling it is a move the guardrails allow.
 */
export function visaRouteHalfShifted(primarySuccess = 0.7): MetricsSnapshot {
  const successRate = 0.5 * primarySuccess + 0.5 * 0.99;
  const lost = 0.99 - successRate;
  return makeSnapshot({
    issuers: withIssuers({
      id: 'visa',
      successRate,
      p99: 1400,
      retryRatio: 0.04,
      errors: { ...HEALTHY_ERRORS, TIMEOUT: lost * 0.6, ISSUER_UNAVAILABLE: lost * 0.4 },
      routes: [
        { routeId: 'primary', share: 0.5, successRate: primarySuccess, p99: 1400 },
        { routeId: 'backup', share: 0.5, successRate: 0.99, p99: 700 },
      ],
    }),
  });
}
