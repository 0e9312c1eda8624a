import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  type ActionParameters,
  type ActionType,
  type LearningRecord,
} from '../../../../src/contracts';
import {
  actionTarget,
  approvalReasons,
  assessDecision,
  hasPriorExperience,
  isLargeMove,
} from '../../../../src/domain/safety';
import { makeDecision, makeOutcome, T0 } from '../../support/factories';

const FAILOVER = (percentage: number): ActionParameters => ({
  fromRoute: 'primary',
  toRoute: 'backup',
  percentage,
});

/** The approval reasons of a confident, low-risk, reversible action with a known past. */
function reasonsFor(
  type: ActionType,
  parameters: ActionParameters,
  changes: { confidence?: number; hasPastOutcome?: boolean } = {},
): string[] {
  return approvalReasons({
    action: {
      type,
      parameters,
      reversible: true,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel: 0.2 },
    },
    confidence: changes.confidence ?? 0.8,
    pattern: 'processor_outage',
    hasPastOutcome: changes.hasPastOutcome ?? true,
    hypotheses: [],
    config: DEFAULT_REASONING_CONFIG,
  });
}

/** An audit record of a decision with the given status. */
function record(
  status: LearningRecord['status'],
  type: ActionType,
  parameters: ActionParameters,
): LearningRecord {
  const decision = makeDecision({ type, parameters, pattern: 'processor_outage' });
  return {
    id: `r-${status}`,
    recordedAt: T0,
    status,
    pattern: 'processor_outage',
    actionType: type,
    decision,
    ...(status === 'executed' ? { outcome: makeOutcome() } : {}),
  };
}

describe('approval tiers', () => {
  it('pre-approves a notification: no reason to ask, whatever the confidence or novelty', () => {
    const notify = { channel: 'on_call', severity: 'warning' };
    expect(
      reasonsFor('send_notification', notify, { confidence: 0.1, hasPastOutcome: false }),
    ).toEqual([]);
    const check = assessDecision({
      decision: makeDecision({
        type: 'send_notification',
        parameters: notify,
        confidence: 0.1,
        requiresHumanApproval: true,
        riskLevel: 0.9,
      }),
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
    });
    expect(check.safetyCheck.isApproved).toBe(true);
  });

  it('still lets a human reject a notification', () => {
    const check = assessDecision({
      decision: makeDecision({ type: 'send_notification', parameters: { channel: 'on_call' } }),
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: { approved: false, at: T0 },
    });
    expect(check.safetyCheck.isApproved).toBe(false);
    expect(check.safetyCheck.violations.map((v) => v.rule)).toEqual(['human_approval']);
  });

  it('runs a small reversible move within limits on its own when confident and known', () => {
    expect(reasonsFor('failover_processor', FAILOVER(0.25))).toEqual([]);
    expect(
      reasonsFor('shift_traffic', {
        issuerId: 'visa',
        fromRoute: 'primary',
        toRoute: 'backup',
        percentage: 0.5,
      }),
    ).toEqual([]);
  });

  it('asks a human about a large move: a failover of more than half the cap of every issuer', () => {
    expect(reasonsFor('failover_processor', FAILOVER(0.26))).toEqual([
      'Large move: a failover of 26.0% of every issuer, above half the 50.0% cap',
    ]);
    expect(
      isLargeMove(
        { type: 'failover_processor', parameters: FAILOVER(0.25) },
        { maxTrafficShift: 0.5 },
      ),
    ).toBe(false);
    expect(
      isLargeMove(
        { type: 'failover_processor', parameters: FAILOVER(0.16) },
        { maxTrafficShift: 0.3 },
      ),
    ).toBe(true);
    expect(
      isLargeMove(
        { type: 'rate_limit', parameters: { percentage: 0.9 } },
        { maxTrafficShift: 0.5 },
      ),
    ).toBe(false);
    // A share that is not a number (the guardrails refuse it anyway) is not read as a size.
    expect(
      isLargeMove(
        { type: 'failover_processor', parameters: { ...FAILOVER(0), percentage: '0.9' } },
        { maxTrafficShift: 0.5 },
      ),
    ).toBe(false);
  });

  it('asks a human about a novel situation, but never about an unwind', () => {
    expect(reasonsFor('failover_processor', FAILOVER(0.2), { hasPastOutcome: false })).toEqual([
      'Novel situation: no past outcome for pattern processor_outage',
    ]);
    expect(
      reasonsFor('unwind_action', { actionRecordId: 'r1', fraction: 1 }, { hasPastOutcome: false }),
    ).toEqual([]);
  });
});

describe('hasPriorExperience', () => {
  const context = {
    pattern: 'processor_outage',
    actionType: 'failover_processor' as const,
    target: 'primary>backup',
  };

  it('counts an executed record (one a human approved) as experience, so novelty clears', () => {
    const history = [record('executed', 'failover_processor', FAILOVER(0.5))];
    expect(hasPriorExperience(context, history)).toBe(true);
    expect(
      reasonsFor('failover_processor', FAILOVER(0.2), {
        hasPastOutcome: hasPriorExperience(context, history),
      }),
    ).toEqual([]);
  });

  it('counts an action executed and later undone, but not a blocked or rejected one', () => {
    expect(
      hasPriorExperience(context, [record('rolled_back', 'failover_processor', FAILOVER(0.5))]),
    ).toBe(true);
    expect(
      hasPriorExperience(context, [record('blocked', 'failover_processor', FAILOVER(0.5))]),
    ).toBe(false);
    expect(
      hasPriorExperience(context, [record('rejected', 'failover_processor', FAILOVER(0.5))]),
    ).toBe(false);
    expect(hasPriorExperience(context, [])).toBe(false);
  });

  it('keeps to its context: another pattern, action type or target is no experience', () => {
    const other = record('executed', 'failover_processor', FAILOVER(0.5));
    expect(hasPriorExperience({ ...context, pattern: 'retry_storm' }, [other])).toBe(false);
    expect(hasPriorExperience({ ...context, actionType: 'shift_traffic' }, [other])).toBe(false);
    expect(hasPriorExperience({ ...context, target: 'backup>primary' }, [other])).toBe(false);
    const { target: _any, ...anyTarget } = context;
    expect(hasPriorExperience(anyTarget, [other])).toBe(true);
  });

  it('names a target by issuer, routes and channel', () => {
    const shift = { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.2 };
    expect(actionTarget({ type: 'shift_traffic', parameters: shift })).toBe('visa:primary>backup');
    expect(
      actionTarget({ type: 'disable_route', parameters: { issuerId: 'amex', routeId: 'backup' } }),
    ).toBe('amex:backup');
    expect(actionTarget({ type: 'send_notification', parameters: { channel: 'on_call' } })).toBe(
      'on_call',
    );
    expect(actionTarget({ type: 'do_nothing', parameters: {} })).toBe('');
  });
});
