import { describe, expect, it } from 'vitest';
import { LearningCurveSchema } from '../../../../src/contracts';
import {
  CATALOG,
  compareCurves,
  runLearningCurve,
  situationStream,
} from '../../../../src/domain/evaluation';

const CYCLES = 45;

describe('learning curve', () => {
  it('streams every situation equally often, the same way for the same seed', () => {
    const stream = situationStream(2 * CATALOG.length, 9);
    expect(situationStream(2 * CATALOG.length, 9)).toEqual(stream);
    expect(situationStream(2 * CATALOG.length, 10)).not.toEqual(stream);
    for (const s of CATALOG)
      expect(stream.filter((item) => item.situation.id === s.id)).toHaveLength(2);
  });

  it('is deterministic for a seed, and learning adds no regret on the catalog', () => {
    const progress: number[] = [];
    const on = runLearningCurve({ cycles: CYCLES, seed: 1, learning: true }, (done, total) => {
      expect(total).toBe(CYCLES);
      progress.push(done);
    });
    const off = runLearningCurve({ cycles: CYCLES, seed: 1, learning: false });
    LearningCurveSchema.parse(on);
    LearningCurveSchema.parse(off);
    expect(progress).toEqual(Array.from({ length: CYCLES }, (_, i) => i + 1));
    expect(runLearningCurve({ cycles: CYCLES, seed: 1, learning: true })).toEqual(on);
    // Both arms meet the same situations on the same seeds.
    expect(on.points.map((p) => [p.situationId, p.seed])).toEqual(
      off.points.map((p) => [p.situationId, p.seed]),
    );
    const last = on.points.at(-1)!;
    expect(last.cumulativeRegret).toBeCloseTo(on.cumulativeRegret, 12);
    // With calibrated confidence the catalog's remedies pass the confidence gate from the first
    // cycle, so there is no regret left for learning to cut over these cycles; it must add none.
    expect(on.cumulativeRegret).toBeLessThanOrEqual(off.cumulativeRegret);
    const comparison = compareCurves(on, off);
    if (off.cumulativeRegret > 0)
      expect(comparison.reduction).toBeCloseTo(1 - on.cumulativeRegret / off.cumulativeRegret, 12);
    else expect(comparison.reduction).toBeNull();
  });
});
