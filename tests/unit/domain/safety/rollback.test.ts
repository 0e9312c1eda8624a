import { describe, expect, it } from 'vitest';
import {
  isSignificantlyWorse,
  shouldRollBack,
  WORSE_P99_ABSOLUTE_MS,
  WORSE_P99_RELATIVE,
  WORSE_SUCCESS_DROP,
} from '../../../../src/domain/safety';

const flat = { improvementAchieved: 0, latencyChangeMs: 0, p99Before: 200 };

describe('isSignificantlyWorse', () => {
  it('is worse from a drop of exactly two points, not from a drop just short of it', () => {
    expect(WORSE_SUCCESS_DROP).toBe(0.02);
    // 0.88 − 0.9 carries float rounding; the line still counts as on it.
    expect(isSignificantlyWorse({ ...flat, improvementAchieved: 0.88 - 0.9 })).toBe(true);
    expect(isSignificantlyWorse({ ...flat, improvementAchieved: -0.021 })).toBe(true);
    expect(isSignificantlyWorse({ ...flat, improvementAchieved: -0.0199 })).toBe(false);
    expect(isSignificantlyWorse({ ...flat, improvementAchieved: 0.05 })).toBe(false);
  });

  it('is worse when p99 rises by more than half of itself and by more than 100 ms', () => {
    expect(WORSE_P99_RELATIVE).toBe(0.5);
    expect(WORSE_P99_ABSOLUTE_MS).toBe(100);
    // 200 → 301 ms: +50.5 % and +101 ms.
    expect(isSignificantlyWorse({ ...flat, latencyChangeMs: 101 })).toBe(true);
    // 200 → 300 ms: exactly +50 %, not more.
    expect(isSignificantlyWorse({ ...flat, latencyChangeMs: 100 })).toBe(false);
  });

  it('needs both p99 floors: a large share of a small p99, or many ms of a large one, is not worse', () => {
    // 80 → 170 ms: +112 % but only 90 ms.
    expect(isSignificantlyWorse({ ...flat, p99Before: 80, latencyChangeMs: 90 })).toBe(false);
    // 80 → 181 ms: +126 % and 101 ms.
    expect(isSignificantlyWorse({ ...flat, p99Before: 80, latencyChangeMs: 101 })).toBe(true);
    // 400 → 590 ms: 190 ms but only +47.5 %.
    expect(isSignificantlyWorse({ ...flat, p99Before: 400, latencyChangeMs: 190 })).toBe(false);
    expect(isSignificantlyWorse({ ...flat, p99Before: 400, latencyChangeMs: 201 })).toBe(true);
  });
});

describe('shouldRollBack', () => {
  const fail = { verdict: 'fail' } as const;
  const marginal = { verdict: 'marginal' } as const;
  const pass = { verdict: 'pass' } as const;

  it('rolls back whatever was significantly worse, whatever the canary says', () => {
    for (const canary of [fail, marginal, pass]) {
      expect(shouldRollBack({ significantlyWorse: true, improvementAchieved: -0.03 }, canary)).toBe(
        true,
      );
    }
  });

  it('rolls back on a failed canary only when the action itself did not help', () => {
    expect(shouldRollBack({ significantlyWorse: false, improvementAchieved: -0.001 }, fail)).toBe(
      true,
    );
    expect(shouldRollBack({ significantlyWorse: false, improvementAchieved: 0 }, fail)).toBe(false);
    expect(shouldRollBack({ significantlyWorse: false, improvementAchieved: 0.01 }, fail)).toBe(
      false,
    );
  });

  it('keeps an action that did not help when the canary only wavers or passes', () => {
    expect(
      shouldRollBack({ significantlyWorse: false, improvementAchieved: -0.001 }, marginal),
    ).toBe(false);
    expect(shouldRollBack({ significantlyWorse: false, improvementAchieved: -0.001 }, pass)).toBe(
      false,
    );
  });
});
