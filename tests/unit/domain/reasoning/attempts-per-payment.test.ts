import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot, RouteMetrics } from '../../../../src/contracts';
import { attemptsPerPaymentOn } from '../../../../src/domain/reasoning/headroom';
import { makeSnapshot } from './snapshots';

/** A window whose backup served `attempts` attempts for `payments` payments first sent there. */
function withBackup(payments: number, attempts: number): MetricsSnapshot {
  const base = makeSnapshot();
  const primary = base.routeMetrics?.find((r) => r.routeId === 'primary') as RouteMetrics;
  const backup: RouteMetrics = {
    ...primary,
    routeId: 'backup',
    transactionCount: payments,
    attemptCount: attempts,
  };
  // The primary fails and retries: 2.6 attempts a payment there.
  const failing = { ...primary, attemptCount: Math.round(primary.transactionCount * 2.6) };
  return { ...base, routeMetrics: [failing, backup] };
}

describe('the attempts a payment moved onto a route makes there', () => {
  // The healthy baseline: 6,000 payments, 1 % of attempts retries.
  const baseline = makeSnapshot();
  const baselineRatio =
    (baseline.totalTransactions + baseline.totalRetries) / baseline.totalTransactions;

  it("are the destination's own attempts per payment when it carries enough to tell", () => {
    expect(attemptsPerPaymentOn(withBackup(500, 560), baseline, 'backup')).toBeCloseTo(1.12, 10);
  });

  it("are the healthy baseline's when the destination carried too little, not the source's", () => {
    expect(baselineRatio).toBeGreaterThan(1);
    expect(baselineRatio).toBeLessThan(1.1);
    expect(attemptsPerPaymentOn(withBackup(29, 90), baseline, 'backup')).toBe(baselineRatio);
    expect(attemptsPerPaymentOn(withBackup(0, 0), baseline, 'backup')).toBe(baselineRatio);
  });

  it('are never fewer than one, and one with no baseline traffic to read', () => {
    expect(attemptsPerPaymentOn(withBackup(100, 80), baseline, 'backup')).toBe(1);
    const empty = { ...baseline, totalTransactions: 0, totalRetries: 0 };
    expect(attemptsPerPaymentOn(withBackup(0, 0), empty, 'backup')).toBe(1);
  });
});
