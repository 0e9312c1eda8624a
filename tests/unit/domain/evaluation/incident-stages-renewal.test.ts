import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type IncidentScript,
} from '../../../../src/contracts';
import { incidentReferences, scoreScript } from '../../../../src/domain/evaluation/incident-stages';
import { runFixed, runIncident } from '../../../../src/domain/evaluation/incident-stages-run';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { makePolicy } from '../../../../src/domain/policies';
import type { PolicyFactory } from '../../../../src/domain/policies/policy';

/** Visa's primary route slides to 60 % health from window 3 and never recovers. */
const LASTING: IncidentScript = {
  id: 'lasting_visa_fault',
  label: 'Lasting Visa fault',
  description: "Visa's primary route at 60 % health from window 3 to the end.",
  windows: 75,
  events: [{ at: 3, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 2 }],
};

const SEED = 1;
const baselines = runFixed({ ...LASTING, events: [] }, SEED, DEFAULT_CONTROL_PLANE);

describe('a fault that outlasts the term of the action answering it', () => {
  it('lets an action nobody renews lapse back into the fault at the end of its term', () => {
    // The static rule's first shift, then silence: nothing ever re-proposes it.
    const once: PolicyFactory = () => {
      const rule = makePolicy('static_rule');
      const idle = makePolicy('do_nothing');
      let acted = false;
      return {
        id: rule.id,
        decide(input) {
          if (acted) return idle.decide(input);
          const decision = rule.decide(input);
          acted = decision.selectedAction.type !== 'do_nothing';
          return decision;
        },
      };
    };
    const limits = { ...DEFAULT_SAFETY_LIMITS, actionTermWindows: 5 };
    const run = runIncident({ script: LASTING, seed: SEED, baselines, limits }, once);
    const first = run.windows.findIndex((w) => w.applied);
    expect(first).toBeGreaterThan(0);
    expect(run.windows[first]!.planeAfter.routing.visa.primary).toBe(0.5);
    // In force for the five windows after it (first + 1 to first + 5), default again from first + 6.
    const back = run.windows.findIndex(
      (w, i) => i > first && w.planeAfter.routing.visa.primary === 1,
    );
    expect(back).toBe(first + 6);
  });

  it('has the agent renew its moves before they lapse, so Visa never goes back onto the fault', () => {
    const run = runIncident({ script: LASTING, seed: SEED, baselines }, () => makePolicy('agent'));
    const renewals = run.windows.filter((w) =>
      w.decision.selectedAction.description.startsWith('Renew:'),
    );
    // Two moves in force (50 % then 45 %), each renewed once per 30-window term: twice each.
    expect(renewals.length).toBeGreaterThanOrEqual(4);
    expect(renewals.every((w) => !w.blocked)).toBe(true);
    const mitigated = run.windows.findIndex(
      (w) => w.planeAfter.routing.visa.primary <= 0.05 + 1e-9,
    );
    expect(mitigated).toBeGreaterThan(0);
    for (const w of run.windows.slice(mitigated))
      expect(w.planeAfter.routing.visa.primary).toBeLessThanOrEqual(0.05 + 1e-9);
    for (const w of run.windows.slice(mitigated + 1))
      expect(w.snapshot.successRate).toBeGreaterThan(0.97);
  });

  it('renews its failovers through the lasting preset outage and ends ahead of every baseline', () => {
    const script = presetScript('lasting_processor_outage')!;
    const policies = (['agent', 'do_nothing', 'static_rule', 'sr_router'] as const).map((id) => ({
      id,
      factory: () => makePolicy(id),
    }));
    const rows = scoreScript(script, policies, SEED);
    const lost = new Map(rows.map((r) => [r.policy, r.paymentsLost]));
    for (const id of ['do_nothing', 'static_rule', 'sr_router'] as const)
      expect(lost.get('agent')!).toBeLessThan(lost.get(id)! / 5);
    const run = runIncident(
      { script, seed: SEED, baselines: incidentReferences(script, SEED).baseline },
      () => makePolicy('agent'),
    );
    const renewed = run.windows.filter((w) =>
      w.decision.selectedAction.description.startsWith('Renew: Fail over'),
    );
    expect(renewed.length).toBeGreaterThanOrEqual(2);
    // After the failovers, never a window with every issuer back on the failing primary.
    const first = run.windows.findIndex((w) => w.applied);
    for (const w of run.windows.slice(first))
      expect(w.planeAfter.routing.visa.primary).toBeLessThan(1);
  });
});
