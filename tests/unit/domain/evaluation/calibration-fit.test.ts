import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../../src/domain/evaluation';
import {
  DRAWN_SEEDS,
  fitCalibration,
  fitPairs,
  fitSituations,
} from '../../../../src/domain/evaluation/calibration-fit';
import { situationById } from '../../../../src/domain/evaluation/catalog';
import { HELD_OUT } from '../../../../src/domain/evaluation/held-out';

describe('the calibration fit on the catalog and drawn situations', () => {
  // One decision seed, two oracle seeds and four draws keep the fit small; the command runs more.
  const { calibration, pairs, unrun } = fitCalibration({ seeds: 1, oracleSeeds: 2, drawn: 4 }, 3);

  it('reads every training situation and the drawn ones, and no held-out situation', () => {
    expect(pairs.length + unrun).toBe(CATALOG.length + 4 * DRAWN_SEEDS);
    const { catalog, drawn } = fitSituations({ drawn: 4 });
    expect(catalog).toBe(CATALOG);
    expect(drawn.map((s) => s.id)).toEqual(['cal-1', 'cal-2', 'cal-3', 'cal-4']);
    const read = new Set([...catalog, ...drawn].map((s) => s.id));
    expect(HELD_OUT.some((s) => read.has(s.id))).toBe(false);
    expect(fitSituations({ drawn: 0 }).drawn).toEqual([]);
    for (const p of pairs) {
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(0.99);
      expect(['passive', 'routing', 'retries', 'timeout', 'unwind']).toContain(p.family);
    }
  });

  it("judges each pick by the executor's verdict on what ran, with the confidence gate lifted", () => {
    // A severe Visa fault: the shift delivers what it promised.
    const visa = fitPairs([situationById('visa-severe')], 2, 2);
    expect(visa.pairs).toHaveLength(2);
    for (const p of visa.pairs) expect(p).toMatchObject({ family: 'routing', met: true });
    // A retry storm's damping runs though its evidence is under the 60 % gate.
    const storm = fitPairs([situationById('retry-storm')], 1, 2);
    expect(storm.unrun).toBe(0);
    expect(storm.pairs).toHaveLength(1);
    expect(storm.pairs[0]!.confidence).toBeLessThan(0.6);
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
    expect(fitCalibration({ seeds: 1, oracleSeeds: 2, drawn: 4 }, 3).calibration).toEqual(
      calibration,
    );
  });
});
