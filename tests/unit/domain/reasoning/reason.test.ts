import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ReasoningResultSchema,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { simulateWindow } from '../../../../src/domain/simulation';
import { makeInput, visaRouteDegraded } from './snapshots';
import { FAULTS, simulated, type FaultName } from './simulated';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('reason', () => {
  it.each(Object.keys(FAULTS) as FaultName[])(
    'returns a contract-valid result with evidence for %s',
    (name) => {
      const { current, baseline } = simulated(name);
      const result = reason(makeInput(current, baseline));
      const parsed = ReasoningResultSchema.safeParse(result);
      expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
      for (const a of result.anomalies) expect(a.evidence.length).toBeGreaterThan(0);
      for (const p of result.patterns) expect(p.evidence.length).toBeGreaterThan(0);
      for (const h of result.hypotheses) expect(h.evidence.length).toBeGreaterThan(0);
      expect(result.decision.pattern).toBe(
        result.patterns.find((p) => p.type === result.decision.pattern)?.type,
      );
      expect(result.hypotheses.some((h) => h.id === result.decision.hypothesisId)).toBe(true);
    },
  );

  it('leaves its input untouched', () => {
    const input = deepFreeze(makeInput(visaRouteDegraded()));
    expect(() => reason(input)).not.toThrow();
  });

  it('does not act on a healthy window that differs from baseline only by its seed', () => {
    const baseline = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 1);
    for (const seed of [1, 7, 99]) {
      const current = simulateWindow({ ...HEALTHY_SCENARIO, seed }, DEFAULT_CONTROL_PLANE, 2);
      const { decision, anomalies } = reason(makeInput(current, baseline));
      expect(decision.selectedAction.type, JSON.stringify(anomalies)).toBe('do_nothing');
      expect(decision.requiresHumanApproval).toBe(false);
    }
  });

  it('still reasons over a tiny window without calling its noise a fault', () => {
    const tiny = { ...HEALTHY_SCENARIO, trafficVolume: 40 };
    const baseline = simulateWindow(tiny, DEFAULT_CONTROL_PLANE, 1);
    const current = simulateWindow({ ...tiny, seed: 3 }, DEFAULT_CONTROL_PLANE, 2);
    const result = reason(makeInput(current, baseline));
    expect(ReasoningResultSchema.safeParse(result).success).toBe(true);
    expect(result.decision.selectedAction.type).toBe('do_nothing');
  });
});
