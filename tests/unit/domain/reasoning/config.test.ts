import { describe, expect, it } from 'vitest';
import { ContractError, DEFAULT_REASONING_CONFIG } from '../../../../src/contracts';
import { resolveReasoningConfig } from '../../../../src/domain/reasoning';

describe('resolveReasoningConfig', () => {
  it('gives the seeds’ defaults for nothing', () => {
    expect(resolveReasoningConfig(undefined)).toEqual(DEFAULT_REASONING_CONFIG);
    expect(resolveReasoningConfig(null)).toEqual(DEFAULT_REASONING_CONFIG);
    expect(resolveReasoningConfig({})).toEqual(DEFAULT_REASONING_CONFIG);
  });

  it('merges a partial config, including partial weights that still sum to 1', () => {
    const c = resolveReasoningConfig({
      successRateDropThreshold: 0.03,
      weights: { successRate: 0.5, latency: 0.2 },
    });
    expect(c.successRateDropThreshold).toBe(0.03);
    expect(c.weights).toEqual({ successRate: 0.5, latency: 0.2, cost: 0.2, risk: 0.1 });
    expect(c.latencySpikeThreshold).toBe(0.25);
  });

  it('does not share the defaults object', () => {
    const c = resolveReasoningConfig(undefined);
    c.weights.successRate = 0.9;
    expect(DEFAULT_REASONING_CONFIG.weights.successRate).toBe(0.4);
  });

  it('refuses weights that do not sum to 1 with a readable message', () => {
    expect(() => resolveReasoningConfig({ weights: { successRate: 0.9 } })).toThrow(
      /weights.*must sum to 1/,
    );
  });

  it('names the offending field for out-of-range, mistyped and unknown settings', () => {
    const cases: [unknown, RegExp][] = [
      [{ significanceLevel: 0.9 }, /significanceLevel/],
      [{ criticalMultiplier: 'two' }, /criticalMultiplier/],
      [{ successRateDropThreshold: Number.NaN }, /successRateDropThreshold/],
      [{ confidenceTreshold: 0.4 }, /confidenceTreshold|Unrecognized/],
      ['strict', /reasoning config.*object/i],
      [[1, 2], /reasoning config/],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      try {
        resolveReasoningConfig(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ContractError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
