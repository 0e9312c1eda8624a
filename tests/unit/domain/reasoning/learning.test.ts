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
  correctEstimate,
  correctRisk,
  experienceFor,
  hasPastOutcome,
  SHRINKAGE_K,
} from '../../../../src/domain/reasoning/learning';
import { makeInput, visaRouteDegraded } from './snapshots';
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
  it('shrinks an estimate toward the observed mean with weight n / (n + k)', () => {
    const e = experienceFor(
      { totalOutcomes: 2, recentOutcomes: [], stats: [stats('shift_traffic', 2, 0.06, 2, 0.1)] },
      'issuer_degradation',
      'shift_traffic',
    );
    expect(e!.weight).toBeCloseTo(2 / (2 + SHRINKAGE_K), 9);
    expect(correctEstimate(0.02, e)).toBeCloseTo(0.5 * 0.02 + 0.5 * 0.06, 9);
    expect(correctEstimate(0.02, null)).toBe(0.02);
    expect(confidenceShift(e)).toBeCloseTo(0.05, 9);
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
    const current = visaRouteDegraded();
    const first = reason(makeInput(current));
    expect(first.decision.selectedAction.type).toBe('disable_route');

    const learned: LearningContext = {
      totalOutcomes: 8,
      recentOutcomes: [
        ...[0, 1, 2, 3].map((i) =>
          outcome('disable_route', 0.005, i, { rollbackTriggered: i % 2 === 0 }),
        ),
        ...[4, 5, 6, 7].map((i) => outcome('shift_traffic', 0.06, i)),
      ],
      stats: [stats('disable_route', 4, 0.005, 0, -0.15), stats('shift_traffic', 4, 0.06, 4, 0.15)],
    };
    const second = reason(makeInput(current, undefined, { learningContext: learned }));
    const { decision } = second;
    expect(decision.selectedAction.type).toBe('shift_traffic');
    expect(decision.selectedAction.learnedFrom).toBe(4);
    expect(decision.selectedAction.rationale).toMatch(/learned from 4 past outcome/);
    // The estimate moved toward the 6 % that shifting achieved.
    const before = first.proposals.find((p) => p.id === decision.selectedAction.id)!;
    expect(decision.selectedAction.estimatedImpact.successRateChange).toBeGreaterThan(
      before.estimatedImpact.successRateChange,
    );
    // disable_route's estimate fell toward its 0.5 % and its risk rose.
    const disableBefore = first.proposals.find((p) => p.type === 'disable_route')!;
    const disableAfter = second.proposals.find((p) => p.type === 'disable_route')!;
    expect(disableAfter.estimatedImpact.successRateChange).toBeLessThan(
      disableBefore.estimatedImpact.successRateChange,
    );
    expect(disableAfter.estimatedImpact.riskLevel).toBeGreaterThan(
      disableBefore.estimatedImpact.riskLevel,
    );
    // Experience raised the confidence and the situation is no longer novel.
    expect(decision.confidenceInDecision).toBeGreaterThan(first.decision.confidenceInDecision);
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
