import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG as CONFIG } from '../../../../src/contracts';
import { scopeAnomalies, type ScopeView } from '../../../../src/domain/reasoning/anomalies';

// Hand-made views with exact binary values (0.625 = 5/8, counts of 10,000), so each threshold can
// be hit exactly. Expected p-values come from the normal tail worked outside the code under test
// (Φ(−3.3806) = 3.616e−4 and so on).

/** A scope view: 10,000 payments, p50 200 ms, p99 400 ms, 1 % retries unless told otherwise. */
function view(v: Partial<Omit<ScopeView, 'latency'>> & { p50?: number; p99?: number } = {}) {
  const { p50 = 200, p99 = 400, ...rest } = v;
  const base: ScopeView = {
    scope: 'system',
    successRate: 0.9,
    latency: { p50, p95: p99, p99 },
    transactions: 10_000,
    retries: 100,
    attempts: 10_000,
    retryRatio: 0.01,
  };
  return { ...base, ...rest };
}

const visa = { scope: 'visa', issuerId: 'visa' };
const retry = (retries: number, attempts: number) => ({
  retries,
  attempts,
  retryRatio: retries / attempts,
});
const types = (b: ScopeView, c: ScopeView, config = CONFIG) =>
  scopeAnomalies(b, c, config).map((a) => `${a.type}/${a.severity}`);

describe('success_rate_drop', () => {
  it('is not reported at exactly the 5 % relative drop, and is just above it', () => {
    const b = view({ successRate: 0.625 });
    // (0.625 − 0.59375) / 0.625 = 0.05 exactly.
    expect(types(b, view({ successRate: 0.59375 }))).toEqual([]);
    const above = scopeAnomalies(b, view({ successRate: 0.59 }), CONFIG);
    expect(above).toHaveLength(1);
    expect(above[0]).toMatchObject({ type: 'success_rate_drop', severity: 'warning' });
    expect(above[0]!.deviation).toBe(0.056); // 0.035 / 0.625
  });

  it('turns critical at exactly twice the threshold, not just below it', () => {
    const b = view({ successRate: 0.625 });
    // 0.0625 / 0.625 = 0.1 = 2 × 5 %; 0.05625 / 0.625 = 0.09.
    expect(types(b, view({ successRate: 0.5625 }))).toEqual(['success_rate_drop/critical']);
    expect(types(b, view({ successRate: 0.56875 }))).toEqual(['success_rate_drop/warning']);
  });

  it('reports the drop with its one-sided p-value and evidence', () => {
    const b = view({ ...visa, successRate: 0.9, transactions: 1000 });
    const c = view({ ...visa, successRate: 0.85, transactions: 1000 });
    // Pooled 0.875, se = √(0.875·0.125·0.002) = 0.014790, z = −0.05 / 0.014790 = −3.3806.
    const [a] = scopeAnomalies(b, c, CONFIG);
    expect(a!.pValue).toBeCloseTo(3.6162e-4, 7);
    expect(a).toStrictEqual({
      type: 'success_rate_drop',
      severity: 'warning',
      scope: 'visa',
      metric: 'successRate',
      baselineValue: 0.9,
      currentValue: 0.85,
      deviation: 0.055556,
      pValue: a!.pValue,
      description: 'Issuer visa success rate 85.0% against 90.0% baseline (5.6% lower)',
      evidence: [
        {
          metric: 'successRate',
          issuerId: 'visa',
          baselineValue: 0.9,
          currentValue: 0.85,
          note: '1000 payments against 1000; z = -3.38, p = 3.62e-4',
        },
      ],
    });
  });

  it('is not reported when the drop crosses the threshold but is not significant', () => {
    // 200 payments each: z = −0.05 / √(0.875·0.125·0.01) = −1.512, p = 0.0653.
    const b = view({ successRate: 0.9, transactions: 200 });
    const c = view({ successRate: 0.85, transactions: 200 });
    expect(types(b, c)).toEqual([]);
    expect(types(b, c, { ...CONFIG, significanceLevel: 0.1 })).toEqual([
      'success_rate_drop/warning',
    ]);
    expect(types(b, c, { ...CONFIG, significanceLevel: 0.05 })).toEqual([]);
  });

  it('is not reported when the drop is significant but under the threshold', () => {
    // 2 points on a million payments is certain, but only 2 % relative.
    const b = view({ successRate: 0.99, transactions: 1_000_000 });
    const c = view({ successRate: 0.97, transactions: 1_000_000 });
    expect(types(b, c)).toEqual([]);
    expect(types(b, c, { ...CONFIG, successRateDropThreshold: 0.01 })).toEqual([
      'success_rate_drop/critical',
    ]);
  });

  it('is not reported against an empty baseline window, which cannot be tested', () => {
    const b = view({ successRate: 1, transactions: 0 });
    expect(types(b, view({ successRate: 0.5 }))).toEqual([]);
  });

  it('is not reported when the baseline had no successes to drop from', () => {
    expect(types(view({ successRate: 0 }), view({ successRate: 0 }))).toEqual([]);
  });
});

