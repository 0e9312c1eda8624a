import { describe, expect, it } from 'vitest';
import type { RouteMetrics } from '../../../../src/contracts';
import {
  clearGap,
  DEGRADED_Z,
  healthyStreak,
  holdNote,
  longestRelapsedStretch,
  MIN_PROBE_SAMPLE,
  RECOVERY_TOLERANCE,
  relapseHold,
  windowHealth,
  windowsToTrust,
  type WindowHealth,
} from '../../../../src/domain/reasoning/route-relapse';

const H: WindowHealth = 'healthy';
const D: WindowHealth = 'degraded';
const U: WindowHealth = 'unseen';

/** The route left in one window: `attempts` attempts at `successRate`. */
function route(attempts: number, successRate: number): RouteMetrics {
  return {
    routeId: 'primary',
    transactionCount: attempts,
    attemptCount: attempts,
    successRate,
    latency: { p50: 200, p95: 400, p99: 550 },
    errorCount: Math.round(attempts * (1 - successRate)),
  };
}

describe('the route left in one window', () => {
  it('tells nothing from a route with no figures or fewer attempts than a probe needs', () => {
    expect(windowHealth(undefined, 0.99)).toBe('unseen');
    expect(windowHealth(route(MIN_PROBE_SAMPLE - 1, 0.99), 0.99)).toBe('unseen');
    expect(windowHealth(route(MIN_PROBE_SAMPLE, 0.99), 0.99)).toBe('healthy');
    expect(windowHealth(route(MIN_PROBE_SAMPLE, 0.5), 0.99)).toBe('degraded');
  });

  it('counts success down to the recovery tolerance below baseline as healthy', () => {
    expect(windowHealth(route(100, 0.9 - RECOVERY_TOLERANCE), 0.9)).toBe('healthy');
    expect(windowHealth(route(100, 0.9 - RECOVERY_TOLERANCE - 0.001), 0.9)).not.toBe('healthy');
    expect(windowHealth(route(100, 0.95), 0.9)).toBe('healthy');
  });

  it('calls a route degraded only below the tolerance by more than its sampling noise', () => {
    // 1,700 attempts at a 97 % baseline: three standard errors are 1.24 points.
    const noise = DEGRADED_Z * Math.sqrt(0.97 * (1 - 0.97) * (1 / 1700));
    expect(noise).toBeCloseTo(0.0124, 4);
    const line = 0.97 - RECOVERY_TOLERANCE - noise;
    // On the line itself the fall is no more than the noise: not proven.
    expect(windowHealth(route(1700, line), 0.97)).toBe('unclear');
    expect(windowHealth(route(1700, 0.96), 0.97)).toBe('healthy');
    expect(windowHealth(route(1700, line + 0.001), 0.97)).toBe('unclear');
    expect(windowHealth(route(1700, line - 0.001), 0.97)).toBe('degraded');
    // The same dip on a thin probe is noise; a real outage is degraded on any sample.
    expect(windowHealth(route(40, 0.93), 0.97)).toBe('unclear');
    expect(windowHealth(route(MIN_PROBE_SAMPLE, 0.6), 0.97)).toBe('degraded');
  });
});

describe('a gap between two routes beyond their noise', () => {
  it('is nothing between two healthy routes a point apart, and the excess for a clear one', () => {
    expect(clearGap(route(900, 0.98), route(2100, 0.97))).toBe(0);
    expect(clearGap(route(900, 0.96), route(2100, 0.97))).toBe(0);
    const a = route(2000, 0.97);
    const b = route(2000, 0.9);
    const noise = DEGRADED_Z * Math.sqrt(0.935 * 0.065 * (2 / 2000));
    expect(clearGap(a, b)).toBeCloseTo(0.07 - noise, 9);
    expect(clearGap(b, a)).toBe(0);
  });
});

describe('unclear windows', () => {
  it('neither break a healthy streak nor count in it, nor end a relapsed stretch', () => {
    const C: WindowHealth = 'unclear';
    expect(healthyStreak([D, H, C, H])).toBe(2);
    expect(healthyStreak([H, C])).toBe(1);
    expect(longestRelapsedStretch([D, H, C, H, D])).toBe(2);
    // A noisy dip between healthy windows is no relapse: one healthy window is trust enough.
    expect(relapseHold([D, D, H, C, H]).required).toBe(1);
  });
});

describe('how long a route must stay healthy before traffic goes back', () => {
  it('counts the healthy windows at the end, skipping windows too thin to tell', () => {
    expect(healthyStreak([D, H, U, H])).toBe(2);
    expect(healthyStreak([H, H, D])).toBe(0);
    expect(healthyStreak([])).toBe(0);
  });

  it('finds the longest recovery that relapsed, not a healthy start before the fault', () => {
    expect(longestRelapsedStretch([H, H, H, D, D, H])).toBe(0);
    expect(longestRelapsedStretch([D, H, D, H, H, H, D, H])).toBe(3);
    expect(longestRelapsedStretch([D, H, U, H, D])).toBe(2);
  });

  it('trusts a route that never relapsed after one healthy window', () => {
    expect(windowsToTrust([H, D, D, H])).toBe(1);
    expect(relapseHold([H, D, D, H]).trusted).toBe(true);
    expect(relapseHold([H, D, D]).trusted).toBe(false);
  });

  it('asks a flapping route to stay healthy longer than it did before it last fell', () => {
    const flapping: WindowHealth[] = [D, D, H, H, D, D, H, H];
    expect(windowsToTrust(flapping)).toBe(3);
    expect(relapseHold(flapping)).toEqual({ trusted: false, streak: 2, required: 3 });
    expect(relapseHold([...flapping, H]).trusted).toBe(true);
    expect(holdNote('visa on primary', relapseHold([D, H, D, H]))).toBe(
      'visa on primary failed again after recovering before: healthy for 1 window now, traffic goes back after 2 windows',
    );
  });

  it('lets the hold end once the relapse is out of the windows shown', () => {
    // The observation keeps the last twelve windows: the flap at the start drops out of them.
    const run: WindowHealth[] = [D, H, H, H, D, ...Array<WindowHealth>(10).fill(H)];
    expect(windowsToTrust(run)).toBe(4);
    expect(windowsToTrust(run.slice(-12))).toBe(1);
  });
});
