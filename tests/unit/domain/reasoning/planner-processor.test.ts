import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  type ActionProposal,
  type ActiveActionView,
  type ControlPlane,
  type IncidentScript,
  type SafetyLimits,
} from '../../../../src/contracts';
import { runFixed } from '../../../../src/domain/evaluation/incident-stages-run';
import { applyAction } from '../../../../src/domain/execution/actions';
import { reason } from '../../../../src/domain/reasoning';
import { SAFE_LOAD } from '../../../../src/domain/reasoning/headroom';
import { assessDecision } from '../../../../src/domain/safety/check';
import { observe } from './observations';

/** Off-peak, the primary processor at 85 % from window 2 to window 6, then healthy again. */
const OUTAGE: IncidentScript = {
  id: 'short_processor_outage',
  label: 'Short processor outage',
  description: 'Primary processor at 85 % for windows 2–5 at 3,000 payments per window.',
  windows: 10,
  base: { ...HEALTHY_SCENARIO, trafficVolume: 3000 },
  events: [{ at: 2, fault: 'processorHealth', kind: 'hold', value: 0.85, until: 6 }],
};

/** The same outage at the default 6,000 payments, more than the 4,800-attempt backup can carry. */
const BUSY: IncidentScript = {
  ...OUTAGE,
  id: 'busy_processor_outage',
  base: { ...HEALTHY_SCENARIO, trafficVolume: 6000 },
  events: [{ at: 2, fault: 'processorHealth', kind: 'hold', value: 0.6, until: 6 }],
};

/** Every issuer with `primary` of its traffic on the primary route. */
function allOnPrimary(primary: number, base: ControlPlane = DEFAULT_CONTROL_PLANE): ControlPlane {
  const plane = structuredClone(base);
  for (const id of Object.keys(plane.routing) as (keyof ControlPlane['routing'])[])
    plane.routing[id] = { primary, backup: 1 - primary };
  return plane;
}

/** An action in force, as the audit log shows it. */
function inForce(
  recordId: string,
  type: ActionProposal['type'],
  parameters: ActionProposal['parameters'],
  remaining?: number,
): ActiveActionView {
  return {
    recordId,
    pattern: type === 'failover_processor' ? 'processor_outage' : 'retry_storm',
    appliedAt: 1_700_000_000_000,
    reason: `${type} taken earlier`,
    ...(remaining === undefined ? {} : { remaining }),
    action: {
      id: `action_${recordId}`,
      category: type === 'failover_processor' ? 'traffic_routing' : 'retry_policy',
      type,
      description: `${type} taken earlier`,
      parameters,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel: 0.3 },
      prerequisites: [],
      reversible: true,
    },
  };
}

const FAILOVER = (percentage: number) => ({
  fromRoute: 'primary',
  toRoute: 'backup',
  percentage,
});

/**
 * What the agent sees at window `at` of `script` run on `plane` throughout: the last three
 * windows and the no-fault baseline of that window.
 */
function seenAt(
  script: IncidentScript,
  at: number,
  plane: ControlPlane,
  activeActions: ActiveActionView[] = [],
  limits?: SafetyLimits,
) {
  const windows = runFixed(script, 1, plane).slice(0, at + 1);
  const baseline = runFixed({ ...script, events: [] }, 1, DEFAULT_CONTROL_PLANE)[at]!;
  return observe(windows.slice(-3), {
    baseline,
    controlPlane: plane,
    activeActions,
    ...(limits ? { limits } : {}),
  });
}

/** Whether the guardrails let the decision through on the plane, with the actions in force. */
function passes(input: ReturnType<typeof seenAt>, limits: SafetyLimits = DEFAULT_SAFETY_LIMITS) {
  const { decision } = reason(input);
  return assessDecision({
    decision,
    controlPlane: input.observation!.controlPlane,
    activeActionCount: input.observation!.activeActions.length,
    limits,
    humanApproval: { approved: true, by: 'test operator', at: 1 },
  }).safetyCheck.isApproved;
}

