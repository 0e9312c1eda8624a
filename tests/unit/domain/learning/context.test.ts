import { describe, expect, it } from 'vitest';
import { LearningContextSchema } from '../../../../src/contracts';
import { learningContext, MAX_RECENT_OUTCOMES } from '../../../../src/domain/learning/context';
import { makeRecord, makeRecords, T0 } from '../../support/factories';

describe('learningContext', () => {
  it('is empty for an empty history', () => {
    expect(learningContext([], 5)).toEqual({ totalOutcomes: 0, recentOutcomes: [], stats: [] });
  });

  it('gives the n most recent outcomes, newest first, whatever order the records come in', () => {
    const records = makeRecords(8).reverse();
    const context = learningContext(records, 3);
    expect(context.recentOutcomes.map((o) => o.executedAt)).toEqual([
      T0 + 7000,
      T0 + 6000,
      T0 + 5000,
    ]);
    expect(context.totalOutcomes).toBe(8);
  });

  it('summarises each outcome with its action, pattern and estimate', () => {
    const record = makeRecord({
      id: 'one',
      actionType: 'adjust_retry_policy',
      pattern: 'retry_storm',
      improvementAchieved: 0.04,
      estimate: 0.03,
      confidenceAdjustment: 0.15,
    });
    const [summary] = learningContext([record], 1).recentOutcomes;
    expect(summary).toEqual({
      actionId: record.outcome?.actionId,
      actionType: 'adjust_retry_policy',
      pattern: 'retry_storm',
      executedAt: T0,
      improvementAchieved: 0.04,
      estimatedSuccessRateChange: 0.03,
      metExpectations: true,
      rollbackTriggered: false,
      confidenceAdjustment: 0.15,
    });
  });

  it('skips records without an outcome and keeps stats over every outcome, not only the recent', () => {
    const records = [
      ...makeRecords(50),
      makeRecord({ id: 'blocked', recordStatus: 'blocked', recordedAt: T0 + 999_999 }),
    ];
    const context = learningContext(records, 2);
    expect(context.recentOutcomes).toHaveLength(2);
    expect(context.totalOutcomes).toBe(50);
    expect(context.stats).toHaveLength(1);
    expect(context.stats[0]?.count).toBe(50);
  });

  it('orders outcomes of the same moment by record time and then id, the same every time', () => {
    const records = [
      makeRecord({ id: 'b', actionId: 'b', recordedAt: T0 + 5, executedAt: T0 }),
      makeRecord({ id: 'late', actionId: 'late', recordedAt: T0 + 9, executedAt: T0 }),
      makeRecord({ id: 'a', actionId: 'a', recordedAt: T0 + 5, executedAt: T0 }),
      makeRecord({ id: 'c', actionId: 'c', recordedAt: T0 + 5, executedAt: T0 }),
    ];
    const order = learningContext(records, 4).recentOutcomes.map((o) => o.actionId);
    expect(order).toEqual(['late', 'c', 'b', 'a']);
    expect(
      learningContext([...records].reverse(), 4).recentOutcomes.map((o) => o.actionId),
    ).toEqual(order);
  });

  it('treats n as a count between 0 and the schema bound', () => {
    const records = makeRecords(3);
    expect(learningContext(records, 0).recentOutcomes).toEqual([]);
    expect(learningContext(records, -4).recentOutcomes).toEqual([]);
    expect(learningContext(records, Number.NaN).recentOutcomes).toEqual([]);
    expect(learningContext(records, 2.7).recentOutcomes).toHaveLength(2);
    expect(learningContext(makeRecords(MAX_RECENT_OUTCOMES + 5), 5000).recentOutcomes).toHaveLength(
      MAX_RECENT_OUTCOMES,
    );
  });

  it('always parses with LearningContextSchema, extreme values included', () => {
    const records = [
      makeRecord({ id: 'x', improvementAchieved: 1, estimate: -1, confidenceAdjustment: 0.2 }),
      makeRecord({ id: 'y', improvementAchieved: -1, estimate: 1, confidenceAdjustment: -0.2 }),
      ...makeRecords(20),
    ];
    const context = learningContext(records, 10);
    expect(LearningContextSchema.safeParse(context).success).toBe(true);
  });
});

describe('the context an outcome was taken in', () => {
  it('carries the context tag of the decision’s rationale into the summary', () => {
    const record = makeRecord({ id: 'tagged' });
    record.decision.selectedAction.rationale =
      'moves visa [context fault=route;route=backup;headroom=short;share=medium]';
    const [summary] = learningContext([record], 1).recentOutcomes;
    expect(summary?.context).toBe('fault=route;route=backup;headroom=short;share=medium');
    expect(LearningContextSchema.safeParse(learningContext([record], 1)).success).toBe(true);
  });

  it('leaves the context out when the rationale has no tag', () => {
    const [summary] = learningContext([makeRecord({ id: 'plain' })], 1).recentOutcomes;
    expect(summary).not.toHaveProperty('context');
  });
});
