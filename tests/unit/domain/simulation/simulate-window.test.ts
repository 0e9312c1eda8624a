import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ISSUER_NAMES,
  KNOWN_ERROR_CODES,
  MetricsSnapshotSchema,
} from '../../../../src/contracts';
import { healthyScenario, simulatePair, simulateWindow } from '../../../../src/domain/simulation';
import { T0, allIssuers, issuer, onBackup, scenario } from './fixtures';

const DEGRADED = scenario({ id: 'degraded-0.85', issuerHealth: allIssuers(0.85) });

describe('simulateWindow: the snapshot contract', () => {
  it('produces a snapshot that parses with MetricsSnapshotSchema, extensions included', () => {
    const snapshot = simulateWindow(DEGRADED, DEFAULT_CONTROL_PLANE, T0);
    expect(MetricsSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.timestamp).toBe(T0);
    expect(snapshot.totalTransactions).toBe(6000);
    expect(snapshot.windowSize).toBe(6000);
    expect(snapshot.seed).toBe(42);
    expect(snapshot.scenarioId).toBe('degraded-0.85');
    expect(snapshot.routeMetrics?.map((r) => r.routeId)).toEqual(['primary', 'backup']);
    for (const m of snapshot.issuerMetrics) {
      expect(m.routes?.map((r) => r.routeId)).toEqual(['primary', 'backup']);
      expect(m.routes?.every((r) => typeof r.load === 'number')).toBe(true);
      expect(m.errorBreakdown).toBeDefined();
    }
  });

  it('names the issuers in traffic-share order with their display names', () => {
    const snapshot = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, T0);
    expect(snapshot.issuerMetrics.map((m) => m.issuerName)).toEqual(Object.values(ISSUER_NAMES));
  });

  it('keeps its totals consistent across issuers, routes and error codes', () => {
    const s = simulateWindow(DEGRADED, DEFAULT_CONTROL_PLANE, T0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(s.issuerMetrics.map((m) => m.transactionCount))).toBe(s.totalTransactions);
    expect(sum(s.issuerMetrics.map((m) => m.retryCount))).toBe(s.totalRetries);
    expect(sum(s.routeMetrics!.map((r) => r.attemptCount))).toBe(s.totalAttempts);
    expect(s.totalAttempts).toBe(s.totalTransactions + s.totalRetries);
    expect(s.retryRatio).toBeCloseTo(s.totalRetries / s.totalAttempts!, 12);
    const failed = sum(s.errorBreakdown.map((e) => e.count));
    expect(failed).toBe(Math.round(s.totalTransactions * (1 - s.successRate)));
    expect(sum(s.issuerMetrics.map((m) => m.errorCount))).toBe(failed);
    for (const e of s.errorBreakdown) {
      expect(KNOWN_ERROR_CODES).toContain(e.code);
      expect(e.percentage).toBeCloseTo(e.count / s.totalTransactions, 12);
    }
    const counts = s.errorBreakdown.map((e) => e.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('charges the backup route more per payment than the primary', () => {
    const primary = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, T0);
    const backup = simulateWindow(
      HEALTHY_SCENARIO,
      onBackup('visa', 'mastercard', 'amex', 'discover'),
      T0,
    );
    expect(primary.costPerTransaction).toBeGreaterThan(1);
    expect(primary.costPerTransaction).toBeLessThan(1.1);
    expect(backup.costPerTransaction).toBeGreaterThan(1.6);
  });

  it('reports an idle route as fully successful with zero latency and no attempts', () => {
    const s = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, T0);
    const backup = issuer(s, 'visa').routes![1];
    expect(backup).toMatchObject({ routeId: 'backup', attemptCount: 0, transactionCount: 0 });
    expect(backup.successRate).toBe(1);
    expect(backup.latency).toEqual({ p50: 0, p95: 0, p99: 0 });
  });

  it('simulates a window of a single payment', () => {
    const s = simulateWindow(scenario({ trafficVolume: 1 }), DEFAULT_CONTROL_PLANE, T0);
    expect(MetricsSnapshotSchema.safeParse(s).success).toBe(true);
    expect(s.totalTransactions).toBe(1);
  });
});

