import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type Scenario } from '../../../../src/contracts';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0, allIssuers, issuer, onBackup, plane, scenario } from './fixtures';

/** The default window: route capacity is per window, so a larger one would be a surge. */
const EVENTS = 6000;

function run(s: Scenario, p = DEFAULT_CONTROL_PLANE) {
  return simulateWindow({ ...s, trafficVolume: EVENTS }, p, T0);
}

describe('routing around a fault', () => {
  const visaPrimaryDown = scenario({ issuerHealth: { ...allIssuers(1), visa: 0.6 } });

  it('restores an issuer’s success rate by shifting it to the backup when its primary route is degraded', () => {
    const healthy = issuer(run(scenario()), 'visa');
    const degraded = issuer(run(visaPrimaryDown), 'visa');
    const shifted = issuer(run(visaPrimaryDown, onBackup('visa')), 'visa');
    expect(degraded.successRate).toBeLessThan(0.7);
    expect(shifted.successRate).toBeGreaterThan(healthy.successRate - 0.01);
    expect(shifted.routes![0].attemptCount).toBe(0);
    expect(shifted.routes![1].transactionCount).toBe(shifted.transactionCount);
  });

  it('helps part of the way when only half of the traffic moves to the backup', () => {
    const degraded = issuer(run(visaPrimaryDown), 'visa').successRate;
    const half = issuer(
      run(
        visaPrimaryDown,
        plane({
          routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
        }),
      ),
      'visa',
    ).successRate;
    const full = issuer(run(visaPrimaryDown, onBackup('visa')), 'visa').successRate;
    expect(half).toBeGreaterThan(degraded + 0.1);
    expect(full).toBeGreaterThan(half);
  });

  it('degrades only the faulty issuer, leaving the others near their healthy rate', () => {
    const s = run(visaPrimaryDown);
    for (const id of ['mastercard', 'amex', 'discover'] as const) {
      expect(issuer(s, id).successRate).toBeGreaterThan(0.98);
    }
  });

  it('does not help when the fault is issuer-side declines', () => {
    const declines = scenario({ issuerDeclineRate: 0.15 });
    const stay = issuer(run(declines), 'visa');
    const shifted = issuer(run(declines, onBackup('visa')), 'visa');
    expect(stay.successRate).toBeLessThan(0.88);
    expect(shifted.successRate).toBeLessThan(stay.successRate + 0.005);
    const declineCodes = (m: typeof stay) =>
      m
        .errorBreakdown!.filter((e) => e.code === 'INSUFFICIENT_FUNDS' || e.code === 'DO_NOT_HONOR')
        .reduce((sum, e) => sum + e.count, 0) / m.errorCount;
    expect(declineCodes(stay)).toBeGreaterThan(0.95);
    expect(declineCodes(shifted)).toBeGreaterThan(0.95);
  });

  it('overloads the smaller backup when every issuer is moved to it', () => {
    const all = onBackup('visa', 'mastercard', 'amex', 'discover');
    const s = run(scenario(), all);
    const healthy = run(scenario());
    expect(s.routeMetrics![1].load).toBeGreaterThan(1);
    expect(s.latency.p50).toBeGreaterThan(2 * healthy.latency.p50);
    expect(s.successRate).toBeLessThan(healthy.successRate);
  });

  it('sends no traffic to a disabled route: its weight moves to the other route', () => {
    const p = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, amex: { primary: 0.5, backup: 0.5 } },
      disabledRoutes: [
        { issuerId: 'amex', routeId: 'backup' },
        { issuerId: 'visa', routeId: 'primary' },
      ],
    });
    const s = run(scenario(), p);
    const amex = issuer(s, 'amex').routes!;
    const visa = issuer(s, 'visa').routes!;
    expect(amex[1].attemptCount).toBe(0);
    expect(amex[0].transactionCount).toBe(issuer(s, 'amex').transactionCount);
    expect(visa[0].attemptCount).toBe(0);
    expect(visa[1].transactionCount).toBe(issuer(s, 'visa').transactionCount);
  });
});

describe('faults', () => {
  it('degrades every issuer at once when the primary processor is unhealthy', () => {
    const s = run(scenario({ processorHealth: 0.8 }));
    for (const m of s.issuerMetrics) expect(m.successRate).toBeLessThan(0.9);
  });

  it('raises latency system-wide with the network multiplier and times slow requests out', () => {
    const normal = run(scenario());
    const slow = run(scenario({ networkLatencyMultiplier: 6 }));
    expect(slow.latency.p50).toBeGreaterThan(5 * normal.latency.p50);
    const timeouts = (s: typeof slow) =>
      s.errorBreakdown.find((e) => e.code === 'TIMEOUT')?.count ?? 0;
    expect(timeouts(slow)).toBeGreaterThan(10 * Math.max(1, timeouts(normal)));
    expect(slow.latency.p99).toBeLessThanOrEqual(DEFAULT_CONTROL_PLANE.timeoutMs);
  });

  it('fails more requests as TIMEOUT when the timeout is shorter', () => {
    const s = scenario({ networkLatencyMultiplier: 2 });
    const long = run(s, plane({ timeoutMs: 5000 }));
    const short = run(s, plane({ timeoutMs: 400 }));
    expect(short.successRate).toBeLessThan(long.successRate - 0.05);
    expect(short.errorBreakdown[0].code).toBe('TIMEOUT');
    expect(short.latency.p99).toBeLessThanOrEqual(400);
  });

  it('refuses retries beyond the rate limit’s attempt budget as RATE_LIMITED', () => {
    const s = scenario({ processorHealth: 0.8 });
    const unlimited = run(s);
    const limited = run(s, plane({ rateLimit: 1 }));
    expect(limited.totalRetries).toBe(0);
    expect(unlimited.totalRetries).toBeGreaterThan(0);
    expect(limited.errorBreakdown[0].code).toBe('RATE_LIMITED');
    const budget2 = run(s, plane({ rateLimit: 2 }));
    expect(budget2.totalAttempts!).toBeLessThanOrEqual(2 * budget2.totalTransactions);
  });
});

