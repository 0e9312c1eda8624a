import { describe, expect, it } from 'vitest';
import type { EstimatedImpact } from '../../../../src/contracts';
import {
  canaryVerdict,
  EXPECTATION_SHARE,
  judgeOutcome,
  NO_GAIN_TOLERANCE,
} from '../../../../src/domain/execution/judge';
import { ROUNDING_TOLERANCE } from '../../../../src/domain/safety/rollback';
import { makeSnapshot } from '../../support/factories';

function estimate(successRateChange: number): EstimatedImpact {
  return { successRateChange, latencyImpact: 0, costImpact: 0, riskLevel: 0.2 };
}

describe('judgeOutcome at its edges', () => {
  it('reads a success rate that is not a number as no change at all', () => {
    const result = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ successRate: 0.9 }),
      withAction: makeSnapshot({ successRate: Number.NaN }),
    });
    expect(result.improvementAchieved).toBe(0);
  });

  it('clamps the measured change to [−1, 1]', () => {
    const up = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ successRate: 0.5 }),
      withAction: makeSnapshot({ successRate: 3 }),
    });
    expect(up.improvementAchieved).toBe(1);
    const down = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ successRate: 0.5 }),
      withAction: makeSnapshot({ successRate: -2 }),
    });
    expect(down.improvementAchieved).toBe(-1);
  });

  it('stores no change as 0, never as −0', () => {
    const result = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ successRate: 0 }),
      withAction: makeSnapshot({ successRate: -0 }),
    });
    expect(Object.is(result.improvementAchieved, 0)).toBe(true);
  });

  it('gives no cost change when the window with the action lacks a cost', () => {
    const result = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ costPerTransaction: 0.8 }),
      withAction: makeSnapshot({}),
    });
    expect(result.costChange).toBeNull();
  });

  it('gives no cost change when the window without the action lacks a cost or costs nothing', () => {
    const missing = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({}),
      withAction: makeSnapshot({ costPerTransaction: 0.8 }),
    });
    expect(missing.costChange).toBeNull();
    const free = judgeOutcome({
      estimatedImpact: estimate(0.02),
      withoutAction: makeSnapshot({ costPerTransaction: 0 }),
      withAction: makeSnapshot({ costPerTransaction: 0.8 }),
    });
    expect(free.costChange).toBeNull();
  });

  it('meets expectations at exactly half the estimated gain less the rounding tolerance', () => {
    // 0.5 · 0.04 − 1e-9 = 0.019999999, achieved from a success rate of 0.
    const achieved = EXPECTATION_SHARE * 0.04 - ROUNDING_TOLERANCE;
    const result = judgeOutcome({
      estimatedImpact: estimate(0.04),
      withoutAction: makeSnapshot({ successRate: 0 }),
      withAction: makeSnapshot({ successRate: achieved }),
    });
    expect(result.improvementAchieved).toBe(achieved);
    expect(result.metExpectations).toBe(true);
  });

  it('meets expectations with no gain estimated at exactly the tolerance line less the rounding tolerance', () => {
    // Estimated −0.0163 pt: the line is −0.000163 − 0.005 = −0.005163, less 1e-9 is −0.005163001,
    // which 0.894836999 − 0.9 gives exactly.
    const result = judgeOutcome({
      estimatedImpact: estimate(-0.000163),
      withoutAction: makeSnapshot({ successRate: 0.9 }),
      withAction: makeSnapshot({ successRate: 0.894836999 }),
    });
    expect(result.improvementAchieved).toBe(-0.000163 - NO_GAIN_TOLERANCE - ROUNDING_TOLERANCE);
    expect(result.significantlyWorse).toBe(false);
    expect(result.metExpectations).toBe(true);
  });
});

describe('canaryVerdict at its edges', () => {
  it('says nothing but marginal when the window before is empty', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ totalTransactions: 0, successRate: 0.9 }),
      makeSnapshot({ totalTransactions: 1000, successRate: 0.95 }),
    );
    expect(verdict).toEqual({
      verdict: 'marginal',
      zScore: 0,
      pValue: 1,
      successRateBefore: 0.9,
      successRateAfter: 0.95,
    });
  });

  it('says nothing but marginal when the window after is empty', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ totalTransactions: 1000, successRate: 0.95 }),
      makeSnapshot({ totalTransactions: 0, successRate: 0.9 }),
    );
    expect(verdict.verdict).toBe('marginal');
    expect(verdict.zScore).toBe(0);
    expect(verdict.pValue).toBe(1);
  });

  it('reads a success rate that is not a number as 0', () => {
    const verdict = canaryVerdict(
      makeSnapshot({ totalTransactions: 1000, successRate: Number.NaN }),
      makeSnapshot({ totalTransactions: 1000, successRate: 0.9 }),
    );
    expect(verdict.successRateBefore).toBe(0);
  });
});