describe('latency_spike', () => {
  it('is not reported at exactly 25 % above the baseline p99, and is just above it', () => {
    expect(types(view({ p99: 400 }), view({ p99: 500 }))).toEqual([]); // 100 / 400 = 0.25
    expect(types(view({ p99: 400 }), view({ p99: 501 }))).toEqual(['latency_spike/warning']);
  });

  it('turns critical at exactly 50 % above, not just below it', () => {
    expect(types(view({ p99: 400 }), view({ p99: 600 }))).toEqual(['latency_spike/critical']);
    expect(types(view({ p99: 400 }), view({ p99: 599 }))).toEqual(['latency_spike/warning']);
  });

  it('reports the spike with its p-value, the p99 and the median for comparison', () => {
    // σ = ln(400 / 200) / z₉₉ = 0.2980 and ln(3) / z₉₉ = 0.4722; z = ln(1.5) / se = 19.45.
    const [a] = scopeAnomalies(view({ p99: 400 }), view({ p99: 600 }), CONFIG);
    expect(a!.pValue).toBeLessThan(1e-80);
    expect(a).toStrictEqual({
      type: 'latency_spike',
      severity: 'critical',
      scope: 'system',
      metric: 'latency.p99',
      baselineValue: 400,
      currentValue: 600,
      deviation: 0.5,
      pValue: a!.pValue,
      description: 'System p99 latency 600 ms against 400 ms baseline (50.0% higher)',
      evidence: [
        {
          metric: 'latency.p99',
          baselineValue: 400,
          currentValue: 600,
          note: `z = 19.45, p = ${a!.pValue!.toExponential(2)}`,
        },
        {
          metric: 'latency.p50',
          baselineValue: 200,
          currentValue: 200,
          note: 'median for comparison',
        },
      ],
    });
  });

  it('is not reported when a small window makes the spike insignificant', () => {
    // 20 payments each: z = 0.870, p = 0.192; on 10,000 the same spike is certain.
    const b = view({ p99: 400, transactions: 20 });
    const c = view({ p99: 600, transactions: 20 });
    expect(types(b, c)).toEqual([]);
    expect(types(b, c, { ...CONFIG, significanceLevel: 0.25 })).toEqual(['latency_spike/critical']);
    expect(types(b, c, { ...CONFIG, significanceLevel: 0.15 })).toEqual([]);
  });

  it('lets the deviation speak when percentiles are degenerate but both windows have payments', () => {
    const [a] = scopeAnomalies(view({ p99: 400 }), view({ p50: 0, p99: 600 }), CONFIG);
    expect(a).toMatchObject({ type: 'latency_spike', severity: 'critical', pValue: null });
    expect(a!.evidence[0]!.note).toBe('counts too small for a test');
  });

  it('is not reported when either window is empty', () => {
    expect(types(view({ p99: 400 }), view({ p50: 0, p99: 600, transactions: 0 }))).toEqual([]);
    expect(types(view({ p99: 400, transactions: 0 }), view({ p50: 0, p99: 600 }))).toEqual([]);
  });

  it('is not reported against a baseline p99 of zero', () => {
    expect(types(view({ p50: 0, p99: 0 }), view({ p99: 600 }))).toEqual([]);
  });
});

