import { describe, expect, it } from 'vitest';
import { improvementSeries } from '../../../../src/domain/learning';
import { makeRecord } from '../../support/factories';

const records = (improvements: number[]) =>
  improvements.map((improvementAchieved, i) =>
    makeRecord({ id: `r${i}`, recordedAt: i, improvementAchieved }),
  );

describe('improvementSeries', () => {
  it('gives one point per outcome when there are few, with the running mean', () => {
    const series = improvementSeries(records([0.02, -0.01, 0.05]));
    expect(series.map((p) => [p.from, p.to])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(series.map((p) => p.mean)).toEqual([0.02, -0.01, 0.05]);
    expect(series.at(-1)!.runningMean).toBeCloseTo(0.02, 12);
  });

  it('folds a long history into at most the requested number of equal runs', () => {
    const many = records(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 0.03 : 0.01)));
    const series = improvementSeries(many, 200);
    expect(series).toHaveLength(200);
    expect(series[0]).toMatchObject({ from: 1, to: 5 });
    expect(series.at(-1)).toMatchObject({ from: 996, to: 1000 });
    expect(series.at(-1)!.runningMean).toBeCloseTo(0.02, 12);
  });

  it('skips records without an outcome', () => {
    const blocked = makeRecord({ id: 'b', recordStatus: 'blocked', withOutcome: false });
    expect(blocked.outcome).toBeUndefined();
    expect(improvementSeries([blocked, ...records([0.04])])).toEqual([
      { from: 1, to: 1, mean: 0.04, runningMean: 0.04 },
    ]);
  });
});
