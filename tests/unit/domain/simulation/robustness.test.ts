import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  MetricsSnapshotSchema,
  type ControlPlane,
  type Scenario,
} from '../../../../src/contracts';
import { Random } from '../../../../src/domain/random';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0 } from './fixtures';

describe('simulateWindow across the whole input space', () => {
  it('returns a contract-valid snapshot for 300 random scenarios and control planes', () => {
    const random = new Random(2026);
    const u = () => random.next();
    for (let k = 0; k < 300; k++) {
      const scenario: Scenario = {
        ...HEALTHY_SCENARIO,
        issuerHealth: { visa: u(), mastercard: u(), amex: u(), discover: u() },
        processorHealth: u(),
        issuerDeclineRate: u(),
        networkLatencyMultiplier: 1 + 9 * u(),
        retryAggressiveness: u(),
        clientBackoff: u() < 0.5,
        trafficVolume: 1 + random.nextInt(800),
        seed: random.nextUint32(),
      };
      const visaPrimary = u();
      const plane: ControlPlane = {
        ...DEFAULT_CONTROL_PLANE,
        routing: {
          ...DEFAULT_CONTROL_PLANE.routing,
          visa: { primary: visaPrimary, backup: 1 - visaPrimary },
        },
        disabledRoutes: u() < 0.2 ? [{ issuerId: 'mastercard', routeId: 'primary' }] : [],
        retryPolicy: { maxRetries: random.nextInt(11), multiplier: 10 * u(), backoff: u() < 0.3 },
        timeoutMs: 50 + 10_000 * u(),
        rateLimit: u() < 0.3 ? 1 + 19 * u() : null,
      };
      const result = MetricsSnapshotSchema.safeParse(simulateWindow(scenario, plane, T0));
      expect(result.success, JSON.stringify({ scenario, plane })).toBe(true);
    }
  });

  it('survives every slider at its worst at once', () => {
    const s = simulateWindow(
      {
        ...HEALTHY_SCENARIO,
        issuerHealth: { visa: 0, mastercard: 0, amex: 0, discover: 0 },
        processorHealth: 0,
        issuerDeclineRate: 1,
        networkLatencyMultiplier: 10,
        retryAggressiveness: 1,
        clientBackoff: false,
        trafficVolume: 5000,
      },
      {
        ...DEFAULT_CONTROL_PLANE,
        retryPolicy: { maxRetries: 10, multiplier: 10, backoff: false },
        timeoutMs: 50,
      },
      T0,
    );
    expect(MetricsSnapshotSchema.safeParse(s).success).toBe(true);
    expect(s.successRate).toBe(0);
    // The most aggressive clients retry eight times; the policy would allow ten.
    expect(s.totalAttempts).toBe(9 * 5000);
    expect(s.latency.p99).toBeLessThanOrEqual(50);
  });
});

describe('Random.fillUniform', () => {
  it('fills a buffer with exactly the values next() would return, and continues the stream', () => {
    const a = new Random(9, 3);
    const b = new Random(9, 3);
    const buffer = new Float64Array(1000);
    a.fillUniform(buffer, 10, 990);
    for (let i = 10; i < 990; i++) expect(buffer[i]).toBe(b.next());
    expect(buffer[0]).toBe(0);
    expect(buffer[999]).toBe(0);
    expect(a.next()).toBe(b.next());
    expect(a.nextUint32()).toBe(b.nextUint32());
  });
});