describe('a processor outage, on simulated windows', () => {
  it('proposes one failover of every issuer within the per-action cap, and selects it', () => {
    const { proposals, decision } = reason(seenAt(OUTAGE, 3, DEFAULT_CONTROL_PLANE));
    expect(proposals.filter((p) => p.type === 'failover_processor')).toHaveLength(1);
    expect(decision.selectedAction.type).toBe('failover_processor');
    expect(decision.selectedAction.parameters).toEqual(FAILOVER(0.5));
  });

  it('moves the rest, less the probe share, as a new action once the first half is in force', () => {
    const plane = allOnPrimary(0.5);
    const first = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5));
    const { decision } = reason(seenAt(OUTAGE, 4, plane, [first]));
    expect(decision.selectedAction.type).toBe('failover_processor');
    // Not 0.5 again, which would only renew the first.
    expect(decision.selectedAction.parameters).toEqual(FAILOVER(0.45));
  });

  it('leaves the larger probe share a stricter setting asks for', () => {
    const limits = { ...DEFAULT_SAFETY_LIMITS, probeShare: 0.1 };
    const plane = allOnPrimary(0.5);
    const first = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5));
    const { decision } = reason(seenAt(OUTAGE, 4, plane, [first], limits));
    expect(decision.selectedAction.parameters).toEqual(FAILOVER(0.4));
  });

  it('sizes every step to a stricter share cap, and the guardrails let it through', () => {
    const limits = { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 };
    const plane = allOnPrimary(0.7);
    const first = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.3));
    const input = seenAt(OUTAGE, 4, plane, [first], limits);
    const { decision } = reason(input);
    expect(decision.selectedAction.type).toBe('failover_processor');
    // 30 % again would be the failover in force, renewed and moving nothing: the next step is a
    // point smaller, an action of its own.
    expect(decision.selectedAction.parameters).toEqual(FAILOVER(0.29));
    expect(passes(input, limits)).toBe(true);
  });

  it('moves less than the rest when the backup is near its safe load, filling its room', () => {
    const plane = allOnPrimary(0.5);
    const first = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5));
    const { proposals } = reason(seenAt(BUSY, 4, plane, [first]));
    const moves = proposals.filter(
      (p) => p.type === 'failover_processor' || p.type === 'shift_traffic',
    );
    // Half of 6,000 payments already loads the 4,800-attempt backup to about 0.63: the rest
    // (45 %) would overload it, so the failover and the shifts are sized to its room.
    const failover = moves.find((m) => m.type === 'failover_processor');
    expect(failover?.parameters.percentage).toBeGreaterThanOrEqual(0.05);
    expect(failover?.parameters.percentage).toBeLessThan(0.2);
    expect(moves.length).toBeGreaterThan(1);
    // The world says whether the room was read right: each move, carried out, takes the backup
    // up to its safe load and not past it. A moved payment brings its first attempt, not the
    // retries the failing primary made of it, so the moves are not sized as if it did.
    for (const m of moves) {
      const after = runFixed(BUSY, 1, applyAction(plane, m, { probeShare: 0.05 }))[4]!;
      const backup = after.routeMetrics?.find((r) => r.routeId === 'backup');
      expect(backup?.load).toBeGreaterThan(SAFE_LOAD - 0.05);
      expect(backup?.load).toBeLessThanOrEqual(SAFE_LOAD + 0.01);
    }
  });

  it('proposes no new change while the actions in force fill the concurrent-action limit', () => {
    const plane = allOnPrimary(0.3, {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, backoff: true },
    });
    const active = [
      inForce('rec-backoff', 'implement_backoff', { enabled: true }),
      inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5)),
      inForce('rec-failover-2', 'failover_processor', FAILOVER(0.2)),
    ];
    const input = seenAt(OUTAGE, 4, plane, active);
    const { proposals } = reason(input);
    const renewsOrWaits = proposals.every(
      (p) =>
        ['do_nothing', 'send_notification', 'unwind_action'].includes(p.type) ||
        active.some(
          (a) =>
            a.action.type === p.type &&
            JSON.stringify(a.action.parameters) === JSON.stringify(p.parameters),
        ),
    );
    expect(renewsOrWaits).toBe(true);
    expect(passes(input)).toBe(true);
  });
});

