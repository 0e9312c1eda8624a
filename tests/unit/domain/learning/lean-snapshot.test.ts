import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  MetricsSnapshotSchema,
} from '../../../../src/contracts';
import { leanSnapshot } from '../../../../src/domain/learning';
import { simulateWindow } from '../../../../src/domain/simulation';

describe('leanSnapshot', () => {
  const full = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 1_770_000_000_000);

  it('keeps every seed field and stays a valid snapshot', () => {
    const lean = leanSnapshot(full);
    expect(MetricsSnapshotSchema.parse(lean)).toEqual(lean);
    for (const key of [
      'successRate',
      'latency',
      'totalTransactions',
      'retryRatio',
      'errorBreakdown',
    ] as const) {
      expect(lean[key]).toEqual(full[key]);
    }
    expect(lean.issuerMetrics.map((m) => m.successRate)).toEqual(
      full.issuerMetrics.map((m) => m.successRate),
    );
  });

  it('drops the per-route and per-issuer breakdowns, more than halving the size', () => {
    const lean = leanSnapshot(full);
    expect(lean.routeMetrics).toBeUndefined();
    expect(
      lean.issuerMetrics.every((m) => m.routes === undefined && m.errorBreakdown === undefined),
    ).toBe(true);
    expect(full.routeMetrics).toBeDefined();
    expect(JSON.stringify(lean).length).toBeLessThan(JSON.stringify(full).length / 2);
  });
});
