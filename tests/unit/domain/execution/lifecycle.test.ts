import { describe, expect, it } from 'vitest';
import {
  ActiveActionViewSchema,
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  LearningRecordSchema,
  type ActionParameters,
  type ActionType,
  type ControlPlane,
  type SafetyLimits,
} from '../../../../src/contracts';
import {
  applyAction,
  completeExecution,
  isExpired,
  lapseExpired,
  planExecution,
  toActiveActionView,
  type ActiveAction,
  type ExecuteInput,
  type ExecuteReport,
} from '../../../../src/domain/execution';
import { makeDecision, makeSnapshot, T0 } from '../../support/factories';

const FAILOVER: ActionParameters = { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 };

interface LiveState {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
}

const fresh = (): LiveState => ({
  controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
  activeActions: [],
});

/**
 * Runs one decision through the executor core on the live state, answering the three windows
 * with one snapshot (the action neither helps nor hurts, so nothing is rolled back).
 */
function execute(
  state: LiveState,
  type: ActionType,
  parameters: ActionParameters,
  options: {
    at?: number;
    cycle?: number;
    window?: number;
    limits?: SafetyLimits;
    id?: string;
  } = {},
): ExecuteReport {
  const at = options.at ?? T0;
  const input: ExecuteInput = {
    decision: makeDecision({
      type,
      parameters,
      confidence: 0.8,
      riskLevel: 0.2,
      pattern: 'processor_outage',
      decidedAt: at,
      ...(options.id ? { id: options.id } : {}),
    }),
    baselineMetrics: makeSnapshot({ successRate: 0.9 }),
    scenario: HEALTHY_SCENARIO,
    controlPlane: state.controlPlane,
    activeActions: state.activeActions,
    limits: options.limits ?? DEFAULT_SAFETY_LIMITS,
    cycle: options.cycle ?? 0,
    ...(options.window === undefined ? {} : { window: options.window }),
  };
  const plan = planExecution(input, at);
  const window = makeSnapshot({ successRate: 0.9 });
  const report = completeExecution(
    plan,
    plan.requests.length > 0 ? [window, window, window] : [],
    1,
  );
  state.controlPlane = report.controlPlane;
  state.activeActions = report.activeActions;
  return report;
}

const primaries = (plane: ControlPlane) =>
  Object.values(plane.routing).map((w) => Math.round(w.primary * 1000) / 1000);

