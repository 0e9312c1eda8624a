import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../../src/contracts';
import {
  applyCalibrationMap,
  calibrationReport,
  casePairs,
  applyFamilyCalibration,
  FAMILY_PRIOR_WEIGHT,
  fitCalibrationMap,
  fitFamilyCalibration,
  formatCalibration,
  MET_REGRET,
} from '../../../../src/domain/evaluation/calibration';

const pairs = (confidence: number, met: number, total: number) =>
  Array.from({ length: total }, (_, i) => ({ confidence, met: i < met }));

describe('the reliability table', () => {
  it('bins stated confidence against the observed rate of meeting expectations', () => {
    const report = calibrationReport([...pairs(0.85, 4, 10), ...pairs(0.55, 3, 4)]);
    const bin = (low: number) => report.bins.find((b) => Math.abs(b.low - low) < 1e-9);
    expect(bin(0.8)).toMatchObject({ count: 10, observedRate: 0.4 });
    expect(bin(0.8)?.meanConfidence).toBeCloseTo(0.85, 12);
    expect(bin(0.5)).toMatchObject({ count: 4, observedRate: 0.75 });
    expect(bin(0.1)).toMatchObject({ count: 0, observedRate: null, meanConfidence: null });
    expect(report.total).toBe(14);
  });

  it('weighs each bin’s gap by its count in the expected calibration error', () => {
    const report = calibrationReport([...pairs(0.85, 4, 10), ...pairs(0.55, 3, 4)]);
    // (10/14)·|0.4 − 0.85| + (4/14)·|0.75 − 0.55|
    expect(report.ece).toBeCloseTo((10 / 14) * 0.45 + (4 / 14) * 0.2, 12);
  });

  it('is zero for a perfectly calibrated record and null for no record', () => {
    expect(calibrationReport([...pairs(0.75, 3, 4), ...pairs(0.25, 1, 4)]).ece).toBeCloseTo(0, 12);
    expect(calibrationReport([]).ece).toBeNull();
  });

  it('puts a confidence of exactly 1 in the last bin and refuses bad input', () => {
    const report = calibrationReport([{ confidence: 1, met: true }], 4);
    expect(report.bins).toHaveLength(4);
    expect(report.bins[3]?.count).toBe(1);
    expect(() => calibrationReport([], 0)).toThrow(RangeError);
    expect(() => calibrationReport([{ confidence: Number.NaN, met: true }])).toThrow(/finite/);
  });

  it('prints one line per filled bin with the error', () => {
    const text = formatCalibration(calibrationReport(pairs(0.85, 4, 10)), 2).join('\n');
    expect(text).toContain('10 executed decisions (2 blocked, not observed)');
    expect(text).toContain('expected calibration error 0.450');
    expect(text).toMatch(/80%–90%\s+10\s+85%\s+40%/);
  });
});

describe('calibration pairs of evaluated cases', () => {
  const result = (regret: number, blocked: boolean, confidence: number) =>
    ({ regret, blocked, confidence }) as CaseResult;

  it('counts an executed action as met within the regret tolerance and leaves blocked ones out', () => {
    const { pairs: out, blocked } = casePairs(
      [
        result(0, false, 0.9),
        result(MET_REGRET, false, 0.8),
        result(MET_REGRET + 0.001, false, 0.7),
        result(0, true, 0.5),
      ],
      'oracle',
    );
    expect(out).toEqual([
      { confidence: 0.9, met: true },
      { confidence: 0.8, met: true },
      { confidence: 0.7, met: false },
    ]);
    expect(blocked).toBe(1);
  });

  it("counts the executor's verdict on the outcome basis, leaving out cases where nothing ran", () => {
    const judged = (outcomeMet: boolean | null | undefined, confidence: number) =>
      ({ regret: 0, blocked: false, confidence, exactAgreement: true, outcomeMet }) as CaseResult;
    const cases = [
      judged(true, 0.9),
      judged(false, 0.8),
      judged(null, 0.7),
      judged(undefined, 0.6),
      { ...judged(true, 0.5), blocked: true },
    ];
    expect(casePairs(cases, 'outcome')).toEqual({
      pairs: [
        { confidence: 0.9, met: true },
        { confidence: 0.8, met: false },
      ],
      blocked: 1,
    });
    // The oracle basis reads the oracle's verdict on the same cases, not the executor's.
    expect(casePairs(cases, 'oracle').pairs.map((p) => p.met)).toEqual([true, true, true, true]);
    // The executor's verdict is what the stated confidence means: it is the default.
    expect(casePairs(cases)).toEqual(casePairs(cases, 'outcome'));
  });
});

