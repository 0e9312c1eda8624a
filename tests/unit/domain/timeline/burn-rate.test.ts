import { describe, expect, it } from 'vitest';
import {
  BURN_ALERTS,
  burnRate,
  burnSeries,
  labWindows,
  type WindowCounts,
} from '../../../../src/domain/timeline';

/** `n` windows of 1,000 payments each at the given success rate. */
function windows(n: number, success: number): WindowCounts[] {
  return Array.from({ length: n }, () => ({ payments: 1000, successes: success * 1000 }));
}

describe('labWindows', () => {
  it('compresses the workbook windows 12× onto the lab clock, never below one window', () => {
    expect(BURN_ALERTS.map((a) => [labWindows(a.longMinutes), labWindows(a.shortMinutes)])).toEqual(
      [
        [5, 1],
        [30, 3],
      ],
    );
    expect(labWindows(1)).toBe(1);
  });
});

describe('burnRate', () => {
  it('divides the error rate by the error budget', () => {
    // 10 % errors against a 98 % SLO: five times the budget.
    expect(burnRate(windows(3, 0.9), 2, 3, 0.98)).toBeCloseTo(5, 10);
  });

  it('weights windows by their payments rather than averaging rates', () => {
    const counts = [
      { payments: 9000, successes: 9000 },
      { payments: 1000, successes: 0 },
    ];
    // 1,000 failures of 10,000 payments is 10 % errors, not the 50 % a mean of rates would say.
    expect(burnRate(counts, 1, 2, 0.9)).toBeCloseTo(1, 10);
  });

  it('covers only the windows there are at the start of a run', () => {
    const counts = [...windows(1, 0.5), ...windows(4, 1)];
    expect(burnRate(counts, 0, 5, 0.9)).toBeCloseTo(5, 10);
    expect(burnRate(counts, 4, 5, 0.9)).toBeCloseTo(1, 10);
  });

  it('has no rate for windows without payments, and refuses an SLO without a budget', () => {
    expect(burnRate([{ payments: 0, successes: 0 }], 0, 1, 0.99)).toBeNull();
    expect(() => burnRate(windows(1, 1), 0, 1, 1)).toThrow(/between 0 and 1/);
  });
});

describe('burnSeries', () => {
  it('fires the fast alert only when both its long and short windows burn 14.4× the budget', () => {
    // SLO 99 %: 20 % errors burn 20×; 10 % burn 10× (only the slow alert's 6×).
    const counts = [...windows(10, 1), ...windows(6, 0.8), ...windows(2, 1)];
    const series = burnSeries(counts, 0.99);
    expect(series[9]!.fastFiring).toBe(false);
    // One bad window: the short window burns 20× but the 5-window long one only 4×.
    expect(series[10]!.fastShort).toBeCloseTo(20, 6);
    expect(series[10]!.fastLong).toBeCloseTo(4, 6);
    expect(series[10]!.fastFiring).toBe(false);
    // Four bad windows of five: 16× over the long window, 20× over the short: it fires.
    expect(series[13]!.fastLong).toBeCloseTo(16, 6);
    expect(series[13]!.fastFiring).toBe(true);
    // The short window recovers first, so the alert stops as soon as the errors do.
    expect(series[16]!.fastShort).toBe(0);
    expect(series[16]!.fastFiring).toBe(false);
  });

  it('fires the slow alert on a burn too small to page fast', () => {
    const counts = [...windows(20, 0.92)];
    const series = burnSeries(counts, 0.99);
    expect(series.at(-1)!.slowLong).toBeCloseTo(8, 6);
    expect(series.at(-1)!.slowFiring).toBe(true);
    expect(series.at(-1)!.fastFiring).toBe(false);
  });
});
