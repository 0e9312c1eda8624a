import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  HEALTHY_SCENARIO,
  type ControlPlane,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { simulatePair } from '../../../../src/domain/simulation';

const visaOutage = {
  ...HEALTHY_SCENARIO,
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 },
};

/**
 * A milder outage for the "looks almost normal" case: a payment keeps its route for its retries,
 * so the half still on a 60 % primary fails visibly; at 92 % it hides in the issuer's total.
 */
const mildVisaOutage = {
  ...HEALTHY_SCENARIO,
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.92 },
};

function decideOn(plane: ControlPlane, scenario = visaOutage) {
  const pair = simulatePair(scenario, plane, 1);
  return {
    pair,
    result: reason({
      currentMetrics: pair.current,
      baselineMetrics: pair.baseline,
      learningContext: EMPTY_LEARNING_CONTEXT,
      config: DEFAULT_REASONING_CONFIG,
      now: 1,
    }),
  };
}

describe('an issuer whose traffic was partly moved off a failing route', () => {
  const halfShifted: ControlPlane = {
    ...DEFAULT_CONTROL_PLANE,
    routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
  };

  it('is still recognised as degraded on that route, though its total looks almost normal', () => {
    const { pair, result } = decideOn(halfShifted, mildVisaOutage);
    const visa = pair.current.issuerMetrics.find((m) => m.issuerId === 'visa')!;
    // The issuer as a whole is within 5 % of its baseline: only the route gives the fault away.
    expect(visa.successRate).toBeGreaterThan(0.94 * 0.991);
    const pattern = result.patterns.find((p) => p.type === 'issuer_degradation');
    expect(pattern?.issuerIds).toEqual(['visa']);
    expect(pattern?.faultLocation).toBe('route');
  });

  it('gets the rest of its traffic moved off the failing route', () => {
    const { result } = decideOn(halfShifted);
    const action = result.decision.selectedAction;
    expect(action.type).toBe('shift_traffic');
    expect(action.parameters).toMatchObject({
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
    });
    expect(action.parameters.percentage).toBeGreaterThan(0.45);
    expect(action.parameters.percentage).toBeLessThanOrEqual(0.5);
  });

  it('is left alone once nothing goes over the failing route', () => {
    const { result } = decideOn({
      ...DEFAULT_CONTROL_PLANE,
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0, backup: 1 } },
    });
    expect(result.patterns.map((p) => p.type)).toEqual(['noise']);
    expect(result.decision.selectedAction.type).toBe('do_nothing');
  });
});
