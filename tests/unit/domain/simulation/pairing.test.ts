import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type Scenario } from '../../../../src/contracts';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0, issuer, plane, scenario } from './fixtures';

/** Sample variance (n − 1) of a list of numbers. */
function variance(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
}

const visaFault = scenario({ issuerHealth: { ...scenario().issuerHealth, visa: 0.85 } });
const quarterShift = plane({
  routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.75, backup: 0.25 } },
});
const SEEDS = Array.from({ length: 40 }, (_, k) => 1000 + k);

function success(s: Scenario, seed: number, p = DEFAULT_CONTROL_PLANE): number {
  return simulateWindow({ ...s, seed }, p, T0).successRate;
}

describe('per-payment paired randomness', () => {
  it('lets a 25 % Visa shift be measured on one seed: the paired spread is under a tenth of the unpaired', () => {
    const without = SEEDS.map((seed) => success(visaFault, seed));
    const withShift = SEEDS.map((seed) => success(visaFault, seed, quarterShift));
    const paired = SEEDS.map((_, k) => withShift[k]! - without[k]!);
    // Unpaired: the shifted window of one seed against the unshifted window of another.
    const unpaired = SEEDS.map((_, k) => withShift[k]! - without[(k + 1) % SEEDS.length]!);
    const ratio = variance(paired) / variance(unpaired);
    expect(ratio).toBeLessThanOrEqual(0.1);
    // The shift really helps on every seed: pairing sharpens a real effect, it does not hide one.
    expect(Math.min(...paired)).toBeGreaterThan(0);
  });

  it('leaves every other issuer’s payments exactly as they were when only Visa moves', () => {
    const before = simulateWindow(visaFault, DEFAULT_CONTROL_PLANE, T0);
    const after = simulateWindow(visaFault, quarterShift, T0);
    // Only the routes' load figures may move (Visa left the primary); below the knee it
    // changes no payment's fate.
    const fate = (m: ReturnType<typeof issuer>) => ({ ...m, routes: undefined });
    for (const id of ['mastercard', 'amex', 'discover'] as const) {
      expect(fate(issuer(after, id))).toEqual(fate(issuer(before, id)));
    }
    expect(after.routeMetrics![0].load!).toBeLessThan(before.routeMetrics![0].load!);
    expect(issuer(after, 'visa').transactionCount).toBe(issuer(before, 'visa').transactionCount);
    expect(issuer(after, 'visa').successRate).toBeGreaterThan(issuer(before, 'visa').successRate);
  });

  it('moves close to the asked share of an issuer’s payments, not a binomial draw of it', () => {
    const after = issuer(simulateWindow(visaFault, quarterShift, T0), 'visa');
    const onBackup = after.routes![1].transactionCount / after.transactionCount;
    expect(Math.abs(onBackup - 0.25)).toBeLessThan(0.002);
  });

  it('gives the same unpaired spread as independent windows would: a new seed is a new window', () => {
    const a = SEEDS.map((seed) => success(visaFault, seed));
    // Binomial noise of about 6,000 payments at this success rate: the windows are not frozen.
    expect(Math.sqrt(variance(a))).toBeGreaterThan(0.0005);
    expect(new Set(a).size).toBeGreaterThan(20);
  });
});
