import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type ControlPlane,
} from '../../../../src/contracts';
import { assessDecision, transitionViolations } from '../../../../src/domain/safety';
import { makeDecision } from '../../support/factories';

function plane(): ControlPlane {
  return structuredClone(DEFAULT_CONTROL_PLANE);
}

function assess(decision: unknown): ReturnType<typeof assessDecision> {
  return assessDecision({
    decision,
    controlPlane: plane(),
    activeActionCount: 0,
    limits: DEFAULT_SAFETY_LIMITS,
  });
}

describe('assessDecision', () => {
  it('approves a valid decision and hands back the plane it produces', () => {
    const result = assess(makeDecision());
    expect(result.safetyCheck.isApproved).toBe(true);
    expect(result.safetyCheck.violations).toEqual([]);
    expect(result.resultingControlPlane).not.toBeNull();
  });

  it('fails closed on a decision whose fields throw when read', () => {
    const hostile = {
      get selectedAction(): never {
        throw new Error('trap');
      },
    };
    const result = assess(hostile);
    expect(result.safetyCheck).toEqual({
      isApproved: false,
      blockReason: 'The decision could not be read: trap',
      violations: [{ rule: 'valid_decision', message: 'The decision could not be read: trap' }],
    });
    expect(result.resultingControlPlane).toBeNull();
  });
});

describe('transitionViolations', () => {
  it('reports a resulting plane that does not parse, with the offending path', () => {
    const after = plane() as unknown as { retryPolicy: { multiplier: unknown } };
    after.retryPolicy.multiplier = 'fast';
    const violations = transitionViolations(
      plane(),
      after as unknown as ControlPlane,
      DEFAULT_SAFETY_LIMITS,
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toBe('valid_parameters');
    expect(violations[0]?.message).toMatch(
      /^The resulting control plane is invalid: controlPlane\.retryPolicy\.multiplier: /,
    );
  });

  it('allows a move of exactly the maximum share (within the weight tolerance)', () => {
    const before = plane();
    before.routing.discover = { primary: 0, backup: 1 };
    const after = plane();
    after.routing.discover = { primary: 0.5 + 1e-9, backup: 1 - (0.5 + 1e-9) };
    expect(transitionViolations(before, after, DEFAULT_SAFETY_LIMITS)).toEqual([]);
  });

  it('words a move above the maximum share with both percentages', () => {
    const before = plane();
    before.routing.discover = { primary: 0, backup: 1 };
    const after = plane();
    after.routing.discover = { primary: 0.6, backup: 0.4 };
    expect(transitionViolations(before, after, DEFAULT_SAFETY_LIMITS)).toEqual([
      {
        rule: 'max_traffic_shift',
        message: "The action would move 60.0% of discover's traffic; at most 50.0% per action.",
      },
    ]);
  });

  it('words a raised retry multiplier with the value and the limit', () => {
    const before = plane();
    before.retryPolicy.multiplier = 2;
    const after = plane();
    after.retryPolicy.multiplier = 4;
    expect(transitionViolations(before, after, DEFAULT_SAFETY_LIMITS)).toEqual([
      {
        rule: 'max_retry_multiplier',
        message: `The action would set the retry multiplier to 4x; at most ${DEFAULT_SAFETY_LIMITS.maxRetryMultiplier}x.`,
      },
    ]);
  });
});
