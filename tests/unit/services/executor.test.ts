import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  ExecutionResultSchema,
  HEALTHY_SCENARIO,
  LearningRecordSchema,
  type LearningRecord,
  type Scenario,
} from '../../../src/contracts';
import { simulateWindow } from '../../../src/domain/simulation';
import {
  executeDecision,
  nextWindowSeed,
  rollbackAction,
  type ExecuteInput,
  type ExecutorDeps,
} from '../../../src/services/executor';
import { makeDecision } from '../support/factories';

/** Visa's primary route at 60 % health: shifting Visa to the backup route helps. */
const visaOutage: Scenario = {
  ...HEALTHY_SCENARIO,
  id: 'issuer_outage',
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 },
};

function deps(records: LearningRecord[] = []): ExecutorDeps & { records: LearningRecord[] } {
  let clock = 0;
  return {
    records,
    simulateMany: async (requests) =>
      requests.map((r) => simulateWindow(r.scenario, r.controlPlane, r.timestamp)),
    record: async (record) => {
      records.push(LearningRecordSchema.parse(record));
    },
    now: () => 1_770_000_000_000,
    elapsed: () => (clock += 3),
  };
}

function input(overrides: Partial<ExecuteInput> = {}): ExecuteInput {
  return {
    decision: makeDecision({
      type: 'shift_traffic',
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
      pattern: 'issuer_degradation',
      successRateChange: 0.05,
      confidence: 0.85,
    }),
    baselineMetrics: simulateWindow(visaOutage, DEFAULT_CONTROL_PLANE, 1),
    scenario: visaOutage,
    controlPlane: DEFAULT_CONTROL_PLANE,
    activeActions: [],
    limits: DEFAULT_SAFETY_LIMITS,
    ...overrides,
  };
}

describe('executeDecision', () => {
  it('executes an allowed shift, measuring a paired counterfactual on the same seed', async () => {
    const d = deps();
    const report = await executeDecision(input(), d);
    expect(ExecutionResultSchema.safeParse(report.result).success).toBe(true);
    expect(report.result.executed).toBe(true);
    const outcome = report.result.outcome!;
    // Same scenario and seed: the window without the action is the live window itself.
    expect(outcome.baselineMetrics.seed).toBe(visaOutage.seed);
    expect(outcome.currentMetrics.seed).toBe(visaOutage.seed);
    expect(outcome.improvementAchieved).toBeCloseTo(
      outcome.currentMetrics.successRate - outcome.baselineMetrics.successRate,
      12,
    );
    expect(outcome.improvementAchieved).toBeGreaterThan(0.02);
    expect(outcome.rollbackTriggered).toBe(false);
    expect(outcome.executionTimeMs).toBe(3);
    expect(outcome.canary?.successRateAfter).toBeGreaterThan(outcome.canary!.successRateBefore);
    expect(report.controlPlane.routing.visa).toEqual({ primary: 0.5, backup: 0.5 });
    expect(report.activeActions).toHaveLength(1);
    expect(d.records).toHaveLength(1);
    expect(d.records[0]).toMatchObject({ status: 'executed', pattern: 'issuer_degradation' });
  });

  it('blocks a decision below the minimum confidence and changes nothing', async () => {
    const d = deps();
    const low = makeDecision({ confidence: 0.55, pattern: 'issuer_degradation' });
    const report = await executeDecision(input({ decision: low }), d);
    expect(report.result.executed).toBe(false);
    expect(report.result.blockReason).toContain('Confidence 55.0% below minimum 60.0%');
    expect(report.controlPlane).toBe(DEFAULT_CONTROL_PLANE);
    expect(report.activeActions).toEqual([]);
    expect(d.records.map((r) => r.status)).toEqual(['blocked']);
  });

  it('waits for a human without storing anything, then executes on approval', async () => {
    const d = deps();
    const asking = makeDecision({
      requiresHumanApproval: true,
      approvalReasons: ['Novel situation'],
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.4 },
      pattern: 'issuer_degradation',
    });
    const waiting = await executeDecision(input({ decision: asking, deferApproval: true }), d);
    expect(waiting.result.executed).toBe(false);
    expect(waiting.approvable).toBe(true);
    expect(d.records).toEqual([]);

    const approved = await executeDecision(
      input({ decision: asking, humanApproval: { approved: true, at: 1 } }),
      d,
    );
    expect(approved.result.executed).toBe(true);
    expect(d.records.map((r) => r.status)).toEqual(['executed']);
  });

  it('stores a human rejection as rejected', async () => {
    const d = deps();
    const asking = makeDecision({ requiresHumanApproval: true, approvalReasons: ['High risk'] });
    const report = await executeDecision(
      input({ decision: asking, humanApproval: { approved: false, at: 1 } }),
      d,
    );
    expect(report.result.executed).toBe(false);
    expect(d.records.map((r) => r.status)).toEqual(['rejected']);
  });

  it('rolls back an action that made things significantly worse', async () => {
    const d = deps();
    const harmful = makeDecision({
      type: 'adjust_timeout',
      parameters: { timeoutMs: 120 },
      successRateChange: 0.01,
      pattern: 'latency_spike',
    });
    const report = await executeDecision(
      input({ decision: harmful, scenario: HEALTHY_SCENARIO }),
      d,
    );
    expect(report.result.executed).toBe(true);
    const outcome = report.result.outcome!;
    expect(outcome.improvementAchieved).toBeLessThan(-0.02);
    expect(outcome.rollbackTriggered).toBe(true);
    expect(outcome.status).toBe('failed');
    expect(report.controlPlane).toBe(DEFAULT_CONTROL_PLANE);
    expect(report.activeActions).toEqual([]);
    expect(d.records[0]).toMatchObject({ status: 'rolled_back' });
    expect(d.records[0]!.note).toContain('Rolled back automatically');
  });

  it('refuses a decision that is not a decision at all, storing nothing', async () => {
    const d = deps();
    const report = await executeDecision(input({ decision: { selectedAction: 'rm -rf /' } }), d);
    expect(report.result.executed).toBe(false);
    expect(report.result.actionId).toBe('unparsable-decision');
    expect(report.record).toBeNull();
    expect(d.records).toEqual([]);
  });

  it('keeps notifications and do_nothing out of the active actions', async () => {
    const d = deps();
    const notify = makeDecision({ type: 'send_notification', successRateChange: 0 });
    const report = await executeDecision(input({ decision: notify }), d);
    expect(report.result.executed).toBe(true);
    expect(report.result.outcome?.improvementAchieved).toBe(0);
    expect(report.activeActions).toEqual([]);
    expect(report.controlPlane.notificationsSent).toBe(1);
  });
});

