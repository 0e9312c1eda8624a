import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  type Observation,
} from '../../../../src/contracts';
import {
  SR_BUCKET_SIZE,
  freshRouterState,
  freshWindow,
  leaderSigma,
  pushOutcomes,
  refillLaggards,
  refillWindow,
  shareUnder,
  srRouterPolicy,
  windowScore,
} from '../../../../src/domain/policies/sr-router';
import { simulateWindow } from '../../../../src/domain/simulation';

const NOW = 1_700_000_000_000;

function observe(visaHealth: number, windows = 1): Observation {
  const scenario = {
    ...HEALTHY_SCENARIO,
    issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: visaHealth },
  };
  return {
    windows: Array.from({ length: windows }, (_, w) => ({
      window: w,
      metrics: simulateWindow({ ...scenario, seed: 11 + w }, DEFAULT_CONTROL_PLANE, NOW),
    })),
    baselineMetrics: simulateWindow({ ...HEALTHY_SCENARIO, seed: 11 }, DEFAULT_CONTROL_PLANE, NOW),
    controlPlane: DEFAULT_CONTROL_PLANE,
    activeActions: [],
  };
}

/** Draws from a fixed list, then 0.5 forever. */
const draws =
  (...values: number[]) =>
  () =>
    values.shift() ?? 0.5;

describe('success-rate router windows', () => {
  it('keeps the last 125 outcomes per route, starting all successes', () => {
    expect(SR_BUCKET_SIZE).toBe(125);
    const window = freshWindow();
    expect(window).toHaveLength(125);
    expect(windowScore(window)).toBe(1);
    pushOutcomes(window, 100, 50);
    expect(window).toHaveLength(125);
    // 25 old successes are left, plus 50 of the 100 new outcomes.
    expect(windowScore(window)).toBeCloseTo((25 + 50) / 125, 10);
    pushOutcomes(window, 3000, 2400);
    expect(window).toHaveLength(125);
    expect(windowScore(window)).toBeCloseTo(0.8, 2);
  });

  it('rewards only successes under the latency threshold', () => {
    expect(shareUnder({ p50: 200, p95: 400, p99: 700 }, 1500)).toBe(1);
    const slow = shareUnder({ p50: 1000, p95: 2000, p99: 2500 }, 1500);
    expect(slow).toBeGreaterThan(0.5);
    expect(slow).toBeLessThan(0.95);
  });

  it('refills a route more than 3σ below the leader, and only such a route', () => {
    const state = freshRouterState();
    pushOutcomes(state.windows.visa.primary, 125, 85); // 0.68, far behind the untried backup
    pushOutcomes(state.windows.mastercard.primary, 125, 120); // 0.96: within 3σ of 1.0
    const refilled = refillLaggards(state);
    expect(refilled).toEqual([{ issuerId: 'visa', routeId: 'primary' }]);
    const sigma = leaderSigma(1);
    expect(sigma).toBeCloseTo(Math.sqrt(0.09 / 125), 12);
    const score = windowScore(state.windows.visa.primary);
    // decision-engine's refill: floor((1 − max + 3σ) × 125) failures, spread evenly.
    expect(score).toBeCloseTo((125 - Math.floor(3 * sigma * 125)) / 125, 10);
    expect(windowScore(state.windows.mastercard.primary)).toBeCloseTo(0.96, 10);
    const refill = refillWindow(1);
    expect(refill[0]).toBe(false);
    expect(refill.at(-1)).toBe(false);
  });
});

describe('success-rate router decisions', () => {
  it('moves the issuer whose route falls more than 3σ behind, and leaves a healthy world alone', () => {
    const shift = srRouterPolicy().decide({
      observation: observe(0.6),
      limits: DEFAULT_SAFETY_LIMITS,
      now: NOW,
      random: draws(0.9),
    });
    expect(shift.selectedAction.type).toBe('shift_traffic');
    expect(shift.selectedAction.parameters).toEqual({
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.5,
    });
    const calm = srRouterPolicy().decide({
      observation: observe(1),
      limits: DEFAULT_SAFETY_LIMITS,
      now: NOW,
      random: draws(0.9),
    });
    expect(calm.selectedAction.type).toBe('do_nothing');
  });

  it('explores on a draw under 5 %, deterministically from the draws it is given', () => {
    const decide = (random: () => number) =>
      srRouterPolicy().decide({
        observation: observe(1),
        limits: DEFAULT_SAFETY_LIMITS,
        now: NOW,
        random,
      });
    const explored = decide(draws(0.04, 0.6));
    expect(explored.selectedAction.type).toBe('shift_traffic');
    // The second draw picks the issuer: 0.6 × 4 issuers → the third, amex.
    expect(explored.selectedAction.parameters).toMatchObject({
      issuerId: 'amex',
      toRoute: 'backup',
      percentage: 0.25,
    });
    expect(decide(draws(0.04, 0.6))).toEqual(explored);
    expect(decide(draws(0.05)).selectedAction.type).toBe('do_nothing');
  });

  it('reads each window once, and gives a refilled route another chance', () => {
    const policy = srRouterPolicy();
    const obs = observe(0.6, 2);
    const first = policy.decide({
      observation: obs,
      limits: DEFAULT_SAFETY_LIMITS,
      now: NOW,
      random: draws(0.9),
    });
    expect(first.selectedAction.parameters).toMatchObject({ issuerId: 'visa' });
    // No new window: the visa primary was refilled to just within 3σ, so it is not fled again.
    const again = policy.decide({
      observation: obs,
      limits: DEFAULT_SAFETY_LIMITS,
      now: NOW,
      random: draws(0.9),
    });
    expect(again.selectedAction.type).toBe('do_nothing');
    // A new bad window is read and the route falls behind once more.
    const next = observe(0.6, 3);
    const third = policy.decide({
      observation: next,
      limits: DEFAULT_SAFETY_LIMITS,
      now: NOW,
      random: draws(0.9),
    });
    expect(third.selectedAction.parameters).toMatchObject({ issuerId: 'visa' });
  });
});
