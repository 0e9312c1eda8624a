import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, MetricsSnapshotSchema } from '../../../../src/contracts';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0, allIssuers, scenario } from './fixtures';

const at = (health: number) =>
  simulateWindow(scenario({ issuerHealth: allIssuers(health) }), DEFAULT_CONTROL_PLANE, T0);

describe('latency that tells faults apart', () => {
  it('pins the seed contract’s p99 at the timeout for small and large faults alike', () => {
    expect(at(0.97).latency.p99).toBe(2000);
    expect(at(0.8).latency.p99).toBe(2000);
  });

  it('tells a small route fault from a large one by the timeout share and the completed latency', () => {
    const healthy = at(1);
    const small = at(0.97);
    const large = at(0.8);
    expect(healthy.timeoutShare!).toBeLessThan(0.005);
    expect(small.timeoutShare!).toBeGreaterThan(healthy.timeoutShare!);
    expect(large.timeoutShare!).toBeGreaterThan(3 * small.timeoutShare!);
    expect(small.completedLatency!.p99).toBeLessThan(2000);
    expect(large.completedLatency!.p99).toBeLessThan(2000);
    expect(large.completedLatency!.p95).toBeGreaterThan(1.2 * small.completedLatency!.p95);
    expect(small.completedLatency!.p50).toBeGreaterThan(healthy.completedLatency!.p50);
  });

  it('counts every timeout of a window once: attempts that timed out over all attempts', () => {
    const s = at(0.85);
    const routes = s.routeMetrics!;
    const timedOut = routes.reduce((n, r) => n + r.timeoutShare! * r.attemptCount, 0);
    expect(timedOut / s.totalAttempts!).toBeCloseTo(s.timeoutShare!, 10);
    expect(Number.isInteger(Math.round(timedOut * 1e6) / 1e6)).toBe(true);
    expect(routes[1]!.timeoutShare).toBe(0);
    expect(MetricsSnapshotSchema.safeParse(s).success).toBe(true);
  });

  it('refuses a snapshot whose completed latency is out of order', () => {
    const s = { ...at(1), completedLatency: { p50: 300, p95: 200, p99: 400 } };
    expect(MetricsSnapshotSchema.safeParse(s).success).toBe(false);
    expect(MetricsSnapshotSchema.safeParse({ ...at(1), timeoutShare: 1.2 }).success).toBe(false);
  });
});