describe('retries', () => {
  const weakRoute = (retryAggressiveness: number, clientBackoff = false) =>
    scenario({ processorHealth: 0.75, retryAggressiveness, clientBackoff });
  const permissive = plane({ retryPolicy: { maxRetries: 10, multiplier: 10, backoff: false } });

  it('climbs steeply into a retry storm as aggressiveness rises on a weak route', () => {
    const sweep = [0, 0.25, 0.5, 0.75, 1].map((a) => run(weakRoute(a), permissive));
    const ratios = sweep.map((s) => s.retryRatio);
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]).toBeGreaterThan(ratios[i - 1]);
    expect(ratios[4]).toBeGreaterThan(4 * ratios[0]);
    expect(ratios[4]).toBeGreaterThan(0.8);
    // The storm feeds on itself: the route saturates and success falls as retries grow.
    expect(sweep[4].routeMetrics![0].load).toBeGreaterThan(2);
    expect(sweep[4].successRate).toBeLessThan(sweep[1].successRate);
    expect(sweep[4].latency.p50).toBeGreaterThan(2 * sweep[0].latency.p50);
  });

  it('keeps a healthy route calm even with aggressive retries', () => {
    const s = run(scenario({ retryAggressiveness: 1, clientBackoff: false }), permissive);
    // Only the few declines are retried, eight times each: no storm, the route stays under capacity.
    expect(s.retryRatio).toBeLessThan(0.1);
    expect(s.routeMetrics![0].load).toBeLessThan(1);
    expect(s.successRate).toBeGreaterThan(0.985);
  });

  it('damps the storm with backoff', () => {
    const without = run(weakRoute(1, false));
    const withBackoff = run(weakRoute(1, true));
    const policyBackoff = run(
      weakRoute(1, false),
      plane({ retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, backoff: true } }),
    );
    expect(withBackoff.retryRatio).toBeLessThan(without.retryRatio - 0.1);
    expect(withBackoff.successRate).toBeGreaterThan(without.successRate + 0.1);
    expect(policyBackoff).toEqual({ ...withBackoff });
  });

  it('damps the storm with a lower retry multiplier', () => {
    const high = run(weakRoute(1));
    const low = run(
      weakRoute(1),
      plane({ retryPolicy: { maxRetries: 3, multiplier: 0.5, backoff: false } }),
    );
    expect(low.retryRatio).toBeLessThan(high.retryRatio / 2);
    expect(low.successRate).toBeGreaterThan(high.successRate);
  });

  it('adds load but no approvals when declines are retried', () => {
    const declines = scenario({
      issuerDeclineRate: 0.2,
      retryAggressiveness: 1,
      clientBackoff: false,
    });
    const gentle = run({ ...declines, retryAggressiveness: 0 });
    const aggressive = run(declines);
    expect(aggressive.totalRetries).toBeGreaterThan(2 * gentle.totalRetries);
    expect(aggressive.successRate).toBeLessThan(gentle.successRate + 0.005);
  });

  it('retries failures until the policy’s maximum and no further', () => {
    const s = run(
      scenario({ issuerDeclineRate: 1 }),
      plane({ retryPolicy: { maxRetries: 2, multiplier: 1, backoff: false } }),
    );
    // Every payment is declined; HEALTHY clients retry twice, the policy allows two.
    expect(s.successRate).toBe(0);
    expect(s.totalRetries).toBe(2 * s.totalTransactions);
  });
});

describe('window size', () => {
  it('describes a quiet window and a busy one differently: capacity is per window', () => {
    const s = scenario({ issuerHealth: allIssuers(0.85) });
    const quiet = simulateWindow({ ...s, trafficVolume: 500 }, DEFAULT_CONTROL_PLANE, T0);
    const normal = simulateWindow({ ...s, trafficVolume: 6000 }, DEFAULT_CONTROL_PLANE, T0);
    const surge = simulateWindow({ ...s, trafficVolume: 20_000 }, DEFAULT_CONTROL_PLANE, T0);
    expect(quiet.routeMetrics![0].load!).toBeLessThan(0.1);
    expect(normal.routeMetrics![0].load!).toBeGreaterThan(0.5);
    expect(normal.routeMetrics![0].load!).toBeLessThan(0.75);
    expect(surge.routeMetrics![0].load!).toBeGreaterThan(1.5);
    // The same fault costs far more in the surge: the overloaded route sheds and times out.
    expect(surge.successRate).toBeLessThan(normal.successRate - 0.2);
    expect(Math.abs(quiet.successRate - normal.successRate)).toBeLessThan(0.05);
  });
});
