import { describe, expect, it } from 'vitest';
import { PatternActionStatsSchema } from '../../../../src/contracts';
import { computeStatistics, isSuccessfulOutcome } from '../../../../src/domain/learning/statistics';
import { makeOutcome, makeRecord, T0 } from '../../support/factories';

describe('computeStatistics', () => {
  it('is all zeros and nulls for an empty history', () => {
    expect(computeStatistics([])).toEqual({
      totalDecisions: 0,
      executed: 0,
      blocked: 0,
      rejected: 0,
      rolledBack: 0,
      expired: 0,
      idleCycles: 0,
      importedDecisions: 0,
      importedOutcomes: 0,
      totalOutcomes: 0,
      successRate: 0,
      averageImprovement: 0,
      bestActionType: null,
      worstActionType: null,
      byActionType: [],
      byPatternAction: [],
      originByPatternAction: [],
    });
  });

  it('counts decisions by status and outcomes by what they achieved', () => {
    const records = [
      makeRecord({ id: 'a', actionType: 'shift_traffic', improvementAchieved: 0.03 }),
      makeRecord({ id: 'b', actionType: 'shift_traffic', improvementAchieved: 0.01 }),
      makeRecord({
        id: 'c',
        actionType: 'adjust_retry_policy',
        pattern: 'retry_storm',
        improvementAchieved: 0.05,
      }),
      makeRecord({
        id: 'd',
        recordStatus: 'rolled_back',
        actionType: 'disable_route',
        improvementAchieved: -0.04,
        metExpectations: false,
        rollbackTriggered: true,
        status: 'failed',
      }),
      makeRecord({ id: 'e', recordStatus: 'blocked' }),
      makeRecord({ id: 'f', recordStatus: 'rejected' }),
    ];
    const stats = computeStatistics(records);
    expect(stats).toMatchObject({
      totalDecisions: 6,
      executed: 3,
      blocked: 1,
      rejected: 1,
      rolledBack: 1,
      totalOutcomes: 4,
      successRate: 0.75,
    });
    expect(stats.averageImprovement).toBeCloseTo((0.03 + 0.01 + 0.05 - 0.04) / 4, 12);
    expect(stats.bestActionType).toEqual({
      actionType: 'adjust_retry_policy',
      count: 1,
      meanImprovement: 0.05,
    });
    expect(stats.worstActionType).toEqual({
      actionType: 'disable_route',
      count: 1,
      meanImprovement: -0.04,
    });
    expect(stats.byActionType.map((s) => s.actionType)).toEqual([
      'adjust_retry_policy',
      'shift_traffic',
      'disable_route',
    ]);
    expect(stats.byActionType[1]?.count).toBe(2);
    expect(stats.byActionType[1]?.meanImprovement).toBeCloseTo(0.02, 12);
  });

  it('counts real actions only: idle do-nothing cycles never become the best or worst type', () => {
    const idle = Array.from({ length: 24 }, (_, i) =>
      makeRecord({
        id: `idle-${i}`,
        actionType: 'do_nothing',
        pattern: 'noise',
        improvementAchieved: 0,
      }),
    );
    const stats = computeStatistics([
      ...idle,
      makeRecord({ id: 'shift', actionType: 'shift_traffic', improvementAchieved: 0.02 }),
      makeRecord({
        id: 'bad',
        recordStatus: 'rolled_back',
        actionType: 'disable_route',
        improvementAchieved: -0.01,
        metExpectations: false,
        rollbackTriggered: true,
        status: 'failed',
      }),
      makeRecord({ id: 'late', recordStatus: 'expired', actionType: 'shift_traffic' }),
    ]);
    expect(stats).toMatchObject({
      totalDecisions: 27,
      executed: 25,
      rolledBack: 1,
      expired: 1,
      idleCycles: 24,
      totalOutcomes: 2,
      successRate: 0.5,
    });
    expect(stats.averageImprovement).toBeCloseTo(0.005, 12);
    expect(stats.bestActionType?.actionType).toBe('shift_traffic');
    expect(stats.worstActionType?.actionType).toBe('disable_route');
    expect(stats.byActionType.map((s) => s.actionType)).not.toContain('do_nothing');
  });

  it('has nothing to rank when every stored cycle did nothing', () => {
    const stats = computeStatistics([
      makeRecord({ id: 'a', actionType: 'do_nothing', improvementAchieved: 0 }),
      makeRecord({ id: 'b', actionType: 'do_nothing', improvementAchieved: 0 }),
    ]);
    expect(stats).toMatchObject({ idleCycles: 2, totalOutcomes: 0, successRate: 0 });
    expect(stats.bestActionType).toBeNull();
    expect(stats.worstActionType).toBeNull();
  });

  it('has no worst action type while only one type has outcomes', () => {
    const stats = computeStatistics([makeRecord({ id: 'a' }), makeRecord({ id: 'b' })]);
    expect(stats.bestActionType?.actionType).toBe('shift_traffic');
    expect(stats.worstActionType).toBeNull();
  });

  it('breaks ties by the number of outcomes', () => {
    const stats = computeStatistics([
      makeRecord({ id: 'a', actionType: 'rate_limit', improvementAchieved: 0.01 }),
      makeRecord({ id: 'b', actionType: 'adjust_timeout', improvementAchieved: 0.01 }),
      makeRecord({ id: 'c', actionType: 'adjust_timeout', improvementAchieved: 0.01 }),
    ]);
    expect(stats.bestActionType?.actionType).toBe('adjust_timeout');
    expect(stats.worstActionType?.actionType).toBe('rate_limit');
  });

  it('breaks the statistics down per pattern and action, within the schema ranges', () => {
    const stats = computeStatistics([
      makeRecord({
        id: 'a',
        improvementAchieved: 0.02,
        estimate: 0.03,
        confidenceAdjustment: 0.05,
      }),
      makeRecord({
        id: 'b',
        improvementAchieved: 0,
        estimate: 0.03,
        metExpectations: false,
        confidenceAdjustment: -0.1,
      }),
      makeRecord({ id: 'c', pattern: 'retry_storm', actionType: 'implement_backoff' }),
      makeRecord({ id: 'd', recordStatus: 'blocked' }),
    ]);
    expect(stats.byPatternAction).toHaveLength(2);
    const [first, second] = stats.byPatternAction;
    expect(first).toMatchObject({
      pattern: 'issuer_degradation',
      actionType: 'shift_traffic',
      count: 2,
      successCount: 1,
    });
    expect(first?.meanImprovement).toBeCloseTo(0.01, 12);
    expect(first?.meanEstimateError).toBeCloseTo(-0.02, 12);
    expect(first?.meanConfidenceAdjustment).toBeCloseTo(-0.025, 12);
    expect(second).toMatchObject({ pattern: 'retry_storm', actionType: 'implement_backoff' });
    for (const row of stats.byPatternAction) {
      expect(PatternActionStatsSchema.safeParse(row).success).toBe(true);
    }
  });

  it('prefers the estimate stored with the outcome over the decision’s', () => {
    const stats = computeStatistics([
      makeRecord({
        id: 'a',
        improvementAchieved: 0.01,
        estimate: 0.5,
        estimatedSuccessRateChange: 0.01,
      }),
    ]);
    expect(stats.byPatternAction[0]?.meanEstimateError).toBeCloseTo(0, 12);
  });
});

describe('isSuccessfulOutcome', () => {
  it('needs status success, met expectations and no rollback', () => {
    expect(isSuccessfulOutcome(makeOutcome())).toBe(true);
    expect(isSuccessfulOutcome(makeOutcome({ metExpectations: false }))).toBe(false);
    expect(isSuccessfulOutcome(makeOutcome({ status: 'failed' }))).toBe(false);
    expect(isSuccessfulOutcome(makeOutcome({ rollbackTriggered: true }))).toBe(false);
    expect(isSuccessfulOutcome(makeOutcome({ executedAt: T0, status: 'in_progress' }))).toBe(false);
  });
});
