import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG as CONFIG, type IssuerMetrics } from '../../../../src/contracts';
import {
  MAX_ANOMALIES,
  detectAnomalies,
  issuerView,
  pairIssuers,
  systemView,
} from '../../../../src/domain/reasoning/anomalies';
import { makeSnapshot, withIssuers, type IssuerSpec } from './snapshots';

const baseline = makeSnapshot();
const labels = (current = makeSnapshot(), base = baseline) =>
  detectAnomalies(current, base, CONFIG).map((a) => `${a.scope}/${a.type}/${a.severity}`);

describe('detectAnomalies: order', () => {
  it('lists the system first, then issuers critical before warning and larger deviations first', () => {
    // Issuers are planned visa, mastercard, amex, discover; by hand the deviations are
    // mastercard (0.99 − 0.80) / 0.99 = 0.192 and visa 0.152 (both critical), then the warnings:
    // amex's p99 770 against 550 = 0.4, discover 0.091 and amex's success 0.061.
    const current = makeSnapshot({
      issuers: withIssuers(
        { id: 'visa', successRate: 0.84 },
        { id: 'mastercard', successRate: 0.8 },
        { id: 'amex', successRate: 0.93, p99: 770 },
        { id: 'discover', successRate: 0.9 },
      ),
    });
    expect(labels(current)).toEqual([
      'system/success_rate_drop/critical',
      'mastercard/success_rate_drop/critical',
      'visa/success_rate_drop/critical',
      'amex/latency_spike/warning',
      'discover/success_rate_drop/warning',
      'amex/success_rate_drop/warning',
    ]);
  });

  it('keeps the system anomalies first even when an issuer deviates more', () => {
    // System p99 (0.45 × 1400 + 0.55 × 550 = 932.5 ms) is 70 % up; visa's 1400 ms is 155 % up.
    const current = makeSnapshot({ issuers: withIssuers({ id: 'visa', p99: 1400 }) });
    expect(labels(current)).toEqual([
      'system/latency_spike/critical',
      'visa/latency_spike/critical',
    ]);
  });

  it('finds nothing in a window that matches its baseline', () => {
    expect(labels()).toEqual([]);
  });
});

describe('detectAnomalies: the cap', () => {
  const many = (n: number, change: Partial<IssuerSpec>): IssuerSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `issuer-${String(i).padStart(2, '0')}`,
      share: 1 / n,
      successRate: 0.99,
      ...change,
    }));

  it(`reports at most ${MAX_ANOMALIES} anomalies, system ones first`, () => {
    expect(MAX_ANOMALIES).toBe(100);
    // 40 issuers with all three anomalies each, plus the system's three: 123 before the cap.
    const bad = { successRate: 0.5, p99: 1400, retryRatio: 0.3 };
    const current = makeSnapshot({ total: 12_000, issuers: many(40, bad) });
    const base = makeSnapshot({ total: 12_000, issuers: many(40, {}) });
    const all = detectAnomalies(current, base, CONFIG);
    expect(all).toHaveLength(100);
    expect(all.slice(0, 3).map((a) => a.scope)).toEqual(['system', 'system', 'system']);
    expect(all.filter((a) => a.scope === 'system')).toHaveLength(3);
  });

  it('keeps every anomaly under the cap', () => {
    // 30 issuers with all three anomalies each and the system's three: 93.
    const bad = { successRate: 0.5, p99: 1400, retryRatio: 0.3 };
    const current = makeSnapshot({ total: 12_000, issuers: many(30, bad) });
    const base = makeSnapshot({ total: 12_000, issuers: many(30, {}) });
    expect(detectAnomalies(current, base, CONFIG)).toHaveLength(93);
  });
});

describe('scope views', () => {
  it('reads the system view from the snapshot, attempts from totalAttempts when given', () => {
    const s = makeSnapshot();
    // 6,000 payments; retries round(n · 0.01 / 0.99) per issuer: 27 + 21 + 7 + 5 = 60.
    expect(systemView(s)).toStrictEqual({
      scope: 'system',
      successRate: s.successRate,
      latency: s.latency,
      transactions: 6000,
      retries: 60,
      attempts: 6060,
      retryRatio: s.retryRatio,
    });
    expect(systemView({ ...s, totalAttempts: 6100 }).attempts).toBe(6100);
  });

  it('derives an issuer’s attempts and retry ratio from its counts, zero when it has none', () => {
    const visa = makeSnapshot().issuerMetrics[0]!;
    expect(issuerView({ ...visa, transactionCount: 300, retryCount: 100 })).toEqual({
      scope: 'visa',
      issuerId: 'visa',
      successRate: 0.99,
      latency: visa.latency,
      transactions: 300,
      retries: 100,
      attempts: 400,
      retryRatio: 0.25,
    });
    const idle: IssuerMetrics = { ...visa, transactionCount: 0, retryCount: 0 };
    expect(issuerView(idle).retryRatio).toBe(0);
  });

  it('pairs issuers by id in the current order, skipping those missing from either side', () => {
    const current = makeSnapshot();
    const base = makeSnapshot({
      issuers: withIssuers()
        .filter((i) => i.id !== 'amex')
        .reverse(),
    });
    const pairs = pairIssuers(
      { ...current, issuerMetrics: current.issuerMetrics.filter((m) => m.issuerId !== 'visa') },
      base,
    );
    expect(pairs.map((p) => [p.current.issuerId, p.baseline.issuerId])).toEqual([
      ['mastercard', 'mastercard'],
      ['discover', 'discover'],
    ]);
    expect(pairs[0]!.baseline).toBe(base.issuerMetrics.find((m) => m.issuerId === 'mastercard'));
  });
});
