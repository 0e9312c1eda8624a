import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import {
  calibrationSource,
  fitCalibrationText,
  parseFitOptions,
} from '../../../src/cli/fit-calibration';

describe('npm run fit-calibration', () => {
  it('reads its flags and refuses bad ones', () => {
    expect(parseFitOptions([])).toEqual({
      seeds: 10,
      oracleSeeds: 20,
      minFamilyPairs: 20,
      drawn: 200,
      check: 100,
    });
    expect(parseFitOptions(['--check', '0', '--drawn', '0'])).toMatchObject({ check: 0, drawn: 0 });
    expect(() => parseFitOptions(['--check', '-1'])).toThrow(UsageError);
    expect(() => parseFitOptions(['--drawn', '1001'])).toThrow(UsageError);
    expect(parseFitOptions(['--seeds', '2', '--oracle-seeds', '3'])).toMatchObject({
      seeds: 2,
      oracleSeeds: 3,
    });
    expect(parseFitOptions(['--help'])).toBe('help');
    expect(() => parseFitOptions(['--seeds', '0'])).toThrow(UsageError);
    expect(() => parseFitOptions(['--held-out'])).toThrow(UsageError);
  });

  it('prints the map as the TypeScript constant it is stored as', () => {
    const text = calibrationSource({
      pooled: { x: [0.5], y: [0.6] },
      families: { routing: { x: [0.4, 0.8], y: [0.7, 0.9] } },
    });
    expect(text).toBe(
      [
        'export const FITTED_CALIBRATION: FamilyCalibration = {',
        '  pooled: { x: [0.5000], y: [0.6000] },',
        '  families: {',
        '    routing: { x: [0.4000, 0.8000], y: [0.7000, 0.9000] },',
        '  },',
        '};',
      ].join('\n'),
    );
    expect(calibrationSource({ pooled: { x: [], y: [] }, families: {} })).toContain(
      'families: {},',
    );
  });

  it('prints each family’s reliability table, the routing picks by destination, the errors and the map', () => {
    const small = { seeds: 1, oracleSeeds: 2, minFamilyPairs: 3, drawn: 2, check: 2 };
    const text = fitCalibrationText(small);
    expect(text).toMatch(
      /^Calibration fit on the training catalog \(1 seeds each situation\) and 2 situations drawn from the fault space \(3 seeds each\): \d+ decisions run.*, met = the executor's verdict/,
    );
    expect(text).toMatch(/^routing \((own|pooled) map\), evidence confidence:/m);
    expect(text).toContain('Through the fitted map (in sample):');
    // The catalog's routing picks move onto a backup that carried nothing and is sound.
    expect(text).toMatch(/^ {2}unobserved, healthy {2}\d+ +\d+ \(\d+%\)$/m);
    expect(text).toMatch(
      /Through the fitted map on 2 other drawn situations, 3 seeds each \(out of sample\):\nCalibration: 6 executed decisions; expected calibration error \d\.\d{3}\n/,
    );
    expect(text).toContain('export const FITTED_CALIBRATION: FamilyCalibration = {');
    expect(fitCalibrationText({ ...small, check: 0 })).not.toContain('out of sample');
  });
});
