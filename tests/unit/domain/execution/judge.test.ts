import { describe, expect, it } from 'vitest';
import { CanaryVerdictSchema, type EstimatedImpact } from '../../../../src/contracts';
import {
  CANARY_FAIL_ALPHA,
  CANARY_MARGINAL_ALPHA,
  CANARY_MIN_FAIL_DROP,
  canaryVerdict,
  EXPECTATION_SHARE,
  judgeOutcome,
  MAX_CONFIDENCE_ADJUSTMENT,
  NO_GAIN_TOLERANCE,
  twoSidedPValue,
} from '../../../../src/domain/execution/judge';
import { erfc } from '../../../../src/domain/statistics';
import { makeSnapshot } from '../../support/factories';

function estimate(successRateChange: number): EstimatedImpact {
  return { successRateChange, latencyImpact: 0, costImpact: 0.05, riskLevel: 0.2 };
}

/** Low p50 and p95 so that the p99 given is the p99 judged (the factory lifts p99 to p95). */
function judge(estimated: number, before: number, after: number, p99Before = 550, p99After = 550) {
  return judgeOutcome({
    estimatedImpact: estimate(estimated),
    withoutAction: makeSnapshot({ successRate: before, p50: 10, p95: 20, p99: p99Before }),
    withAction: makeSnapshot({ successRate: after, p50: 10, p95: 20, p99: p99After }),
  });
}

