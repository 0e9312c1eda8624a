import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type MetricsSnapshot,
} from '../../../../src/contracts';
import {
  COST_POINTS_PER_UNIT,
  halfOnBackup,
  objectiveTerms,
  objectiveValue,
  riskPoints,
} from '../../../../src/domain/evaluation';
import { simulateWindow } from '../../../../src/domain/simulation';

const base = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 1);
const withSuccess = (
  successRate: number,
  extra: Partial<MetricsSnapshot> = {},
): MetricsSnapshot => ({
  ...base,
  successRate,
  ...extra,
});

describe('the objective', () => {
  it('counts successful payments linearly: +15 points beats +10 points by 5', () => {
    const ten = objectiveTerms(withSuccess(0.8), withSuccess(0.9), 0);
    const fifteen = objectiveTerms(withSuccess(0.8), withSuccess(0.95), 0);
    expect(ten.success).toBeCloseTo(10, 9);
    expect(fifteen.success).toBeCloseTo(15, 9);
    expect(objectiveValue(fifteen) - objectiveValue(ten)).toBeCloseTo(5, 9);
  });

  it('reads the latency of completed payments, not a p99 pinned at the timeout', () => {
    const pinned = { p50: 200, p95: 2000, p99: 2000 };
    const before = withSuccess(0.9, {
      latency: pinned,
      completedLatency: { p50: 200, p95: 400, p99: 600 },
    });
    const after = withSuccess(0.9, {
      latency: pinned,
      completedLatency: { p50: 200, p95: 900, p99: 1200 },
    });
    const terms = objectiveTerms(before, after, 0);
    expect(terms.latency).toBeCloseTo(-0.2 * 5, 9);
  });

  it('counts savings as well as spend', () => {
    const dearer = objectiveTerms(
      withSuccess(0.9, { costPerTransaction: 1 }),
      withSuccess(0.9, { costPerTransaction: 1.1 }),
      0,
    );
    const cheaper = objectiveTerms(
      withSuccess(0.9, { costPerTransaction: 1.1 }),
      withSuccess(0.9, { costPerTransaction: 1 }),
      0,
    );
    expect(dearer.cost).toBeCloseTo(-0.1 * COST_POINTS_PER_UNIT, 9);
    expect(cheaper.cost).toBeGreaterThan(0);
  });

  it('charges risk by share moved, three times for a move that cannot be undone', () => {
    const half = halfOnBackup(['visa']);
    const shift = riskPoints('shift_traffic', DEFAULT_CONTROL_PLANE, half);
    // Visa carries 45 % of payments; half of them moved is 22.5 % of all traffic.
    expect(shift).toBeCloseTo(-2 * 0.225, 9);
    const disabled = {
      ...DEFAULT_CONTROL_PLANE,
      disabledRoutes: [{ issuerId: 'visa' as const, routeId: 'primary' as const }],
    };
    expect(riskPoints('disable_route', DEFAULT_CONTROL_PLANE, disabled)).toBeCloseTo(
      -2 * 0.45 * 3,
      9,
    );
    expect(riskPoints('do_nothing', DEFAULT_CONTROL_PLANE, DEFAULT_CONTROL_PLANE)).toBe(-0);
  });
});
