import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTROL_PLANE, DEFAULT_SAFETY_LIMITS } from '../../../src/contracts';
import { applyAction, type ActiveAction } from '../../../src/domain/execution';
import { LabState } from '../../../src/state/lab.svelte';
import { makeDecision, T0 } from '../support/factories';
import { fakeLabDeps, visaOutage } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Visa's 50 % shift off its failing primary, in force since window 0 and lapsing at window 1. */
function shiftLapsingNext(): { active: ActiveAction; plane: typeof DEFAULT_CONTROL_PLANE } {
  const decision = makeDecision({
    id: 'shift-visa-1',
    parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
    pattern: 'issuer_degradation',
    successRateChange: 0.05,
  });
  const options = { probeShare: DEFAULT_SAFETY_LIMITS.probeShare ?? 0 };
  return {
    active: {
      action: decision.selectedAction,
      pattern: 'issuer_degradation',
      planeBefore: DEFAULT_CONTROL_PLANE,
      appliedAt: T0,
      appliedWindow: 0,
      expiresWindow: 1,
      recordId: 'shift-visa-1@T0:executed',
      decision,
    },
    plane: applyAction(DEFAULT_CONTROL_PLANE, decision.selectedAction, options),
  };
}

describe('the what-if of a renewal', () => {
  it('simulates keeping the action against its lapse, not against the unchanged window', async () => {
    const lab = new LabState(fakeLabDeps().deps);
    const { active, plane } = shiftLapsingNext();
    lab.live.applyPlane(plane, [active]);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    const renewal = lab.live.whatIf.find((row) => row.proposal.description.startsWith('Renew:'));
    expect(renewal?.selected).toBe(true);
    expect(renewal?.against).toBe('lapse');
    // Half of Visa back on its failing primary would cost several points of success.
    expect(renewal?.simulated?.successRateChange).toBeGreaterThan(0.03);
    const others = lab.live.whatIf.filter((row) => row !== renewal);
    expect(others.every((row) => row.against === 'now')).toBe(true);
    const nothing = others.find((row) => row.proposal.type === 'do_nothing');
    expect(nothing?.simulated?.successRateChange).toBe(0);
  });
});
