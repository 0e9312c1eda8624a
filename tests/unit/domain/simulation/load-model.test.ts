import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../../src/contracts';
import {
  expectedRetriesPerPayment,
  retryCaps,
  solveLoads,
} from '../../../../src/domain/simulation/load-model';
import { simulateWindow } from '../../../../src/domain/simulation';
import { retryBehaviour } from '../../../../src/domain/simulation/world-model';
import { ISSUER_IDS, allIssuers, onBackup, plane, scenario } from './fixtures';

describe('expectedRetriesPerPayment', () => {
  it('sends no retries when the first attempt never fails, the cap is 0 or the multiplier is 0', () => {
    expect(expectedRetriesPerPayment(0, 1, 2, 3)).toBe(0);
    expect(expectedRetriesPerPayment(1, 1, 2, 0)).toBe(0);
    expect(expectedRetriesPerPayment(1, 1, 0, 3)).toBe(0);
  });

  it('uses the whole cap when every attempt fails', () => {
    expect(expectedRetriesPerPayment(1, 1, 1, 3)).toBe(3);
    expect(expectedRetriesPerPayment(1, 1, 2, 3)).toBe(3);
    expect(expectedRetriesPerPayment(1, 1, 3, 10)).toBe(10);
  });

  it('matches the geometric series of one retry per failure', () => {
    // q + q² + q³ for three retries, each sent only after the previous one failed.
    const q = 0.3;
    expect(expectedRetriesPerPayment(q, q, 1, 3)).toBeCloseTo(q + q * q + q * q * q, 12);
  });

  it('matches the coin flip of a fractional multiplier', () => {
    // Multiplier 0.5, cap 1: a failed first try is retried half of the time.
    expect(expectedRetriesPerPayment(0.4, 0.4, 0.5, 1)).toBeCloseTo(0.2, 12);
    // Multiplier 0.5, cap 2, every attempt fails: heads for the first retry, heads again for the
    // second: 0.5 × (1 + 0.5) = 0.75.
    expect(expectedRetriesPerPayment(1, 1, 0.5, 2)).toBeCloseTo(0.75, 12);
    // Multiplier 1.5, cap 2: one or two retries at once, and a lone failed retry asks for another.
    expect(expectedRetriesPerPayment(1, 1, 1.5, 2)).toBeCloseTo(2, 12);
  });
});

describe('retryCaps', () => {
  it('caps retries by the rate limit’s attempt budget, fractional budgets per payment', () => {
    const retry = retryBehaviour(scenario({ retryAggressiveness: 1 }), DEFAULT_CONTROL_PLANE);
    expect(retry).toMatchObject({ maxRetries: 3, multiplier: 2 });
    expect(retryCaps({ ...retry, attemptBudget: null })).toEqual({ low: 3, high: 3, highShare: 0 });
    expect(retryCaps({ ...retry, attemptBudget: 2.5 })).toEqual({
      low: 1,
      high: 2,
      highShare: 0.5,
    });
    expect(retryCaps({ ...retry, attemptBudget: 1 })).toEqual({ low: 0, high: 1, highShare: 0 });
    expect(retryCaps({ ...retry, attemptBudget: 20 })).toEqual({ low: 3, high: 3, highShare: 0 });
  });
});

describe('retryBehaviour', () => {
  it('maps gentle clients to one retry at half a retry per failure, aggressive ones to eight at three', () => {
    const permissive = plane({ retryPolicy: { maxRetries: 10, multiplier: 10, backoff: false } });
    expect(retryBehaviour(scenario({ retryAggressiveness: 0 }), permissive)).toMatchObject({
      maxRetries: 1,
      multiplier: 0.5,
    });
    expect(retryBehaviour(scenario({ retryAggressiveness: 1 }), permissive)).toMatchObject({
      maxRetries: 8,
      multiplier: 3,
    });
  });

  it('lets the policy cap the clients and either side turn backoff on', () => {
    const strict = plane({ retryPolicy: { maxRetries: 1, multiplier: 0.25, backoff: true } });
    expect(
      retryBehaviour(scenario({ retryAggressiveness: 1, clientBackoff: false }), strict),
    ).toEqual({
      maxRetries: 1,
      multiplier: 0.25,
      backoff: true,
      attemptBudget: null,
      retryHardDeclines: true,
    });
  });
});

