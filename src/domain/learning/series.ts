import type { LearningRecord } from '../../contracts';

/** One bar of the improvement chart: a run of consecutive outcomes and their mean improvement. */
export interface ImprovementPoint {
  /** 1-based numbers of the first and last outcome in the run. */
  from: number;
  to: number;
  /** Mean improvementAchieved of the run. */
  mean: number;
  /** Mean improvementAchieved of every outcome up to and including this run. */
  runningMean: number;
}

/**
 * The improvement of each executed action in order, folded into at most `maxPoints` runs of equal
 * length so that a long history still draws as a readable chart (and draws fast).
 */
export function improvementSeries(
  records: readonly LearningRecord[],
  maxPoints = 200,
): ImprovementPoint[] {
  const values: number[] = [];
  for (const record of records) {
    if (record.outcome) values.push(record.outcome.improvementAchieved);
  }
  const size = Math.max(1, Math.ceil(values.length / Math.max(1, Math.floor(maxPoints))));
  const points: ImprovementPoint[] = [];
  let total = 0;
  for (let start = 0; start < values.length; start += size) {
    const run = values.slice(start, start + size);
    const sum = run.reduce((a, b) => a + b, 0);
    total += sum;
    const to = start + run.length;
    points.push({ from: start + 1, to, mean: sum / run.length, runningMean: total / to });
  }
  return points;
}
