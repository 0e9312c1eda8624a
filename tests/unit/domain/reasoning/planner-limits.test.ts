import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFETY_LIMITS } from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { makeInput } from './snapshots';
import { simulated } from './simulated';

/** The largest share any shift proposal moves. */
function largestShift(limits?: typeof DEFAULT_SAFETY_LIMITS): number {
  const { current, baseline } = simulated('issuerOnPrimary');
  const input = { ...makeInput(current, baseline), ...(limits ? { limits } : {}) };
  const shifts = reason(input)
    .proposals.filter((p) => p.type === 'shift_traffic')
    .map((p) => Number(p.parameters.percentage));
  expect(shifts.length).toBeGreaterThan(0);
  return Math.max(...shifts);
}

describe('the planner within the limits in force', () => {
  it('proposes shifts up to the seeds’ 50 % when no limits are given', () => {
    expect(largestShift()).toBe(0.5);
  });

  it('proposes no shift larger than a stricter limit in force', () => {
    expect(largestShift({ ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 })).toBe(0.3);
  });

  it('never proposes more than the seeds allow, whatever limit is passed in', () => {
    expect(largestShift({ ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.9 })).toBe(0.5);
  });
});