describe('solveLoads', () => {
  it('keeps a healthy 6,000-payment window comfortably below its capacity', () => {
    const solution = solveLoads(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE);
    // 6,000 payments and a few retries on a primary that serves 12,000 attempts a window.
    expect(solution.loads[0]).toBeGreaterThan(0.5);
    expect(solution.loads[0]).toBeLessThan(0.52);
    expect(solution.loads[1]).toBe(0);
  });

  it('loads the routes with the traffic: a quiet window barely, a surge over capacity', () => {
    const at = (trafficVolume: number) =>
      solveLoads(scenario({ trafficVolume }), DEFAULT_CONTROL_PLANE).loads[0];
    expect(at(500)).toBeCloseTo(500 / 12_000, 2);
    expect(at(20_000)).toBeGreaterThan(1.5);
    expect(at(20_000) / at(500)).toBeGreaterThan(40);
  });

  it('keeps a 2× surge near the primary’s capacity but overloads the backup when half of it moves there', () => {
    const surge = scenario({ trafficVolume: 12_000 });
    const half = { primary: 0.5, backup: 0.5 };
    const split = plane({
      routing: { visa: half, mastercard: half, amex: half, discover: half },
    });
    expect(solveLoads(surge, DEFAULT_CONTROL_PLANE).loads[0]).toBeLessThan(1.25);
    const { loads } = solveLoads(surge, split);
    expect(loads[0]).toBeLessThan(0.6);
    expect(loads[1]).toBeGreaterThan(1.25);
  });

  it('puts the backup over capacity when every issuer moves to it', () => {
    const solution = solveLoads(
      HEALTHY_SCENARIO,
      onBackup('visa', 'mastercard', 'amex', 'discover'),
    );
    expect(solution.loads[0]).toBe(0);
    expect(solution.loads[1]).toBeGreaterThan(1.2);
  });

  it('converges to saturation for a weak route and aggressive retries, and stays calm with backoff', () => {
    const storm = solveLoads(
      scenario({ processorHealth: 0.75, retryAggressiveness: 1, clientBackoff: false }),
      DEFAULT_CONTROL_PLANE,
    );
    const damped = solveLoads(
      scenario({ processorHealth: 0.75, retryAggressiveness: 1, clientBackoff: true }),
      DEFAULT_CONTROL_PLANE,
    );
    expect(storm.loads[0]).toBeGreaterThan(2);
    expect(damped.loads[0]).toBeLessThan(1.1);
    expect(storm.iterations).toBeLessThan(1000);
  });
});

describe('the sampled window agrees with the load model', () => {
  it.each([
    ['a degraded primary', scenario({ issuerHealth: allIssuers(0.85) }), DEFAULT_CONTROL_PLANE],
    [
      'a storm with a fractional multiplier',
      scenario({ processorHealth: 0.8, retryAggressiveness: 0.5, clientBackoff: false }),
      plane({ retryPolicy: { maxRetries: 5, multiplier: 1.5, backoff: false } }),
    ],
    [
      'a split route and a fractional rate limit',
      scenario({ issuerHealth: allIssuers(0.7), retryAggressiveness: 1 }),
      plane({
        routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.3, backup: 0.7 } },
        rateLimit: 2.5,
      }),
    ],
  ])('samples as many retries per payment as the model expects, for %s', (_name, s, p) => {
    const solution = solveLoads(s, p);
    // Sixteen default windows: enough payments for a tight mean without loading a bigger window.
    const windows = Array.from({ length: 16 }, (_, k) => simulateWindow({ ...s, seed: k }, p, 0));
    ISSUER_IDS.forEach((id, i) => {
      const mine = windows.map((w) => w.issuerMetrics.find((m) => m.issuerId === id)!);
      const retries = mine.reduce((sum, m) => sum + m.retryCount, 0);
      const payments = mine.reduce((sum, m) => sum + m.transactionCount, 0);
      const sampled = retries / payments;
      expect(Math.abs(sampled - solution.expectedRetries[i])).toBeLessThan(
        0.02 + 0.05 * solution.expectedRetries[i],
      );
    });
  });
});