describe('processor failover', () => {
  it('moves every issuer off the failing route as one action in force', () => {
    const state = fresh();
    const report = execute(state, 'failover_processor', FAILOVER);
    expect(report.result.executed).toBe(true);
    expect(primaries(state.controlPlane)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(state.activeActions).toHaveLength(1);
  });

  it('is capped per issuer by the share limit in force, with the reason', () => {
    const state = fresh();
    const strict = { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 };
    const report = execute(state, 'failover_processor', FAILOVER, { limits: strict });
    expect(report.result.executed).toBe(false);
    expect(report.result.safetyCheck.violations.map((v) => v.rule)).toContain('max_traffic_shift');
    expect(report.result.blockReason).toMatch(/50\.0% of every issuer's traffic.*30\.0%/);
    expect(state.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
  });

  it('counts as one concurrent action: it waits while the limit is reached', () => {
    const state = fresh();
    const one = { ...DEFAULT_SAFETY_LIMITS, maxConcurrentActions: 1 };
    execute(state, 'adjust_timeout', { timeoutMs: 1500 }, { limits: one });
    const report = execute(state, 'failover_processor', FAILOVER, { limits: one, at: T0 + 1 });
    expect(report.result.safetyCheck.violations.map((v) => v.rule)).toEqual([
      'max_concurrent_actions',
    ]);
  });

  it('is refused when no issuer sends traffic over the route it names', () => {
    const state = fresh();
    const report = execute(state, 'failover_processor', {
      ...FAILOVER,
      fromRoute: 'backup',
      toRoute: 'primary',
    });
    expect(report.result.blockReason).toBe(
      'No issuer sends traffic over backup: there is nothing to fail over.',
    );
  });
});

describe('probe share', () => {
  it('leaves the probe share on a route a second failover would empty', () => {
    const state = fresh();
    execute(state, 'failover_processor', FAILOVER);
    execute(state, 'failover_processor', { ...FAILOVER, percentage: 0.49 }, { at: T0 + 1 });
    expect(primaries(state.controlPlane)).toEqual([0.05, 0.05, 0.05, 0.05]);
  });

  it('follows the setting, and 0 lets a move empty the route', () => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    const shift = {
      type: 'shift_traffic' as const,
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 1 },
    };
    expect(applyAction(plane, shift, { probeShare: 0.1 }).routing.visa.primary).toBeCloseTo(
      0.1,
      12,
    );
    expect(applyAction(plane, shift, { probeShare: 0 }).routing.visa.primary).toBe(0);
    expect(applyAction(plane, shift).routing.visa.primary).toBe(0);
  });

  it('leaves a smaller move alone', () => {
    const state = fresh();
    execute(state, 'shift_traffic', {
      issuerId: 'amex',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.3,
    });
    expect(state.controlPlane.routing.amex.primary).toBeCloseTo(0.7, 12);
  });
});

describe('unwind', () => {
  it('moves part back, then all, and the action leaves the list', () => {
    const state = fresh();
    const failover = execute(state, 'failover_processor', FAILOVER);
    const recordId = failover.record?.id as string;
    const half = execute(
      state,
      'unwind_action',
      { actionRecordId: recordId, fraction: 0.5 },
      { at: T0 + 1 },
    );
    expect(half.result.executed).toBe(true);
    expect(primaries(state.controlPlane)).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect(state.activeActions.map((a) => a.recordId)).toEqual([recordId]);
    expect(state.activeActions[0]?.remaining).toBeCloseTo(0.5, 12);
    expect(half.record?.note).toBe(`Unwound in part: failover_processor of record ${recordId}.`);
    execute(state, 'unwind_action', { actionRecordId: recordId, fraction: 1 }, { at: T0 + 2 });
    expect(state.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(state.activeActions).toEqual([]);
  });

  it('restores only its own part and leaves the other actions in force', () => {
    const state = fresh();
    const shift = execute(state, 'shift_traffic', {
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.2,
    });
    execute(state, 'adjust_timeout', { timeoutMs: 1500 }, { at: T0 + 1 });
    execute(
      state,
      'unwind_action',
      { actionRecordId: shift.record?.id as string, fraction: 1 },
      { at: T0 + 2 },
    );
    expect(state.controlPlane.routing.visa.primary).toBe(1);
    expect(state.controlPlane.timeoutMs).toBe(1500);
    expect(state.activeActions.map((a) => a.action.type)).toEqual(['adjust_timeout']);
  });

  it('never counts as a new concurrent action', () => {
    const state = fresh();
    const one = { ...DEFAULT_SAFETY_LIMITS, maxConcurrentActions: 1 };
    const failover = execute(state, 'failover_processor', FAILOVER, { limits: one });
    const report = execute(
      state,
      'unwind_action',
      { actionRecordId: failover.record?.id as string, fraction: 1 },
      { limits: one, at: T0 + 1 },
    );
    expect(report.result.executed).toBe(true);
    expect(state.activeActions).toEqual([]);
  });

  it('is refused with a clear reason when the action is not in force', () => {
    const state = fresh();
    const report = execute(state, 'unwind_action', { actionRecordId: 'gone', fraction: 1 });
    expect(report.result.executed).toBe(false);
    expect(report.result.blockReason).toMatch(
      /No action in force was applied by record gone: it may have lapsed/,
    );
  });

  it('is refused in part for a change that is not a routing move', () => {
    const state = fresh();
    const timeout = execute(state, 'adjust_timeout', { timeoutMs: 1500 });
    const report = execute(
      state,
      'unwind_action',
      { actionRecordId: timeout.record?.id as string, fraction: 0.5 },
      { at: T0 + 1 },
    );
    expect(report.result.blockReason).toMatch(
      /cannot be unwound in part; unwind it with fraction 1/,
    );
    expect(state.controlPlane.timeoutMs).toBe(1500);
  });
});

describe('terms, renewal and expiry', () => {
  it('gives every control-plane action a term of 30 windows (30 simulated minutes)', () => {
    const state = fresh();
    execute(state, 'failover_processor', FAILOVER, { cycle: 4 });
    const [active] = state.activeActions;
    expect(active?.appliedWindow).toBe(4);
    expect(active?.expiresWindow).toBe(34);
    expect(active?.expiresAt).toBe(T0 + 30 * 60_000);
  });

  it('follows the term setting', () => {
    const state = fresh();
    const limits = { ...DEFAULT_SAFETY_LIMITS, actionTermWindows: 5 };
    execute(state, 'adjust_timeout', { timeoutMs: 1500 }, { cycle: 2, limits });
    expect(state.activeActions[0]?.expiresWindow).toBe(7);
  });

  it('renews an action re-proposed, without applying it twice or counting it again', () => {
    const state = fresh();
    const one = { ...DEFAULT_SAFETY_LIMITS, maxConcurrentActions: 1 };
    execute(state, 'failover_processor', FAILOVER, { cycle: 0, limits: one });
    const report = execute(state, 'failover_processor', FAILOVER, {
      cycle: 20,
      at: T0 + 20 * 60_000,
      limits: one,
    });
    expect(report.result.executed).toBe(true);
    expect(report.record?.note).toMatch(/^Renewed: failover_processor of record /);
    expect(primaries(state.controlPlane)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(state.activeActions).toHaveLength(1);
    expect(state.activeActions[0]?.expiresWindow).toBe(50);
  });

  it("runs the term in the clock's windows when the executor is given the window", () => {
    const state = fresh();
    execute(state, 'failover_processor', FAILOVER, { cycle: 3, window: 12 });
    expect(state.activeActions[0]?.appliedWindow).toBe(12);
    expect(state.activeActions[0]?.expiresWindow).toBe(42);
    expect(toActiveActionView(state.activeActions[0]!).expiresWindow).toBe(42);
  });

  it('judges a renewal against the plane its lapse would leave, not the unchanged live one', () => {
    const state = fresh();
    execute(state, 'failover_processor', FAILOVER, { cycle: 0 });
    const failedOver = structuredClone(state.controlPlane);
    const plan = planExecution(
      {
        decision: makeDecision({
          type: 'failover_processor',
          parameters: FAILOVER,
          confidence: 0.8,
          riskLevel: 0.2,
          pattern: 'processor_outage',
          decidedAt: T0 + 1,
        }),
        baselineMetrics: makeSnapshot({ successRate: 0.9 }),
        scenario: HEALTHY_SCENARIO,
        controlPlane: state.controlPlane,
        activeActions: state.activeActions,
        limits: DEFAULT_SAFETY_LIMITS,
        cycle: 28,
      },
      T0 + 1,
    );
    expect(plan.assessment.renews?.recordId).toBe(state.activeActions[0]?.recordId);
    expect(plan.requests[0]?.controlPlane.routing).toEqual(DEFAULT_CONTROL_PLANE.routing);
    expect(plan.requests[1]?.controlPlane).toEqual(failedOver);
  });

  it('renews a shift although the route it left now carries only what later moves left', () => {
    const state = fresh();
    const shift = (percentage: number) => ({
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage,
    });
    execute(state, 'shift_traffic', shift(0.5), { cycle: 0 });
    execute(state, 'shift_traffic', shift(0.45), { cycle: 1, at: T0 + 1 });
    expect(state.controlPlane.routing.visa.primary).toBeCloseTo(0.05, 9);
    const report = execute(state, 'shift_traffic', shift(0.5), { cycle: 28, at: T0 + 2 });
    expect(report.result.executed).toBe(true);
    expect(report.record?.note).toMatch(/^Renewed: shift_traffic/);
    expect(state.activeActions.map((a) => a.expiresWindow)).toEqual([58, 31]);
  });

  it('lapses an expired action back to the plane before it and records the expiry', () => {
    const state = fresh();
    execute(state, 'failover_processor', FAILOVER, { cycle: 0 });
    execute(state, 'adjust_timeout', { timeoutMs: 1500 }, { cycle: 10, at: T0 + 1 });
    const early = lapseExpired({ ...state, cycle: 29 }, { now: T0 + 2, window: 29 });
    expect(early.lapsed).toEqual([]);
    expect(early.controlPlane).toEqual(state.controlPlane);
    const lapse = lapseExpired({ ...state, cycle: 30 }, { now: T0 + 3, window: 30 });
    expect(lapse.lapsed.map((a) => a.action.type)).toEqual(['failover_processor']);
    expect(lapse.activeActions.map((a) => a.action.type)).toEqual(['adjust_timeout']);
    expect(lapse.controlPlane).toEqual({ ...DEFAULT_CONTROL_PLANE, timeoutMs: 1500 });
    expect(lapse.records).toHaveLength(1);
    const record = LearningRecordSchema.parse(lapse.records[0]);
    expect(record.status).toBe('rolled_back');
    expect(record.note).toMatch(/^Expired: its term ended at window 30/);
  });

  it('reads the term by time when the window is not known', () => {
    const state = fresh();
    execute(state, 'adjust_timeout', { timeoutMs: 1500 });
    const [active] = state.activeActions as [ActiveAction];
    expect(isExpired(active, { now: T0 + 30 * 60_000 - 1 })).toBe(false);
    expect(isExpired(active, { now: T0 + 30 * 60_000 })).toBe(true);
    expect(
      isExpired({ ...active, expiresAt: undefined, expiresWindow: undefined }, { now: 9e15 }),
    ).toBe(false);
  });
});

describe('toActiveActionView', () => {
  it('shows what, when, why and when it lapses, as the Observation contract has it', () => {
    const state = fresh();
    const failover = execute(state, 'failover_processor', FAILOVER, { cycle: 3 });
    const view = ActiveActionViewSchema.parse(
      toActiveActionView(state.activeActions[0] as ActiveAction),
    );
    expect(view).toMatchObject({
      recordId: failover.record?.id,
      pattern: 'processor_outage',
      appliedAt: T0,
      appliedWindow: 3,
      expiresAt: T0 + 30 * 60_000,
      reason: 'Test proposal: failover_processor',
    });
    expect(view.action.type).toBe('failover_processor');
  });

  it('says how much of a partly unwound move is still in force', () => {
    const state = fresh();
    const failover = execute(state, 'failover_processor', FAILOVER);
    execute(
      state,
      'unwind_action',
      { actionRecordId: failover.record?.id as string, fraction: 0.75 },
      { at: T0 + 1 },
    );
    const view = toActiveActionView(state.activeActions[0] as ActiveAction);
    expect(view.reason).toBe(
      'Test proposal: failover_processor (partly unwound: 25 % of it still in force)',
    );
  });
});

describe('a retry policy for hard declines', () => {
  it('sets retryHardDeclines when the action says, and leaves it alone when not', () => {
    const off = applyAction(DEFAULT_CONTROL_PLANE, {
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 2, multiplier: 1.5, retryHardDeclines: false },
    });
    expect(off.retryPolicy).toEqual({
      maxRetries: 2,
      multiplier: 1.5,
      backoff: false,
      retryHardDeclines: false,
    });
    const kept = applyAction(off, {
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 3, multiplier: 2 },
    });
    expect(kept.retryPolicy.retryHardDeclines).toBe(false);
    const untouched = applyAction(DEFAULT_CONTROL_PLANE, {
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 1, multiplier: 1 },
    });
    expect('retryHardDeclines' in untouched.retryPolicy).toBe(false);
  });
});
