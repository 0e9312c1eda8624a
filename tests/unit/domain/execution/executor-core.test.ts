import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  LearningRecordSchema,
  type MetricsSnapshot,
} from '../../../../src/contracts';
import {
  completeExecution,
  nextWindowSeed,
  planExecution,
  planRollback,
  type ExecuteInput,
} from '../../../../src/domain/execution';
import { makeDecision, makeSnapshot, T0 } from '../../support/factories';

const SHIFT = makeDecision({
  type: 'shift_traffic',
  parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.2 },
  confidence: 0.8,
  riskLevel: 0.2,
  pattern: 'issuer_degradation',
});

function input(overrides: Partial<ExecuteInput> = {}): ExecuteInput {
  return {
    decision: SHIFT,
    baselineMetrics: makeSnapshot({ successRate: 0.95 }),
    scenario: { ...HEALTHY_SCENARIO, seed: 41 },
    controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
    activeActions: [],
    limits: DEFAULT_SAFETY_LIMITS,
    cycle: 3,
    ...overrides,
  };
}

/** Runs the core with the three windows given: without the action, with it, the next live one. */
function run(without: MetricsSnapshot, withAction: MetricsSnapshot, nextLive: MetricsSnapshot) {
  const plan = planExecution(input(), T0);
  return completeExecution(plan, [without, withAction, nextLive], 12.5);
}

describe('planExecution', () => {
  it('asks for the same window with and without the action and the next live window', () => {
    const plan = planExecution(input(), T0);
    expect(plan.report).toBeNull();
    expect(plan.requests).toHaveLength(3);
    const [without, withAction, next] = plan.requests;
    expect(without?.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(withAction?.controlPlane.routing.visa.backup).toBeCloseTo(0.2, 12);
    expect(without?.scenario.seed).toBe(41);
    expect(withAction?.scenario.seed).toBe(41);
    expect(next?.scenario.seed).toBe(42);
    expect(next?.controlPlane).toEqual(withAction?.controlPlane);
    expect(plan.requests.every((r) => r.timestamp === T0)).toBe(true);
  });

  it('finishes a blocked decision at once, with a blocked record and no windows', () => {
    const plan = planExecution(input({ decision: { ...SHIFT, confidenceInDecision: 0.5 } }), T0);
    expect(plan.requests).toEqual([]);
    expect(plan.report?.result.executed).toBe(false);
    expect(plan.report?.record?.status).toBe('blocked');
    expect(plan.report?.record?.id).toBe(`${SHIFT.selectedAction.id}@${T0}:blocked`);
    expect(completeExecution(plan, [], 0)).toBe(plan.report);
  });

  it('keeps nothing while a decision waits for a human, and records a rejection as rejected', () => {
    const asking = { ...SHIFT, requiresHumanApproval: true };
    const waiting = planExecution(input({ decision: asking, deferApproval: true }), T0);
    expect(waiting.report?.record).toBeNull();
    expect(waiting.report?.approvable).toBe(true);
    const rejected = planExecution(
      input({ decision: asking, humanApproval: { approved: false, at: T0 } }),
      T0,
    );
    expect(rejected.report?.record?.status).toBe('rejected');
  });
});

describe('completeExecution', () => {
  it('keeps a helpful action in force and stores lean snapshots and the elapsed time', () => {
    const report = run(
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.93 }),
      makeSnapshot({ successRate: 0.93 }),
    );
    expect(report.result.executed).toBe(true);
    expect(report.record?.status).toBe('executed');
    expect(report.record?.outcome?.rollbackTriggered).toBe(false);
    expect(report.record?.outcome?.executionTimeMs).toBe(12.5);
    // Lean: the per-issuer error breakdowns of the live view are not stored.
    const stored = report.record?.outcome?.baselineMetrics.issuerMetrics[0];
    expect(stored && 'errorBreakdown' in stored).toBe(false);
    expect(report.controlPlane.routing.visa.backup).toBeCloseTo(0.2, 12);
    expect(report.activeActions).toHaveLength(1);
    expect(LearningRecordSchema.safeParse(report.record).success).toBe(true);
  });

  it('rolls back when the canary fails and the action did not help', () => {
    // 0.95 → 0.93 on 6,000 payments is a significant drop: the canary fails.
    const report = run(
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.899 }),
      makeSnapshot({ successRate: 0.93 }),
    );
    expect(report.record?.outcome?.canary?.verdict).toBe('fail');
    expect(report.record?.outcome?.status).toBe('success');
    expect(report.record?.outcome?.rollbackTriggered).toBe(true);
    expect(report.record?.status).toBe('rolled_back');
    expect(report.record?.note).toContain('canary fail');
    expect(report.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(report.activeActions).toEqual([]);
  });

  it('keeps an action that helped although the canary failed: the world moved, not the action', () => {
    const report = run(
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.93 }),
    );
    expect(report.record?.outcome?.canary?.verdict).toBe('fail');
    expect(report.record?.outcome?.rollbackTriggered).toBe(false);
    expect(report.activeActions).toHaveLength(1);
  });

  it('rolls back an action that was significantly worse on its own, whatever the canary says', () => {
    const report = run(
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.88 }),
      makeSnapshot({ successRate: 0.95 }),
    );
    expect(report.record?.outcome?.canary?.verdict).toBe('pass');
    expect(report.record?.outcome?.rollbackTriggered).toBe(true);
    expect(report.record?.outcome?.status).toBe('failed');
  });

  it('refuses to finish with fewer windows than it asked for', () => {
    const plan = planExecution(input(), T0);
    expect(() => completeExecution(plan, [makeSnapshot()], 0)).toThrow(/fewer windows/);
  });
});

describe('planRollback', () => {
  it('restores the plane before the action and needs an approval for an irreversible one', () => {
    const done = run(
      makeSnapshot({ successRate: 0.9 }),
      makeSnapshot({ successRate: 0.93 }),
      makeSnapshot({ successRate: 0.93 }),
    );
    const back = planRollback(
      SHIFT.selectedAction.id,
      { activeActions: done.activeActions, approved: false },
      T0 + 1,
    );
    expect(back.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(back.record.status).toBe('rolled_back');
    expect(back.record.id).toBe(`${done.record?.id}-rollback-${T0 + 1}`);
    const irreversible = done.activeActions.map((a) => ({
      ...a,
      action: { ...a.action, reversible: false },
    }));
    expect(() =>
      planRollback(SHIFT.selectedAction.id, { activeActions: irreversible, approved: false }, T0),
    ).toThrow(/irreversible/);
    expect(() => planRollback('nope', { activeActions: [], approved: true }, T0)).toThrow(
      /No active action nope/,
    );
  });

  it('wraps the next window seed at 2^32', () => {
    expect(nextWindowSeed(0xffff_ffff)).toBe(0);
    expect(nextWindowSeed(41)).toBe(42);
  });
});
