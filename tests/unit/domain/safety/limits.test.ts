import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type GuardrailRule,
} from '../../../../src/contracts';
import { checkGuardrails, resolveLimits, STRICTER } from '../../../../src/domain/safety';
import { makeDecision, type DecisionOverrides } from '../../support/factories';

/** The rules a decision breaks on the default plane with the seeds' limits. */
function broken(overrides: DecisionOverrides, activeActionCount = 0): GuardrailRule[] {
  return checkGuardrails({
    decision: makeDecision({ riskLevel: 0.2, confidence: 0.8, ...overrides }),
    controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
    activeActionCount,
    limits: DEFAULT_SAFETY_LIMITS,
  }).violations.map((v) => v.rule);
}

const shift = (percentage: number): DecisionOverrides => ({
  type: 'shift_traffic',
  parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage },
});

describe('each hard limit on both sides of its line', () => {
  it('minimum confidence 60 %: 60 % passes, 59.99 % is blocked', () => {
    expect(broken({ ...shift(0.2), confidence: 0.6 })).toEqual([]);
    expect(broken({ ...shift(0.2), confidence: 0.5999 })).toEqual(['min_confidence']);
  });

  it('largest shift 50 %: 50 % passes, 50.0001 % is blocked', () => {
    expect(broken(shift(0.5))).toEqual([]);
    expect(broken(shift(0.500001))).toContain('max_traffic_shift');
  });

  it('largest retry multiplier 3: 3 passes, 3.01 is blocked', () => {
    const retry = (multiplier: number): DecisionOverrides => ({
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 2, multiplier },
    });
    expect(broken(retry(3))).toEqual([]);
    expect(broken(retry(3.01))).toContain('max_retry_multiplier');
  });

  it('at most 3 active actions: a third may start, a fourth may not', () => {
    expect(broken(shift(0.2), 2)).toEqual([]);
    expect(broken(shift(0.2), 3)).toEqual(['max_concurrent_actions']);
    // Notifying changes no control plane, so it never counts against the limit.
    expect(broken({ type: 'send_notification' }, 3)).toEqual([]);
  });

  it('approval risk 70 %: 69.99 % runs on its own, 70 % waits for a human', () => {
    expect(broken({ ...shift(0.2), riskLevel: 0.6999 })).toEqual([]);
    expect(broken({ ...shift(0.2), riskLevel: 0.7 })).toEqual(['human_approval']);
  });
});

describe('resolveLimits', () => {
  it('takes a stricter setting of every limit and refuses a looser one, naming the field', () => {
    for (const key of Object.keys(STRICTER) as (keyof typeof STRICTER)[]) {
      const base = DEFAULT_SAFETY_LIMITS[key];
      const step = key === 'maxConcurrentActions' ? 1 : 0.1;
      const stricter = STRICTER[key] === 'higher' ? base + step : base - step;
      const looser = STRICTER[key] === 'higher' ? base - step : base + step;
      expect(resolveLimits({ [key]: stricter }).limits[key]).toBeCloseTo(stricter, 12);
      const refused = resolveLimits({ [key]: looser });
      expect(refused.limits[key]).toBe(base);
      expect(refused.fieldProblems).toHaveLength(1);
      expect(refused.fieldProblems[0]?.field).toBe(key);
      expect(refused.problems[0]).toMatch(/would loosen the lab's limit/);
    }
  });
});
