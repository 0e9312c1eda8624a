import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG as CONFIG } from '../../../../src/contracts';
import { detectAnomalies } from '../../../../src/domain/reasoning';
import { healthyIssuers, makeSnapshot, visaRouteDegraded, withIssuers } from './snapshots';

const baseline = makeSnapshot();

describe('detectAnomalies', () => {
  it('finds nothing when the window matches its baseline', () => {
    expect(detectAnomalies(makeSnapshot(), baseline, CONFIG)).toEqual([]);
  });

  it('reports a success_rate_drop system-wide and for the issuer, with p-values and evidence', () => {
    const anomalies = detectAnomalies(visaRouteDegraded(0.84), baseline, CONFIG);
    const system = anomalies.find((a) => a.type === 'success_rate_drop' && a.scope === 'system');
    const visa = anomalies.find((a) => a.type === 'success_rate_drop' && a.scope === 'visa');
    expect(system).toBeDefined();
    expect(system!.severity).toBe('warning'); // 6.8 % below: over 5 %, under 2 × 5 %
    expect(system!.deviation).toBeCloseTo((0.99 - system!.currentValue) / 0.99, 6);
    expect(system!.pValue).toBeLessThan(1e-10);
    expect(visa!.severity).toBe('critical'); // 15 % below baseline
    expect(visa!.baselineValue).toBe(0.99);
    expect(visa!.currentValue).toBe(0.84);
    expect(visa!.evidence[0]).toMatchObject({ metric: 'successRate', issuerId: 'visa' });
    expect(anomalies.some((a) => a.scope === 'mastercard')).toBe(false);
  });

  it('ignores a drop under 5 %', () => {
    const current = makeSnapshot({ issuers: withIssuers({ id: 'visa', successRate: 0.95 }) });
    // visa 4 % below baseline; system ~1.8 % below.
    expect(detectAnomalies(current, baseline, CONFIG)).toEqual([]);
  });

  it('does not call a small window noisy drop an anomaly', () => {
    const small = makeSnapshot({
      total: 20,
      issuers: healthyIssuers().map((i) => ({ ...i, successRate: 0.9 })),
    });
    const smallBase = makeSnapshot({ total: 20 });
    const anomalies = detectAnomalies(small, smallBase, CONFIG);
    expect(anomalies.filter((a) => a.type === 'success_rate_drop')).toEqual([]);
    // The same rates on 6,000 payments are an anomaly.
    const big = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, successRate: 0.9 })),
    });
    expect(detectAnomalies(big, baseline, CONFIG).some((a) => a.type === 'success_rate_drop')).toBe(
      true,
    );
  });

  it('reports a latency_spike when p99 is more than 25 % above baseline, critical at 50 %', () => {
    const warning = makeSnapshot({ p99: 550 * 1.35 });
    const critical = makeSnapshot({ p99: 550 * 1.6 });
    const within = makeSnapshot({ p99: 550 * 1.2 });
    const w = detectAnomalies(warning, baseline, CONFIG).find((a) => a.type === 'latency_spike');
    const c = detectAnomalies(critical, baseline, CONFIG).find((a) => a.type === 'latency_spike');
    expect(w).toMatchObject({ scope: 'system', severity: 'warning', metric: 'latency.p99' });
    expect(w!.deviation).toBeCloseTo(0.35, 6);
    expect(w!.pValue).toBeLessThan(0.01);
    expect(c!.severity).toBe('critical');
    expect(detectAnomalies(within, baseline, CONFIG)).toEqual([]);
  });

  it('reports retry_amplification above the threshold and the baseline factor', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, retryRatio: 0.15 })),
    });
    const anomalies = detectAnomalies(current, baseline, CONFIG);
    const system = anomalies.find((a) => a.type === 'retry_amplification' && a.scope === 'system');
    expect(system).toBeDefined();
    expect(system!.currentValue).toBeCloseTo(0.15, 2);
    expect(system!.severity).toBe('warning'); // 15 % < 2 × 10 %
    expect(system!.pValue).toBeLessThan(1e-10);
    expect(anomalies.filter((a) => a.type === 'retry_amplification')).toHaveLength(5);
  });

  it('needs both the absolute threshold and the baseline factor for retry_amplification', () => {
    const highBase = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, retryRatio: 0.1 })),
    });
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, retryRatio: 0.15 })),
    });
    // 15 % is over 10 % but only 1.5 × a 10 % baseline.
    expect(detectAnomalies(current, highBase, CONFIG)).toEqual([]);
  });

  it('makes retry_amplification critical at twice the threshold', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, retryRatio: 0.3 })),
    });
    const a = detectAnomalies(current, baseline, CONFIG).find((x) => x.scope === 'system');
    expect(a!.severity).toBe('critical');
  });

  it('follows a stricter config', () => {
    const current = makeSnapshot({ issuers: withIssuers({ id: 'visa', successRate: 0.95 }) });
    const strict = { ...CONFIG, successRateDropThreshold: 0.02 };
    const anomalies = detectAnomalies(current, baseline, strict);
    expect(anomalies.map((a) => `${a.type}/${a.scope}`)).toContain('success_rate_drop/visa');
  });
});
