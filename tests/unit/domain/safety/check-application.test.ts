// When applying an approved action fails or produces a plane beyond the limits, the guardrails
// still block it. The rules refuse such actions first, so applyAction is replaced here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type ControlPlane,
} from '../../../../src/contracts';
import { assessDecision } from '../../../../src/domain/safety';
import { makeDecision } from '../../support/factories';

const apply = vi.hoisted(() => ({
  override: null as null | ((plane: ControlPlane) => ControlPlane),
}));

vi.mock('../../../../src/domain/execution/actions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../src/domain/execution/actions')>();
  return {
    ...actual,
    applyAction: (plane: ControlPlane, action: Parameters<typeof actual.applyAction>[1]) =>
      apply.override ? apply.override(plane) : actual.applyAction(plane, action),
  };
});

afterEach(() => {
  apply.override = null;
});

function assess(): ReturnType<typeof assessDecision> {
  return assessDecision({
    decision: makeDecision(),
    controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
    activeActionCount: 0,
    limits: DEFAULT_SAFETY_LIMITS,
  });
}

describe('assessDecision when the action is applied', () => {
  it('blocks an action that throws when applied, with the reason', () => {
    apply.override = () => {
      throw new RangeError('no traffic left to move');
    };
    const result = assess();
    expect(result.safetyCheck.isApproved).toBe(false);
    expect(result.safetyCheck.violations).toEqual([
      {
        rule: 'valid_parameters',
        message: 'The action cannot be applied to the control plane: no traffic left to move',
      },
    ]);
    expect(result.resultingControlPlane).toBeNull();
  });

  it('words a thrown non-error value too', () => {
    apply.override = () => {
      throw 'odd';
    };
    expect(assess().safetyCheck.blockReason).toBe(
      'The action cannot be applied to the control plane: odd',
    );
  });

  it('blocks and keeps no plane when the applied plane moves too much traffic', () => {
    apply.override = (before) => {
      const after = structuredClone(before);
      after.routing.discover = {
        primary: before.routing.discover.primary > 0.5 ? 0 : 1,
        backup: before.routing.discover.primary > 0.5 ? 1 : 0,
      };
      return after;
    };
    const result = assess();
    expect(result.safetyCheck.isApproved).toBe(false);
    expect(result.safetyCheck.violations.map((v) => v.rule)).toEqual(['max_traffic_shift']);
    expect(result.resultingControlPlane).toBeNull();
  });
});
