import { describe, expect, it } from 'vitest';
import { isSignificantlyWorse } from '../../../../src/domain/safety/rollback';

describe('isSignificantlyWorse on its lines', () => {
  it('counts a success drop exactly on the tolerance line as worse', () => {
    // -WORSE_SUCCESS_DROP + ROUNDING_TOLERANCE = -0.02 + 1e-9
    expect(
      isSignificantlyWorse({
        improvementAchieved: -0.019999999,
        latencyChangeMs: 0,
        p99Before: 300,
      }),
    ).toBe(true);
    expect(
      isSignificantlyWorse({ improvementAchieved: -0.0199999, latencyChangeMs: 0, p99Before: 300 }),
    ).toBe(false);
  });

  it('does not count p99 rising by exactly half its old value as worse', () => {
    expect(
      isSignificantlyWorse({ improvementAchieved: 0, latencyChangeMs: 200, p99Before: 400 }),
    ).toBe(false);
    expect(
      isSignificantlyWorse({ improvementAchieved: 0, latencyChangeMs: 201, p99Before: 400 }),
    ).toBe(true);
  });

  it('does not count p99 rising by exactly 100 ms as worse', () => {
    expect(
      isSignificantlyWorse({ improvementAchieved: 0, latencyChangeMs: 100, p99Before: 100 }),
    ).toBe(false);
    expect(
      isSignificantlyWorse({ improvementAchieved: 0, latencyChangeMs: 101, p99Before: 100 }),
    ).toBe(true);
  });
});