describe('judgeOutcome', () => {
  it('measures the paired success-rate change, p99 change and relative cost change', () => {
    const result = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ successRate: 0.83, p99: 2100, costPerTransaction: 0.8 }),
      withAction: makeSnapshot({ successRate: 0.85, p99: 900, costPerTransaction: 0.86 }),
    });
    expect(result.improvementAchieved).toBeCloseTo(0.02, 12);
    expect(result.latencyChangeMs).toBe(-1200);
    // (0.86 − 0.8) / 0.8: relative to the cost before, not the difference itself.
    expect(result.costChange).toBeCloseTo(0.075, 12);
    expect(result.metExpectations).toBe(true);
    expect(result.significantlyWorse).toBe(false);
    expect(result.status).toBe('success');
  });

  it('reports no cost change when a window does not measure cost or cost nothing before', () => {
    expect(judge(0.01, 0.9, 0.91).costChange).toBeNull();
    const free = judgeOutcome({
      estimatedImpact: estimate(0.01),
      withoutAction: makeSnapshot({ costPerTransaction: 0 }),
      withAction: makeSnapshot({ costPerTransaction: 0.1 }),
    });
    expect(free.costChange).toBeNull();
    const onlyAfter = judgeOutcome({
      estimatedImpact: estimate(0.01),
      withoutAction: makeSnapshot(),
      withAction: makeSnapshot({ costPerTransaction: 0.1 }),
    });
    expect(onlyAfter.costChange).toBeNull();
  });

  it('meets expectations from half the estimated gain upwards', () => {
    expect(judge(0.04, 0.8, 0.82).metExpectations).toBe(true);
    expect(judge(0.04, 0.8, 0.8199).metExpectations).toBe(false);
  });

  it('with no gain estimated, meets expectations unless it costs more than half a point', () => {
    expect(judge(0, 0.9, 0.896).metExpectations).toBe(true);
    expect(judge(0, 0.9, 0.894).metExpectations).toBe(false);
  });

  it('maps the achieved/estimated ratio to a confidence adjustment', () => {
    expect(judge(0.02, 0.8, 0.83).confidenceAdjustment).toBeCloseTo(0.2, 12); // ratio 1.5
    expect(judge(0.02, 0.8, 0.82).confidenceAdjustment).toBeCloseTo(0.1, 12); // ratio 1
    expect(judge(0.02, 0.8, 0.81).confidenceAdjustment).toBeCloseTo(0, 12); // ratio 0.5
    expect(judge(0.02, 0.8, 0.8).confidenceAdjustment).toBeCloseTo(-0.1, 12); // ratio 0
    expect(judge(0.02, 0.8, 0.79).confidenceAdjustment).toBeCloseTo(-0.2, 12); // ratio −0.5
    expect(judge(0.02, 0.8, 0.9).confidenceAdjustment).toBe(0.2); // clamped
  });

  it('with no gain estimated, moves confidence by 0.1 per point around the tolerance line', () => {
    expect(judge(0, 0.9, 0.9).confidenceAdjustment).toBeCloseTo(0.05, 12);
    expect(judge(0, 0.9, 0.895).confidenceAdjustment).toBeCloseTo(0, 12);
    expect(judge(0, 0.9, 0.885).confidenceAdjustment).toBeCloseTo(-0.1, 12);
  });

  it('calls a drop of two points or more significantly worse, with the lowest confidence', () => {
    const result = judge(0.02, 0.9, 0.88);
    expect(result.significantlyWorse).toBe(true);
    expect(result.metExpectations).toBe(false);
    expect(result.confidenceAdjustment).toBe(-0.2);
    expect(result.status).toBe('failed');
    expect(judge(0.02, 0.9, 0.8801).significantlyWorse).toBe(false);
  });

  it('calls a large p99 rise significantly worse even when success holds', () => {
    expect(judge(0, 0.9, 0.9, 400, 700).significantlyWorse).toBe(true);
    expect(judge(0, 0.9, 0.9, 400, 700).latencyChangeMs).toBe(300);
    // +62.5 % but only 50 ms: too small to matter.
    expect(judge(0, 0.9, 0.9, 80, 130).latencyChangeMs).toBe(50);
    expect(judge(0, 0.9, 0.9, 80, 130).significantlyWorse).toBe(false);
    // +126 % and 101 ms: both floors crossed.
    expect(judge(0, 0.9, 0.9, 80, 181).significantlyWorse).toBe(true);
    // +190 ms but only +47.5 %.
    expect(judge(0, 0.9, 0.9, 400, 590).significantlyWorse).toBe(false);
  });

  it('meets a gain estimate from exactly half of it (EXPECTATION_SHARE), not below', () => {
    expect(EXPECTATION_SHARE).toBe(0.5);
    expect(judge(0.02, 0.8, 0.81).metExpectations).toBe(true);
    expect(judge(0.02, 0.8, 0.8099).metExpectations).toBe(false);
  });

  it('with no gain estimated, tolerates exactly half a point (NO_GAIN_TOLERANCE), not more', () => {
    expect(NO_GAIN_TOLERANCE).toBe(0.005);
    expect(judge(0, 0.9, 0.895).metExpectations).toBe(true);
    expect(judge(0, 0.9, 0.8949).metExpectations).toBe(false);
    // A loss estimated is held to the estimate minus the tolerance.
    expect(judge(-0.01, 0.9, 0.885).metExpectations).toBe(true);
    expect(judge(-0.01, 0.9, 0.8849).metExpectations).toBe(false);
  });

  it('bounds the confidence adjustment at ±MAX_CONFIDENCE_ADJUSTMENT on both sides', () => {
    expect(MAX_CONFIDENCE_ADJUSTMENT).toBe(0.2);
    expect(judge(0, 0.9, 0.95).confidenceAdjustment).toBe(0.2);
    // 10 · (achieved + 0.005): 0.2 at +1.5 pt, 0.19 at +1.4 pt.
    expect(judge(0, 0.9, 0.915).confidenceAdjustment).toBeCloseTo(0.2, 12);
    expect(judge(0, 0.9, 0.914).confidenceAdjustment).toBeCloseTo(0.19, 12);
    expect(judge(0.02, 0.9, 0.8805).confidenceAdjustment).toBe(-0.2);
  });

  it('keeps every field inside the ActionOutcome ranges for extreme windows', () => {
    const result = judge(1, 0, 1);
    expect(result.improvementAchieved).toBe(1);
    expect(result.confidenceAdjustment).toBeLessThanOrEqual(0.2);
    const worst = judge(-1, 1, 0);
    expect(worst.improvementAchieved).toBe(-1);
    expect(worst.confidenceAdjustment).toBe(-0.2);
  });

  it('never reports negative zero', () => {
    const result = judge(0.01, 0.9, 0.9);
    expect(Object.is(result.improvementAchieved, -0)).toBe(false);
    expect(Object.is(result.latencyChangeMs, -0)).toBe(false);
  });
});