describe('rollbackAction', () => {
  it('restores the plane and re-applies later actions', async () => {
    const d = deps();
    const first = await executeDecision(input(), d);
    const second = await executeDecision(
      input({
        decision: makeDecision({
          type: 'implement_backoff',
          id: 'backoff-1',
          successRateChange: 0.001,
          pattern: 'retry_storm',
        }),
        controlPlane: first.controlPlane,
        activeActions: first.activeActions,
      }),
      d,
    );
    expect(second.activeActions).toHaveLength(2);
    const shiftId = first.activeActions[0]!.action.id;
    const back = await rollbackAction(
      shiftId,
      { activeActions: second.activeActions, approved: false },
      d,
    );
    expect(back.controlPlane.routing.visa).toEqual({ primary: 1, backup: 0 });
    expect(back.controlPlane.retryPolicy.backoff).toBe(true);
    expect(back.activeActions.map((a) => a.action.type)).toEqual(['implement_backoff']);
    expect(d.records.at(-1)).toMatchObject({ status: 'rolled_back', note: 'Rolled back by hand.' });
  });

  it('needs an approval to roll back an irreversible action', async () => {
    const d = deps();
    const disable = makeDecision({
      type: 'disable_route',
      parameters: { issuerId: 'visa', routeId: 'primary' },
      reversible: false,
      requiresHumanApproval: true,
      approvalReasons: ['Irreversible'],
      pattern: 'issuer_degradation',
    });
    // Disabling a route may move at most half of an issuer's traffic: shift half away first.
    const halfShifted = {
      ...DEFAULT_CONTROL_PLANE,
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
    };
    const report = await executeDecision(
      input({
        decision: disable,
        controlPlane: halfShifted,
        humanApproval: { approved: true, at: 1 },
      }),
      d,
    );
    expect(report.result.executed).toBe(true);
    expect(report.controlPlane.disabledRoutes).toEqual([{ issuerId: 'visa', routeId: 'primary' }]);
    const id = report.activeActions[0]!.action.id;
    await expect(
      rollbackAction(id, { activeActions: report.activeActions, approved: false }, d),
    ).rejects.toThrow('disable_route is marked irreversible: rolling it back needs an approval.');
    const back = await rollbackAction(
      id,
      { activeActions: report.activeActions, approved: true },
      d,
    );
    expect(back.controlPlane).toEqual(halfShifted);
  });

  it('refuses an unknown action id', async () => {
    await expect(
      rollbackAction('nope', { activeActions: [], approved: true }, deps()),
    ).rejects.toThrow('No active action nope to roll back.');
  });
});

describe('nextWindowSeed', () => {
  it('advances and wraps at 2^32', () => {
    expect(nextWindowSeed(41)).toBe(42);
    expect(nextWindowSeed(0xffffffff)).toBe(0);
  });
});
