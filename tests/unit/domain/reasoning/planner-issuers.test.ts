import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type IncidentScript,
} from '../../../../src/contracts';
import { runFixed } from '../../../../src/domain/evaluation/incident-stages-run';
import { reason } from '../../../../src/domain/reasoning';
import { observe } from './observations';

/** Visa's and Mastercard's primary routes at 70 % from window 2, the others healthy. */
function issuersDown(ids: ('visa' | 'mastercard' | 'amex')[], volume = 6000): IncidentScript {
  return {
    id: 'issuers_down',
    label: 'Issuers down on primary',
    description: 'Some issuers fail on their primary route from window 2.',
    windows: 6,
    base: { ...HEALTHY_SCENARIO, trafficVolume: volume },
    events: ids.map((id) => ({
      at: 2,
      fault: `issuerHealth.${id}`,
      kind: 'hold' as const,
      value: 0.7,
      until: 6,
    })),
  };
}

/** What the agent sees at window 4 of `script` on the default plane. */
function seen(script: IncidentScript) {
  const windows = runFixed(script, 1, DEFAULT_CONTROL_PLANE).slice(0, 5);
  const baseline = runFixed({ ...script, events: [] }, 1, DEFAULT_CONTROL_PLANE)[4]!;
  return observe(windows.slice(-3), { baseline, controlPlane: DEFAULT_CONTROL_PLANE });
}

describe('several issuers failing on one route', () => {
  it('offers one failover beside the shifts, and picks it over shifting one issuer', () => {
    const { proposals, decision } = reason(seen(issuersDown(['visa', 'mastercard'])));
    const failovers = proposals.filter((p) => p.type === 'failover_processor');
    expect(failovers).toHaveLength(1);
    expect(failovers[0]!.rationale).toMatch(/^visa and mastercard fail on primary/);
    expect(proposals.some((p) => p.type === 'shift_traffic')).toBe(true);
    expect(decision.selectedAction.type).toBe('failover_processor');
    expect(decision.selectedAction.parameters).toEqual({
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.5,
    });
    // It moves both issuers' share, so it promises more than the best single shift.
    const bestShift = Math.max(
      ...proposals
        .filter((p) => p.type === 'shift_traffic')
        .map((p) => p.estimatedImpact.successRateChange),
    );
    expect(failovers[0]!.estimatedImpact.successRateChange).toBeGreaterThan(bestShift);
  });

  it('offers no failover when only one issuer fails: a shift moves just the one', () => {
    const { proposals, decision } = reason(seen(issuersDown(['visa'])));
    expect(proposals.some((p) => p.type === 'failover_processor')).toBe(false);
    expect(decision.selectedAction.type).toBe('shift_traffic');
  });
});
