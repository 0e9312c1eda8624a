import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  type ActionParameters,
  type ActionType,
  type ControlPlane,
  type SafetyLimits,
} from '../../../../src/contracts';
import { applyAction, type ActiveAction } from '../../../../src/domain/execution';
import { approvalReasons, assessDecision, resolveLimits } from '../../../../src/domain/safety';
import { makeDecision, T0 } from '../../support/factories';

function assess(
  type: ActionType,
  parameters: ActionParameters,
  options: {
    plane?: ControlPlane;
    active?: ActiveAction[];
    limits?: Partial<SafetyLimits>;
    count?: number;
    confidence?: number;
  } = {},
) {
  return assessDecision({
    decision: makeDecision({
      type,
      parameters,
      confidence: options.confidence ?? 0.8,
      riskLevel: 0.2,
    }),
    controlPlane: options.plane ?? DEFAULT_CONTROL_PLANE,
    activeActionCount: options.count ?? options.active?.length ?? 0,
    ...(options.active ? { activeActions: options.active } : {}),
    limits: { ...DEFAULT_SAFETY_LIMITS, ...options.limits },
  });
}

const rules = (a: ReturnType<typeof assess>) => a.safetyCheck.violations.map((v) => v.rule);
const FAILOVER = { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 };

/** A failover of `percentage` in force on the default plane. */
function failoverInForce(percentage = 0.5): { active: ActiveAction; plane: ControlPlane } {
  const decision = makeDecision({
    type: 'failover_processor',
    parameters: { ...FAILOVER, percentage },
    id: 'failover-1',
  });
  return {
    active: {
      action: decision.selectedAction,
      pattern: 'processor_outage',
      planeBefore: DEFAULT_CONTROL_PLANE,
      appliedAt: T0,
      recordId: 'failover-1@rec',
      decision,
    },
    plane: applyAction(DEFAULT_CONTROL_PLANE, decision.selectedAction),
  };
}

describe('lifecycle settings', () => {
  it('honours any probe share and term in range, looser or not, and fills in the defaults', () => {
    expect(resolveLimits({}).limits).toMatchObject({ probeShare: 0.05, actionTermWindows: 30 });
    const { limits, problems } = resolveLimits({ probeShare: 0, actionTermWindows: 1440 });
    expect(limits).toMatchObject({ probeShare: 0, actionTermWindows: 1440 });
    expect(problems).toEqual([]);
    expect(resolveLimits({ probeShare: 0.2 }).limits.probeShare).toBe(0.2);
  });

  it('refuses a probe share or term out of range, naming the field, and keeps the default', () => {
    const { limits, fieldProblems } = resolveLimits({ probeShare: 0.3, actionTermWindows: 0 });
    expect(limits).toMatchObject({ probeShare: 0.05, actionTermWindows: 30 });
    expect(fieldProblems.map((p) => p.field)).toEqual(['probeShare', 'actionTermWindows']);
    expect(fieldProblems[0]?.message).toBe(
      'Lifecycle setting probeShare = 0.3 ignored (it must be a share from 0 to 0.2); it stays 0.05.',
    );
    expect(fieldProblems[1]?.message).toBe(
      'Lifecycle setting actionTermWindows = 0 ignored (it must be a whole number of windows from 1 to 1440); it stays 30.',
    );
    expect(resolveLimits({ actionTermWindows: 2.5 }).fieldProblems[0]?.field).toBe(
      'actionTermWindows',
    );
  });
});

describe('failover guardrails', () => {
  it('lets a failover at the cap through and names one above it', () => {
    expect(assess('failover_processor', FAILOVER).safetyCheck.isApproved).toBe(true);
    const above = assess('failover_processor', { ...FAILOVER, percentage: 0.51 });
    expect(rules(above)).toEqual(['max_traffic_shift']);
    expect(above.safetyCheck.blockReason).toBe(
      "Failover of 51.0% of every issuer's traffic exceeds the maximum 50.0% per issuer per action",
    );
  });

  it('refuses a failover onto the route it leaves', () => {
    const same = assess('failover_processor', { ...FAILOVER, toRoute: 'primary' });
    expect(same.safetyCheck.blockReason).toBe(
      'A failover cannot move traffic from primary to itself.',
    );
  });

  it('fails over only the issuers whose routes are both enabled', () => {
    const plane: ControlPlane = {
      ...DEFAULT_CONTROL_PLANE,
      disabledRoutes: [{ issuerId: 'amex', routeId: 'backup' }],
    };
    const next = assess('failover_processor', FAILOVER, { plane }).resultingControlPlane;
    expect(next?.routing.amex.primary).toBe(1);
    expect(next?.routing.visa.primary).toBeCloseTo(0.5, 12);
  });

  it('leaves the probe share the limits set on a route the failover would empty', () => {
    const { plane } = failoverInForce();
    const next = assess('failover_processor', FAILOVER, { plane, limits: { probeShare: 0.1 } });
    expect(next.resultingControlPlane?.routing.visa.primary).toBeCloseTo(0.1, 12);
  });
});

