import { describe, expect, it } from 'vitest';
import { LearningComparisonSchema, type LearningCurve } from '../../../../src/contracts';
import {
  CATALOG,
  reductionParts,
  runLearningComparison,
  runLearningCurve,
  situationStream,
  type OracleCache,
} from '../../../../src/domain/evaluation';

/** Two passes of the catalog: every situation met twice, the second time with experience. */
const CYCLES = 2 * CATALOG.length;

describe('learning curve', () => {
  it('streams every situation equally often, the same way for the same seed', () => {
    const stream = situationStream(2 * CATALOG.length, 9);
    expect(situationStream(2 * CATALOG.length, 9)).toEqual(stream);
    expect(situationStream(2 * CATALOG.length, 10)).not.toEqual(stream);
    for (const s of CATALOG)
      expect(stream.filter((item) => item.situation.id === s.id)).toHaveLength(2);
  });

  // One comparison for the tests below: the oracles are the expensive part.
  const oracles: OracleCache = new Map();
  const progress: number[] = [];
  const on = runLearningCurve(
    { cycles: CYCLES, seed: 1, learning: true },
    (done, total) => {
      expect(total).toBe(CYCLES);
      progress.push(done);
    },
    undefined,
    oracles,
  );
  const off = runLearningCurve(
    { cycles: CYCLES, seed: 1, learning: false },
    undefined,
    undefined,
    oracles,
  );

  it('is deterministic for a seed, and both arms meet the same stream', () => {
    expect(progress).toEqual(Array.from({ length: CYCLES }, (_, i) => i + 1));
    expect(
      runLearningCurve({ cycles: CYCLES, seed: 1, learning: true }, undefined, undefined, oracles),
    ).toEqual(on);
    expect(on.points.map((p) => [p.situationId, p.seed])).toEqual(
      off.points.map((p) => [p.situationId, p.seed]),
    );
    const last = on.points.at(-1)!;
    expect(last.cumulativeRegret).toBeCloseTo(on.cumulativeRegret, 12);
  });

  it('scores regret against the multi-seed oracle, ties counting as met', () => {
    let agreed = 0;
    for (const p of off.points) {
      const oracle = oracles.get(p.situationId)!;
      expect(p.oracleAction).toBe(oracle.best.exact);
      const mine = oracle.candidates.find((c) => c.exact === p.agentAction);
      // What ran is the agent's pick unless the guardrails blocked it.
      if (!p.blocked && mine) {
        expect(p.regret).toBeCloseTo(Math.max(0, oracle.best.mean - mine.mean), 9);
        if (mine.tied) agreed += 1;
      }
    }
    expect(off.agreement).toBeCloseTo(agreed / CYCLES, 12);
  });

  it('adds no regret with learning on the training stream', () => {
    // The calibrated gate already hands the storms to a failover, so over two passes there is
    // little left to cut (the planner proposes no failover for two issuers); learning adds none.
    expect(on.cumulativeRegret).toBeLessThanOrEqual(off.cumulativeRegret + 1e-9);
    expect(on.agreement).toBeGreaterThanOrEqual(off.agreement);
  });

  it('runs three arms on one stream, the third exploring without memory', () => {
    const comparison = runLearningComparison({ cycles: CYCLES, seed: 1 });
    LearningComparisonSchema.parse(comparison);
    expect(comparison.on).toEqual(on);
    expect(comparison.off).toEqual(off);
    const memoryless = comparison.memoryless!;
    expect(memoryless.learning).toBe(true);
    // The bandit that forgets every outcome explores as much and keeps at least as much regret.
    expect(memoryless.cumulativeRegret).toBeGreaterThanOrEqual(on.cumulativeRegret - 1e-9);
    expect(memoryless.points.map((p) => p.seed)).toEqual(on.points.map((p) => p.seed));
    expect(comparison.reduction).toBeCloseTo(1 - on.cumulativeRegret / off.cumulativeRegret, 12);
  });
});

describe('where learning’s cut in regret came from', () => {
  const point = (cycle: number, action: string, blocked: boolean, regret: number) => ({
    cycle,
    situationId: `s${cycle}`,
    seed: cycle,
    agentAction: action,
    oracleAction: 'x',
    blocked,
    regret,
    cumulativeRegret: 0,
  });
  const curve = (learning: boolean, points: ReturnType<typeof point>[]): LearningCurve => ({
    cycles: points.length,
    seed: 1,
    learning,
    points,
    cumulativeRegret: points.reduce((s, p) => s + p.regret, 0),
    meanRegret: 0,
    agreement: 0,
    blocks: points.filter((p) => p.blocked).length,
  });

  it('splits the cut into the confidence gate, changed picks and the rest', () => {
    const on = curve(true, [
      point(0, 'a', false, 0.1),
      point(1, 'b', false, 0),
      point(2, 'c', false, 0.3),
    ]);
    const off = curve(false, [
      point(0, 'a', true, 0.5),
      point(1, 'c', false, 2),
      point(2, 'c', false, 0.4),
    ]);
    const parts = reductionParts(on, off);
    expect(parts.gate).toBeCloseTo(0.4, 12);
    expect(parts.gateCycles).toBe(1);
    expect(parts.picks).toBeCloseTo(2, 12);
    expect(parts.pickCycles).toBe(1);
    expect(parts.other).toBeCloseTo(0.1, 12);
    expect(parts.gate + parts.picks + parts.other).toBeCloseTo(
      off.cumulativeRegret - on.cumulativeRegret,
      12,
    );
  });

  it('refuses arms that met different situations', () => {
    const on = curve(true, [point(0, 'a', false, 0)]);
    const off = curve(false, [{ ...point(0, 'a', false, 0), seed: 9 }]);
    expect(() => reductionParts(on, off)).toThrow(/different situations at cycle 0/);
  });
});