describe('a calibration map fitted to stated confidence', () => {
  it('shrinks each bin’s rate toward the overall rate and keeps the map monotone', () => {
    // 0.55 stated, 10 of 10 met; 0.85 stated, 6 of 10 met: a violator, pooled with the bin before.
    const map = fitCalibrationMap([...pairs(0.55, 10, 10), ...pairs(0.85, 6, 10)], 10, 4);
    const base = 16 / 20;
    const low = (10 + 4 * base) / 14;
    const high = (6 + 4 * base) / 14;
    expect(map.x).toHaveLength(1);
    expect(map.y[0]).toBeCloseTo((low + high) / 2, 12);
    expect(map.x[0]).toBeCloseTo(0.7, 12);
  });

  it('moves a bin of few pairs less than a bin of many', () => {
    const few = fitCalibrationMap([...pairs(0.25, 0, 2), ...pairs(0.75, 20, 20)], 10, 4);
    const many = fitCalibrationMap([...pairs(0.25, 0, 40), ...pairs(0.75, 20, 20)], 10, 4);
    // Both bins' rates are 0 % and 100 %; shrinkage pulls the small bin most of the way home.
    expect(few.y[0]).toBeGreaterThan(0.5);
    expect(many.y[0]).toBeLessThan(0.2);
    for (const m of [few, many])
      for (let i = 1; i < m.y.length; i++) expect(m.y[i]).toBeGreaterThanOrEqual(m.y[i - 1]!);
  });

  it('keeps increasing bins as knots, interpolates between them and holds the ends beyond', () => {
    const map = fitCalibrationMap([...pairs(0.25, 1, 4), ...pairs(0.75, 4, 4)], 10, 0);
    expect(map).toEqual({ x: [0.25, 0.75], y: [0.25, 1] });
    expect(applyCalibrationMap(map, 0.5)).toBeCloseTo(0.625, 12);
    // Outside the knots the end knot's rate holds, within 0–0.99.
    expect(applyCalibrationMap(map, 0.1)).toBeCloseTo(0.25, 12);
    expect(applyCalibrationMap(map, 0.9)).toBe(0.99);
    expect(applyCalibrationMap({ x: [], y: [] }, 0.42)).toBe(0.42);
  });
});

describe('a calibration per remedy family', () => {
  const family = (name: string, confidence: number, met: number, total: number) =>
    pairs(confidence, met, total).map((p) => ({ ...p, family: name }));

  it('gives a family with enough pairs its own map, pulled toward the pooled one', () => {
    const all = [...family('routing', 0.6, 27, 30), ...family('retries', 0.6, 0, 20)];
    const calibration = fitFamilyCalibration(all, 20);
    expect(Object.keys(calibration.families)).toEqual(['retries', 'routing']);
    const pooled = applyCalibrationMap(calibration.pooled, 0.6);
    const retries = applyFamilyCalibration(calibration, 'retries', 0.6);
    const routing = applyFamilyCalibration(calibration, 'routing', 0.6);
    expect(retries).toBeLessThan(pooled);
    expect(routing).toBeGreaterThan(pooled);
    // 20 pairs of 0 % against FAMILY_PRIOR_WEIGHT pseudo-pairs of the pooled rate.
    expect(retries).toBeCloseTo((FAMILY_PRIOR_WEIGHT * pooled) / (20 + FAMILY_PRIOR_WEIGHT), 9);
    expect(retries).toBeGreaterThan(0.2);
  });

  it('uses the pooled map for a family with too few pairs, and keeps the raw one it never saw', () => {
    const all = [...family('routing', 0.6, 27, 30), ...family('timeout', 0.6, 0, 5)];
    const calibration = fitFamilyCalibration(all, 20);
    expect(Object.keys(calibration.families)).toEqual(['routing']);
    expect(calibration.seen).toEqual(['routing', 'timeout']);
    const pooled = applyCalibrationMap(calibration.pooled, 0.6);
    expect(pooled).not.toBe(0.6);
    expect(applyFamilyCalibration(calibration, 'timeout', 0.6)).toBe(pooled);
    // Nothing was fitted on an unwind: its evidence stands, within 0–0.99.
    expect(applyFamilyCalibration(calibration, 'unwind', 0.6)).toBe(0.6);
    expect(applyFamilyCalibration(calibration, 'unwind', 1.2)).toBe(0.99);
    // A calibration that lists no families seen takes every family as seen.
    const { seen: _seen, ...older } = calibration;
    expect(applyFamilyCalibration(older, 'unwind', 0.6)).toBe(pooled);
  });
});
