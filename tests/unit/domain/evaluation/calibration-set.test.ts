import { describe, expect, it } from 'vitest';
import { SituationSchema } from '../../../../src/contracts';
import { CATALOG } from '../../../../src/domain/evaluation';
import { calibrationSituations } from '../../../../src/domain/evaluation/calibration-set';
import { HELD_OUT } from '../../../../src/domain/evaluation/held-out';

describe('the calibration set drawn from the fault space', () => {
  const drawn = calibrationSituations(200, 2027);

  it('is the same for the same seed and different for another', () => {
    expect(calibrationSituations(200, 2027)).toEqual(drawn);
    expect(calibrationSituations(20, 2028)).not.toEqual(drawn.slice(0, 20));
    expect(calibrationSituations(5, 2027)).toEqual(drawn.slice(0, 5));
  });

  it('holds valid situations, none of the catalog or the held-out set', () => {
    const known = new Set([...CATALOG, ...HELD_OUT].map((s) => s.id));
    for (const s of drawn) {
      expect(SituationSchema.safeParse(s).success).toBe(true);
      expect(known.has(s.id)).toBe(false);
    }
    expect(new Set(drawn.map((s) => s.id)).size).toBe(drawn.length);
  });

  it('spreads over the fault space: faults of every kind, quiet draws, shifts in force, volumes', () => {
    const count = (f: (s: (typeof drawn)[number]) => boolean) => drawn.filter(f).length;
    expect(count((s) => s.kind === 'healthy')).toBeGreaterThan(0);
    expect(count((s) => s.faults.processorHealth < 1)).toBeGreaterThan(10);
    expect(count((s) => s.faults.backupProcessorHealth !== undefined)).toBeGreaterThan(10);
    expect(count((s) => s.faults.routeHealth !== undefined)).toBeGreaterThan(10);
    expect(count((s) => s.faults.issuerDeclineRates !== undefined)).toBeGreaterThan(5);
    expect(count((s) => s.faults.networkLatencyMultiplier > 1)).toBeGreaterThan(10);
    expect(count((s) => !s.faults.clientBackoff)).toBeGreaterThan(5);
    expect(count((s) => s.startPlane !== undefined)).toBeGreaterThan(10);
    const weak = drawn.map((s) => Object.values(s.faults.issuerHealth).filter((h) => h < 1).length);
    expect(weak.filter((n) => n >= 2).length).toBeGreaterThan(10);
    const volumes = drawn.map((s) => s.trafficVolume);
    expect(Math.min(...volumes)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...volumes)).toBeLessThanOrEqual(12_000);
    expect(Math.max(...volumes) / Math.min(...volumes)).toBeGreaterThan(10);
    for (const s of drawn) {
      expect(s.warmupWindows).toBeGreaterThanOrEqual(2);
      expect(s.warmupWindows).toBeLessThanOrEqual(5);
    }
  });

  it('writes the truth from the draws', () => {
    for (const s of drawn) {
      if (s.faults.processorHealth < 1) expect(s.truth.pattern).toBe('processor_outage');
      else if (
        Object.values(s.faults.issuerHealth).some((h) => h < 1) ||
        s.faults.issuerDeclineRate > 0 ||
        s.faults.issuerDeclineRates !== undefined
      )
        expect(s.truth.pattern).toBe('issuer_degradation');
      // A quiet draw injects nothing the windows could show.
      if (s.kind === 'healthy') {
        expect(s.truth.pattern).toBe('noise');
        expect(s.faults.issuerDeclineRate).toBe(0);
        expect(s.faults.issuerDeclineRates).toBeUndefined();
        expect(s.startPlane).toBeUndefined();
      }
      expect(s.truth.rootCause).toMatch(/^drawn for the calibration fit: /);
    }
  });
});
