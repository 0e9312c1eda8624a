import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../../src/domain/evaluation';
import { fitCalibration } from '../../../../src/domain/evaluation/calibration-fit';
import { HELD_OUT } from '../../../../src/domain/evaluation/held-out';

describe('the calibration fit on the training catalog', () => {
  // One decision seed and two oracle seeds keep the fit small; the command runs 10 and 20.
  const { calibration, pairs } = fitCalibration({ seeds: 1, oracleSeeds: 2 }, 3);

  it('reads one decision per training situation and seed, and no held-out situation', () => {
    expect(pairs).toHaveLength(CATALOG.length);
    expect(HELD_OUT.every((s) => !CATALOG.some((c) => c.id === s.id))).toBe(true);
    for (const p of pairs) {
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(0.99);
      expect(['passive', 'routing', 'retries', 'timeout', 'unwind']).toContain(p.family);
    }
    expect(pairs.some((p) => p.met)).toBe(true);
  });

  it('fits monotone maps, one per family with enough pairs, the same every time', () => {
    const maps = [calibration.pooled, ...Object.values(calibration.families)];
    for (const m of maps) {
      expect(m.x.length).toBe(m.y.length);
      for (let i = 1; i < m.y.length; i++) {
        expect(m.x[i]).toBeGreaterThan(m.x[i - 1]!);
        expect(m.y[i]).toBeGreaterThanOrEqual(m.y[i - 1]!);
      }
    }
    for (const family of Object.keys(calibration.families))
      expect(pairs.filter((p) => p.family === family).length).toBeGreaterThanOrEqual(3);
    expect(fitCalibration({ seeds: 1, oracleSeeds: 2 }, 3).calibration).toEqual(calibration);
  });
});