describe('an issuer route fault with half of the issuer already moved', () => {
  const VISA: IncidentScript = {
    ...OUTAGE,
    id: 'visa_route_fault',
    base: HEALTHY_SCENARIO,
    events: [{ at: 2, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 }],
  };

  it('shifts the rest of the issuer, less the probe share, instead of renewing the first half', () => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    plane.routing.visa = { primary: 0.5, backup: 0.5 };
    const first: ActiveActionView = {
      ...inForce('rec-visa-1', 'shift_traffic', {
        issuerId: 'visa',
        fromRoute: 'primary',
        toRoute: 'backup',
        percentage: 0.5,
      }),
      pattern: 'issuer_degradation',
    };
    const { decision } = reason(seenAt(VISA, 4, plane, [first]));
    expect(decision.selectedAction.type).toBe('shift_traffic');
    expect(decision.selectedAction.parameters.issuerId).toBe('visa');
    // At most what is left less the 5 % probe (the observed share on the route may be a point
    // lower than the plane's 50 %), never the 50 % in force again.
    const p = decision.selectedAction.parameters.percentage as number;
    expect(p).toBeLessThanOrEqual(0.45);
    expect(p).toBeGreaterThanOrEqual(0.4);
  });
});

describe('after the processor recovers, on simulated windows', () => {
  it('unwinds a failover by half first, then the rest', () => {
    const plane = allOnPrimary(0.5);
    const failover = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5));
    const half = reason(seenAt(OUTAGE, 8, plane, [failover])).decision.selectedAction;
    expect(half.type).toBe('unwind_action');
    expect(half.parameters).toEqual({ actionRecordId: 'rec-failover-1', fraction: 0.5 });
    const partly = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5), 0.5);
    const rest = reason(seenAt(OUTAGE, 8, allOnPrimary(0.75), [partly])).decision.selectedAction;
    expect(rest.parameters).toEqual({ actionRecordId: 'rec-failover-1', fraction: 1 });
  });

  it('reads each of two failovers off its own record, not off the plane they share', () => {
    const plane = allOnPrimary(0.3);
    const first = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5), 0.5);
    const second = inForce('rec-failover-2', 'failover_processor', FAILOVER(0.45));
    const unwinds = reason(seenAt(OUTAGE, 8, plane, [first, second])).proposals.filter(
      (p) => p.type === 'unwind_action',
    );
    expect(unwinds.map((p) => p.parameters)).toEqual(
      expect.arrayContaining([
        { actionRecordId: 'rec-failover-1', fraction: 1 },
        { actionRecordId: 'rec-failover-2', fraction: 0.5 },
      ]),
    );
  });

  it('lifts backoff once the windows are calm and no traffic move is left', () => {
    const plane: ControlPlane = {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, backoff: true },
    };
    const backoff = inForce('rec-backoff', 'implement_backoff', { enabled: true });
    const { decision } = reason(seenAt(OUTAGE, 9, plane, [backoff]));
    expect(decision.selectedAction.type).toBe('unwind_action');
    expect(decision.selectedAction.parameters).toEqual({
      actionRecordId: 'rec-backoff',
      fraction: 1,
    });
  });

  it('keeps backoff while a failover is still in force, unwinding the failover first', () => {
    const plane = allOnPrimary(0.5, {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, backoff: true },
    });
    const backoff = inForce('rec-backoff', 'implement_backoff', { enabled: true });
    const failover = inForce('rec-failover-1', 'failover_processor', FAILOVER(0.5));
    const { proposals, decision } = reason(seenAt(OUTAGE, 9, plane, [backoff, failover]));
    const named = proposals
      .filter((p) => p.type === 'unwind_action')
      .map((p) => p.parameters.actionRecordId);
    expect(named).toEqual(['rec-failover-1']);
    expect(decision.selectedAction.parameters.actionRecordId).toBe('rec-failover-1');
  });

  it('keeps backoff while the processor still fails', () => {
    const plane: ControlPlane = {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, backoff: true },
    };
    const backoff = inForce('rec-backoff', 'implement_backoff', { enabled: true });
    const { proposals } = reason(seenAt(OUTAGE, 4, plane, [backoff]));
    expect(proposals.some((p) => p.type === 'unwind_action')).toBe(false);
  });
});
