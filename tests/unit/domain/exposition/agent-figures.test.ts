import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE } from '../../../../src/contracts';
import { agentFigures } from '../../../../src/domain/exposition';
import { makeSnapshot } from '../../support/factories';

describe('agentFigures', () => {
  it('counts active actions, takes the debt of the plane and the last confidence', () => {
    const figures = agentFigures({
      controlPlane: { ...DEFAULT_CONTROL_PLANE, timeoutMs: 1000 },
      activeActions: [{}, {}],
      current: makeSnapshot(),
      reasoning: { decision: { confidenceInDecision: 0.81 } },
    });
    expect(figures).toEqual({ activeActions: 2, mitigationDebt: 1, decisionConfidence: 0.81 });
  });

  it('has no confidence before the first decision', () => {
    const figures = agentFigures({
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActions: [],
      current: null,
      reasoning: null,
    });
    expect(figures).toEqual({ activeActions: 0, mitigationDebt: 0, decisionConfidence: null });
  });
});
