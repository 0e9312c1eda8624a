import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  type ControlPlane,
  type Observation,
  type Scenario,
} from '../../../../src/contracts';
import { halfOnBackup } from '../../../../src/domain/evaluation';
import {
  agentPolicy,
  allowedCandidates,
  doNothingPolicy,
  randomPolicy,
  staticRulePolicy,
} from '../../../../src/domain/policies';
import { assessDecision } from '../../../../src/domain/safety/check';
import { Random } from '../../../../src/domain/random';
import { simulateWindow } from '../../../../src/domain/simulation';

const NOW = 1_700_000_000_000;

/** An Observation of one simulated window of `scenario` on `plane`, with the healthy baseline. */
function observe(
  scenario: Partial<Scenario>,
  plane: ControlPlane = DEFAULT_CONTROL_PLANE,
): Observation {
  const current = simulateWindow({ ...HEALTHY_SCENARIO, ...scenario, seed: 7 }, plane, NOW);
  const baseline = simulateWindow({ ...HEALTHY_SCENARIO, seed: 7 }, plane, NOW);
  return {
    windows: [{ window: 0, metrics: current }],
    baselineMetrics: baseline,
    controlPlane: plane,
    activeActions: [],
  };
}

const input = (observation: Observation, seed = 1) => {
  const random = new Random(seed, 9);
  return { observation, limits: DEFAULT_SAFETY_LIMITS, now: NOW, random: () => random.next() };
};

const VISA_DOWN = { issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 } };

describe('do-nothing baseline', () => {
  it('does nothing on a fault as on a healthy window', () => {
    for (const obs of [observe({}), observe(VISA_DOWN)])
      expect(doNothingPolicy().decide(input(obs)).selectedAction.type).toBe('do_nothing');
  });
});

describe('static-rule baseline', () => {
  it('shifts 50 % of an issuer under 90 % success off its primary', () => {
    const obs = observe(VISA_DOWN);
    const visa = obs.windows[0]!.metrics.issuerMetrics.find((m) => m.issuerId === 'visa')!;
    expect(visa.successRate).toBeLessThan(0.9);
    const action = staticRulePolicy().decide(input(obs)).selectedAction;
    expect(action.type).toBe('shift_traffic');
    expect(action.parameters).toEqual({
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.5,
    });
  });

  it('does nothing when every issuer is at or above 90 %, or the primary carries under half', () => {
    expect(staticRulePolicy().decide(input(observe({}))).selectedAction.type).toBe('do_nothing');
    const plane: ControlPlane = {
      ...DEFAULT_CONTROL_PLANE,
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.4, backup: 0.6 } },
    };
    expect(staticRulePolicy().decide(input(observe(VISA_DOWN, plane))).selectedAction.type).toBe(
      'do_nothing',
    );
  });
});

describe('random baseline', () => {
  it('draws only guardrail-allowed candidates, the same ones for the same seed', () => {
    const obs = observe(VISA_DOWN);
    const allowed = allowedCandidates(obs.controlPlane).map((a) => JSON.stringify(a));
    expect(allowed.length).toBeGreaterThan(10);
    const picks = (seed: number) =>
      Array.from(
        { length: 12 },
        (_, k) => randomPolicy().decide(input(obs, seed * 100 + k)).selectedAction,
      );
    const first = picks(3);
    expect(picks(3)).toEqual(first);
    for (const action of first) {
      expect(allowed).toContain(
        JSON.stringify({ type: action.type, parameters: action.parameters }),
      );
    }
    const decision = randomPolicy().decide(input(obs, 5));
    const verdict = assessDecision({
      decision,
      controlPlane: obs.controlPlane,
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: { approved: true, at: NOW },
    });
    expect(verdict.safetyCheck.isApproved).toBe(true);
    // Twelve draws are not all the same action: it is a draw, not a rule.
    expect(new Set(first.map((a) => a.id)).size).toBeGreaterThan(3);
  });

  it('never draws a 100 % shift the guardrails refuse', () => {
    const allowed = allowedCandidates(halfOnBackup(['visa']));
    expect(
      allowed.every(
        (a) => a.type !== 'shift_traffic' || (a.parameters.percentage as number) <= 0.5,
      ),
    ).toBe(true);
  });
});

describe('agent policy', () => {
  it('decides with the reasoning engine on the Observation', () => {
    const seen: string[] = [];
    const policy = agentPolicy({ onReasoning: (r) => seen.push(r.patterns[0]?.type ?? 'none') });
    const decision = policy.decide(input(observe(VISA_DOWN)));
    expect(policy.id).toBe('agent');
    expect(decision.selectedAction.type).toBe('shift_traffic');
    expect(decision.selectedAction.parameters.issuerId).toBe('visa');
    expect(seen).toEqual(['issuer_degradation']);
    expect(agentPolicy().decide(input(observe({}))).selectedAction.type).toBe('do_nothing');
  });
});