describe('retry_amplification', () => {
  it('is not reported at exactly the 10 % ratio, and is just above it', () => {
    const b = view(retry(100, 10_000));
    expect(types(b, view(retry(1000, 10_000)))).toEqual([]);
    expect(types(b, view(retry(1100, 10_000)))).toEqual(['retry_amplification/warning']);
  });

  it('needs at least twice the baseline ratio, exactly twice being enough', () => {
    const b = view(retry(600, 10_000)); // 6 %
    expect(types(b, view(retry(1200, 10_000)))).toEqual(['retry_amplification/warning']); // 12 %
    expect(types(b, view(retry(1190, 10_000)))).toEqual([]); // 11.9 %
  });

  it('treats a baseline ratio under 1 % as 1 %', () => {
    const [none] = scopeAnomalies(view(retry(0, 10_000)), view(retry(1100, 10_000)), CONFIG);
    expect(none!.deviation).toBe(11); // (0.11 − 0) / 0.01
    expect(none!.description).toBe(
      'System retry ratio 11.0% of attempts against 0.0% baseline (11.0×)',
    );
    const [low] = scopeAnomalies(view(retry(50, 10_000)), view(retry(1100, 10_000)), CONFIG);
    expect(low!.deviation).toBe(10.5); // (0.11 − 0.005) / 0.01
  });

  it('turns critical at twice the threshold and twice the factor, both needed', () => {
    const low = view(retry(100, 10_000)); // 1 %: critical needs 20 % and 4 × 1 %
    expect(types(low, view(retry(2000, 10_000)))).toEqual(['retry_amplification/critical']);
    expect(types(low, view(retry(1900, 10_000)))).toEqual(['retry_amplification/warning']);
    const high = view(retry(1000, 10_000)); // 10 %: critical needs 4 × 10 % = 40 %
    expect(types(high, view(retry(4000, 10_000)))).toEqual(['retry_amplification/critical']);
    expect(types(high, view(retry(3000, 10_000)))).toEqual(['retry_amplification/warning']);
  });

  it('reports the amplification with its one-sided p-value and the counts', () => {
    const b = view({ ...visa, ...retry(50, 1000) });
    const c = view({ ...visa, ...retry(11, 100) });
    // Pooled 61 / 1100, z = 2.4996, p = Φ(−2.4996) = 0.006216: significant at 1 %.
    const [a] = scopeAnomalies(b, c, CONFIG);
    expect(a!.pValue).toBeCloseTo(0.0062162, 6);
    expect(a).toStrictEqual({
      type: 'retry_amplification',
      severity: 'warning',
      scope: 'visa',
      metric: 'retryRatio',
      baselineValue: 0.05,
      currentValue: 0.11,
      deviation: 1.2, // (0.11 − 0.05) / 0.05
      pValue: a!.pValue,
      description: 'Issuer visa retry ratio 11.0% of attempts against 5.0% baseline (2.2×)',
      evidence: [
        {
          metric: 'retryRatio',
          issuerId: 'visa',
          baselineValue: 0.05,
          currentValue: 0.11,
          note: '11 retries in 100 attempts; z = 2.50, p = 6.22e-3',
        },
      ],
    });
  });

  it('is not reported when the rise crosses both thresholds but is not significant', () => {
    // 6 % of 1,000 against 12 % of 100: z = 2.313, p = 0.01036, just above 1 %.
    const b = view(retry(60, 1000));
    const c = view(retry(12, 100));
    expect(types(b, c)).toEqual([]);
    expect(types(b, c, { ...CONFIG, significanceLevel: 0.02 })).toEqual([
      'retry_amplification/warning',
    ]);
  });

  it('is not reported against an empty baseline window, which cannot be tested', () => {
    const b = view({ retries: 0, attempts: 0, retryRatio: 0 });
    expect(types(b, view(retry(2000, 10_000)))).toEqual([]);
  });
});

describe('scopeAnomalies', () => {
  it('lists a scope’s anomalies as success, latency, then retries', () => {
    const b = view({ successRate: 0.625, p99: 400, ...retry(100, 10_000) });
    const c = view({ successRate: 0.5625, p99: 501, ...retry(1100, 10_000) });
    expect(types(b, c)).toEqual([
      'success_rate_drop/critical',
      'latency_spike/warning',
      'retry_amplification/warning',
    ]);
  });
});
