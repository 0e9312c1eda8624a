import { describe, expect, it } from 'vitest';
import {
  EMPTY_LEARNING_CONTEXT,
  type LearningContext,
  type OutcomeSummary,
  type PatternActionStats,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import {
  confidenceShift,
  calibrationFactor,
  correctEstimate,
  correctRisk,
  experienceFor,
  hasPastOutcome,
  SHRINKAGE_K,
} from '../../../../src/domain/reasoning/learning';
import { makeInput, visaRouteDegraded, visaRouteHalfShifted } from './snapshots';
import { simulated } from './simulated';

function stats(
  actionType: PatternActionStats['actionType'],
  count: number,
  meanImprovement: number,
  successCount: number,
  meanConfidenceAdjustment: number,
): PatternActionStats {
  return {
    pattern: 'issuer_degradation',
    actionType,
    count,
    successCount,
    meanImprovement,
    meanEstimateError: 0,
    meanConfidenceAdjustment,
  };
}

function outcome(
  actionType: OutcomeSummary['actionType'],
  improvementAchieved: number,
  i: number,
  extra: Partial<OutcomeSummary> = {},
): OutcomeSummary {
  return {
    actionId: `action_${actionType}_${i}`,
    actionType,
    pattern: 'issuer_degradation',
    executedAt: 1_700_000_000_000 + i,
    improvementAchieved,
    estimatedSuccessRateChange: 0.06,
    metExpectations: improvementAchieved > 0.03,
    rollbackTriggered: false,
    confidenceAdjustment: improvementAchieved > 0.03 ? 0.15 : -0.15,
    ...extra,
  };
}

describe('experience', () => {
  it('scales an estimate by achieved over estimated, with weight n / (n + k)', () => {
    // Past estimates averaged 3 %, the world gave 6 %: twice what was estimated.
    const e = experienceFor(
      {
        totalOutcomes: 2,
        recentOutcomes: [],
        stats: [{ ...stats('shift_traffic', 2, 0.06, 2, 0.1), meanEstimateError: 0.03 }],
      },
      'issuer_degradation',
      'shift_traffic',
    );
    expect(e!.weight).toBeCloseTo(2 / (2 + SHRINKAGE_K), 9);
    expect(calibrationFactor(e!)).toBeCloseTo(2, 9);
    expect(correctEstimate(0.02, e)).toBeCloseTo(0.02 * (0.5 + 0.5 * 2), 9);
    // No gain estimated from this window's metrics: gains seen elsewhere do not override it.
    expect(correctEstimate(0, e)).toBe(0);
    expect(correctEstimate(-0.01, e)).toBe(-0.01);
    expect(correctEstimate(0.02, null)).toBe(0.02);
    expect(confidenceShift(e)).toBeCloseTo(0.05, 9);
  });

  it('pulls an estimate toward the observed mean when past estimates were about zero', () => {
    const e = experienceFor(
      {
        totalOutcomes: 2,
        recentOutcomes: [],
        stats: [{ ...stats('implement_backoff', 2, 0.04, 2, 0.1), meanEstimateError: 0.04 }],
      },
      'issuer_degradation',
      'implement_backoff',
    );
    expect(calibrationFactor(e!)).toBeNull();
    expect(correctEstimate(0, e)).toBeCloseTo(0.5 * 0 + 0.5 * 0.04, 9);
  });

  it('falls back to recent outcomes when there are no statistics', () => {
    const ctx: LearningContext = {
      totalOutcomes: 3,
      recentOutcomes: [
        outcome('disable_route', 0.01, 1, { rollbackTriggered: true }),
        outcome('disable_route', 0.0, 2),
        outcome('shift_traffic', 0.05, 3),
      ],
      stats: [],
    };
    const e = experienceFor(ctx, 'issuer_degradation', 'disable_route');
    expect(e).toMatchObject({ count: 2, failureShare: 1, rollbackShare: 0.5 });
    expect(e!.meanImprovement).toBeCloseTo(0.005, 9);
    expect(correctRisk(0.5, e)).toBeCloseTo(0.5 + 0.3 * 0.5 * 1, 9);
    expect(experienceFor(ctx, 'retry_storm', 'disable_route')).toBeNull();
    expect(hasPastOutcome(ctx, 'issuer_degradation')).toBe(true);
    expect(hasPastOutcome(ctx, 'retry_storm')).toBe(false);
  });
});

describe('learning changes the next decision', () => {
  it('drops an action that under-delivered for one that delivered, on the same metrics', () => {
    // Half of visa's traffic already moved: shifting the rest and disabling the primary move the
    // same payments, and the reversible, less risky shift comes first without experience.
    const current = visaRouteHalfShifted();
    const first = reason(makeInput(current));
    expect(first.decision.selectedAction.type).toBe('shift_traffic');

    const learned: LearningContext = {
      totalOutcomes: 8,
      recentOutcomes: [
        ...[0, 1, 2, 3].map((i) =>
          outcome('shift_traffic', 0.005, i, { rollbackTriggered: i % 2 === 0 }),
        ),
        ...[4, 5, 6, 7].map((i) => outcome('disable_route', 0.06, i)),
      ],
      stats: [
        { ...stats('shift_traffic', 4, 0.005, 0, -0.15), meanEstimateError: -0.055 },
        stats('disable_route', 4, 0.06, 4, 0.15),
      ],
    };
    const second = reason(makeInput(current, undefined, { learningContext: learned }));
    const { decision } = second;
    expect(decision.selectedAction.type).toBe('disable_route');
    expect(decision.selectedAction.learnedFrom).toBe(4);
    expect(decision.selectedAction.rationale).toMatch(/learned from 4 past outcome/);
    // shift_traffic's estimate fell toward the twelfth of its estimate it achieved, its risk rose.
    const shiftBefore = first.proposals.find(
      (p) => p.type === 'shift_traffic' && p.parameters.percentage === 0.5,
    )!;
    const shiftAfter = second.proposals.find((p) => p.id === shiftBefore.id)!;
    expect(shiftAfter.estimatedImpact.successRateChange).toBeLessThan(
      shiftBefore.estimatedImpact.successRateChange / 2,
    );
    expect(shiftAfter.estimatedImpact.riskLevel).toBeGreaterThan(
      shiftBefore.estimatedImpact.riskLevel,
    );
    // The situation is no longer novel.
    expect(decision.approvalReasons.some((r) => r.startsWith('Novel'))).toBe(false);
  });

  it('lowers the confidence of an action whose outcomes disappointed', () => {
    const { current, baseline } = simulated('issuerOnPrimary');
    const first = reason(makeInput(current, baseline));
    const type = first.decision.selectedAction.type;
    const disappointed: LearningContext = {
      totalOutcomes: 3,
      recentOutcomes: [],
      stats: [
        {
          ...stats(
            type,
            3,
            first.decision.selectedAction.estimatedImpact.successRateChange,
            0,
            -0.2,
          ),
          meanEstimateError: 0,
        },
      ],
    };
    const second = reason(makeInput(current, baseline, { learningContext: disappointed }));
    expect(second.decision.selectedAction.type).toBe(type);
    expect(second.decision.confidenceInDecision).toBeLessThan(first.decision.confidenceInDecision);
  });

  it('treats experience with another pattern as no experience', () => {
    const other: LearningContext = {
      ...EMPTY_LEARNING_CONTEXT,
      totalOutcomes: 4,
      stats: [{ ...stats('shift_traffic', 4, 0.06, 4, 0.15), pattern: 'retry_storm' }],
    };
    const result = reason(makeInput(visaRouteDegraded(), undefined, { learningContext: other }));
    expect(result.decision.approvalReasons).toContain(
      'Novel situation: no past outcome for pattern issuer_degradation',
    );
    expect(
      result.proposals.every((p) => p.type === 'adjust_retry_policy' || p.learnedFrom === 0),
    ).toBe(true);
  });
});