describe('simulateWindow: determinism', () => {
  it('gives a deep-equal snapshot for the same inputs and seed', () => {
    const a = simulateWindow(DEGRADED, DEFAULT_CONTROL_PLANE, T0);
    const b = simulateWindow(structuredClone(DEGRADED), structuredClone(DEFAULT_CONTROL_PLANE), T0);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives a different window for a different seed', () => {
    const a = simulateWindow(DEGRADED, DEFAULT_CONTROL_PLANE, T0);
    const b = simulateWindow({ ...DEGRADED, seed: 43 }, DEFAULT_CONTROL_PLANE, T0);
    expect(b.successRate).not.toBe(a.successRate);
  });

  it('does not change its inputs', () => {
    const s = structuredClone(DEGRADED);
    const p = structuredClone(DEFAULT_CONTROL_PLANE);
    simulatePair(s, p, T0);
    expect(s).toEqual(DEGRADED);
    expect(p).toEqual(DEFAULT_CONTROL_PLANE);
  });
});

describe('simulateWindow: plausibility against the seeds’ example', () => {
  it.each([42, 1, 7, 2024])(
    'has a healthy 6000-event baseline near 99 %% success (seed %i)',
    (seed) => {
      const s = simulateWindow({ ...HEALTHY_SCENARIO, seed }, DEFAULT_CONTROL_PLANE, T0);
      expect(s.successRate).toBeGreaterThanOrEqual(0.985);
      expect(s.successRate).toBeLessThanOrEqual(0.995);
      expect(s.latency.p50).toBeGreaterThanOrEqual(150);
      expect(s.latency.p50).toBeLessThanOrEqual(250);
      // A heavy tail: p99 well above the median, yet far below the timeout.
      expect(s.latency.p99).toBeGreaterThan(2.5 * s.latency.p50);
      expect(s.latency.p99).toBeLessThan(1500);
      for (const m of s.issuerMetrics) expect(m.successRate).toBeGreaterThan(0.97);
    },
  );

  it.each([42, 1, 7, 2024])(
    'brings success to 80–88 %% and p99 well over 25 %% above baseline at degradation 0.85 (seed %i)',
    (seed) => {
      const { baseline, current } = simulatePair({ ...DEGRADED, seed }, DEFAULT_CONTROL_PLANE, T0);
      expect(current.successRate).toBeGreaterThanOrEqual(0.8);
      expect(current.successRate).toBeLessThanOrEqual(0.88);
      expect(current.latency.p99).toBeGreaterThan(1.25 * baseline.latency.p99);
      const codes = current.errorBreakdown.slice(0, 2).map((e) => e.code);
      expect(codes.sort()).toEqual(['ISSUER_UNAVAILABLE', 'TIMEOUT']);
    },
  );

  it('shares traffic about 45/35/12/8 % between the issuers', () => {
    const s = simulateWindow(scenario({ trafficVolume: 100_000 }), DEFAULT_CONTROL_PLANE, T0);
    const shares = s.issuerMetrics.map((m) => m.transactionCount / s.totalTransactions);
    [0.45, 0.35, 0.12, 0.08].forEach((share, i) => expect(shares[i]).toBeCloseTo(share, 2));
  });
});

describe('healthyScenario and simulatePair', () => {
  it('resets every fault and keeps the traffic volume and the seed', () => {
    const faulty = scenario({
      id: 'everything-broken',
      issuerHealth: allIssuers(0.3),
      processorHealth: 0.5,
      issuerDeclineRate: 0.4,
      networkLatencyMultiplier: 4,
      retryAggressiveness: 1,
      clientBackoff: false,
      trafficVolume: 1234,
      seed: 99,
    });
    expect(healthyScenario(faulty)).toEqual({ ...HEALTHY_SCENARIO, trafficVolume: 1234, seed: 99 });
  });

  it('returns the healthy baseline and the current window on the same control plane', () => {
    const pair = simulatePair(DEGRADED, onBackup('visa'), T0);
    expect(pair.current).toEqual(simulateWindow(DEGRADED, onBackup('visa'), T0));
    expect(pair.baseline).toEqual(simulateWindow(healthyScenario(DEGRADED), onBackup('visa'), T0));
    expect(pair.baseline.successRate).toBeGreaterThan(pair.current.successRate);
  });
});