describe('unwind and renewal guardrails', () => {
  it('lets an unwind restore more than a stricter share cap now allows, and adds no action', () => {
    const { active, plane } = failoverInForce();
    const unwind = assess(
      'unwind_action',
      { actionRecordId: active.recordId, fraction: 1 },
      { plane, active: [active], limits: { maxTrafficShift: 0.3, maxConcurrentActions: 1 } },
    );
    expect(rules(unwind)).toEqual([]);
    expect(unwind.resultingControlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(unwind.unwind?.full).toBe(true);
    expect(unwind.renews).toBeNull();
  });

  it('asks a human for an unwind below the minimum confidence instead of blocking it', () => {
    const { active, plane } = failoverInForce();
    const options = { plane, active: [active], confidence: 0.5 };
    const unwind = assess(
      'unwind_action',
      { actionRecordId: active.recordId, fraction: 1 },
      options,
    );
    expect(rules(unwind)).toEqual([]);
    expect(unwind.safetyCheck.isApproved).toBe(true);
    // The decision then asks a human: its low confidence is an approval reason.
    const why = approvalReasons({
      action: unwind.decision!.selectedAction,
      confidence: 0.5,
      pattern: 'processor_outage',
      hasPastOutcome: true,
      hypotheses: [],
      config: DEFAULT_REASONING_CONFIG,
    });
    expect(why.join(' ')).toMatch(/^Low confidence: 50/);
    // The same confidence blocks a new move: the exemption is the unwind's alone.
    const shift = assess('failover_processor', FAILOVER, {
      ...options,
      plane: DEFAULT_CONTROL_PLANE,
    });
    expect(rules(shift)).toContain('min_confidence');
  });

  it('refuses an unwind when the guardrails are not told what is in force', () => {
    const { active, plane } = failoverInForce();
    const unwind = assess(
      'unwind_action',
      { actionRecordId: active.recordId, fraction: 1 },
      { plane },
    );
    expect(rules(unwind)).toEqual(['valid_parameters']);
    expect(unwind.safetyCheck.blockReason).toMatch(
      /^The action cannot be applied to the control plane: No action in force/,
    );
    expect(unwind.unwind).toBeNull();
  });

  it('refuses an unwind of fraction 0', () => {
    const { active, plane } = failoverInForce();
    const unwind = assess(
      'unwind_action',
      { actionRecordId: active.recordId, fraction: 0 },
      { plane, active: [active] },
    );
    expect(unwind.safetyCheck.blockReason).toMatch(/fraction 0 would undo nothing/);
  });

  it('renews a re-proposed action without changing the plane, even at the concurrent limit', () => {
    const { active, plane } = failoverInForce();
    const renewal = assess('failover_processor', FAILOVER, {
      plane,
      active: [active],
      limits: { maxConcurrentActions: 1 },
    });
    expect(rules(renewal)).toEqual([]);
    expect(renewal.resultingControlPlane).toEqual(plane);
    expect(renewal.renews?.recordId).toBe(active.recordId);
    const other = assess(
      'failover_processor',
      { ...FAILOVER, percentage: 0.2 },
      {
        plane,
        active: [active],
        limits: { maxConcurrentActions: 1 },
      },
    );
    expect(rules(other)).toEqual(['max_concurrent_actions']);
    expect(other.renews).toBeNull();
  });

  it('keeps hard limits on a renewal: a low confidence still blocks it', () => {
    const { active, plane } = failoverInForce();
    const check = assessDecision({
      decision: makeDecision({ type: 'failover_processor', parameters: FAILOVER, confidence: 0.3 }),
      controlPlane: plane,
      activeActionCount: 1,
      activeActions: [active],
      limits: DEFAULT_SAFETY_LIMITS,
    });
    expect(check.safetyCheck.violations.map((v) => v.rule)).toEqual(['min_confidence']);
    expect(check.renews).toBeNull();
    expect(check.resultingControlPlane).toBeNull();
  });
});