describe('canaryVerdict', () => {
  it('passes when the success rate holds', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95 }),
      makeSnapshot({ successRate: 0.949 }),
    );
    expect(verdict.verdict).toBe('pass');
    expect(verdict.pValue).toBeGreaterThan(0.05);
    expect(CanaryVerdictSchema.safeParse(verdict).success).toBe(true);
  });

  it('passes an improvement however significant', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.8 }),
      makeSnapshot({ successRate: 0.95 }),
    );
    expect(verdict.verdict).toBe('pass');
    expect(verdict.zScore).toBeGreaterThan(20);
  });

  it('fails a significant drop of half a point or more', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95 }),
      makeSnapshot({ successRate: 0.93 }),
    );
    expect(verdict.verdict).toBe('fail');
    expect(verdict.zScore).toBeLessThan(-2.576);
    expect(verdict.pValue).toBeLessThan(0.01);
    expect(verdict.successRateBefore).toBe(0.95);
    expect(verdict.successRateAfter).toBe(0.93);
  });

  it('is marginal for a drop significant at 5 % but not at 1 %', () => {
    // 6,000 payments each: 0.95 → 0.942 gives z ≈ −1.95 … −2.1.
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95 }),
      makeSnapshot({ successRate: 0.9415 }),
    );
    expect(verdict.pValue).toBeLessThan(0.05);
    expect(verdict.pValue).toBeGreaterThan(0.01);
    expect(verdict.verdict).toBe('marginal');
  });

  it('passes a drop that is not significant at 5 %', () => {
    expect(CANARY_MARGINAL_ALPHA).toBe(0.05);
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95 }),
      makeSnapshot({ successRate: 0.945 }),
    );
    expect(verdict.zScore).toBeLessThan(0);
    expect(verdict.pValue).toBeGreaterThan(0.05);
    expect(verdict.verdict).toBe('pass');
  });

  it('fails from p just under 1 % and is marginal just above it', () => {
    expect(CANARY_FAIL_ALPHA).toBe(0.01);
    // The marginal case above (p between 1 % and 5 %) is the other side of this line.
    const n = 1_000_000;
    const failing = canaryVerdict(
      makeSnapshot({ successRate: 0.95, totalTransactions: n }),
      makeSnapshot({ successRate: 0.944, totalTransactions: n }),
    );
    expect(failing.pValue).toBeLessThan(0.01);
    expect(failing.verdict).toBe('fail');
  });

  it('fails a significant drop from half a point (CANARY_MIN_FAIL_DROP), not just under it', () => {
    expect(CANARY_MIN_FAIL_DROP).toBe(0.005);
    const n = 10_000_000;
    const half = canaryVerdict(
      makeSnapshot({ successRate: 0.95, totalTransactions: n }),
      makeSnapshot({ successRate: 0.9449, totalTransactions: n }),
    );
    expect(half.verdict).toBe('fail');
    const under = canaryVerdict(
      makeSnapshot({ successRate: 0.95, totalTransactions: n }),
      makeSnapshot({ successRate: 0.9451, totalTransactions: n }),
    );
    expect(under.pValue).toBeLessThan(0.01);
    expect(under.verdict).toBe('marginal');
  });

  it('is only marginal for a tiny drop that huge windows make significant', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95, totalTransactions: 10_000_000 }),
      makeSnapshot({ successRate: 0.948, totalTransactions: 10_000_000 }),
    );
    expect(verdict.pValue).toBeLessThan(0.01);
    expect(verdict.verdict).toBe('marginal');
  });

  it('is marginal when a window is empty, because nothing can be said', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 0.95 }),
      makeSnapshot({ successRate: 0, totalTransactions: 0 }),
    );
    expect(verdict).toEqual({
      verdict: 'marginal',
      zScore: 0,
      pValue: 1,
      successRateBefore: 0.95,
      successRateAfter: 0,
    });
  });

  it('passes two perfect windows without dividing by zero', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ successRate: 1 }),
      makeSnapshot({ successRate: 1 }),
    );
    expect(verdict).toMatchObject({ verdict: 'pass', zScore: 0, pValue: 1 });
  });
});

describe('normal tail helpers', () => {
  it('match tabulated values of erfc and two-sided p-values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 6);
    expect(twoSidedPValue(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedPValue(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedPValue(Number.NaN)).toBe(1);
    expect(twoSidedPValue(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
