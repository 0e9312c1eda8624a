import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASONING_CONFIG as CONFIG,
  type MetricsSnapshot,
} from '../../../../src/contracts';
import { analyse } from '../../../../src/domain/reasoning';
import { healthyIssuers, makeSnapshot, visaRouteDegraded, withIssuers } from './snapshots';
import { simulated } from './simulated';

const baseline = makeSnapshot();
const patternsOf = (current: MetricsSnapshot, base: MetricsSnapshot = baseline) =>
  analyse(current, base, CONFIG).patterns;

describe('recognisePatterns on hand-made windows', () => {
  it('names the degraded issuer and a route-side fault when timeouts sit on its only route', () => {
    const [top] = patternsOf(visaRouteDegraded(0.84));
    expect(top).toMatchObject({
      type: 'issuer_degradation',
      issuerIds: ['visa'],
      faultLocation: 'route',
      routeId: 'primary',
    });
    expect(top!.strength).toBeGreaterThan(0.7);
    expect(top!.strength).toBeLessThanOrEqual(0.95);
    expect(top!.evidence.some((e) => e.errorCode === 'TIMEOUT' && e.issuerId === 'visa')).toBe(
      true,
    );
  });

  it('locates the fault on the route whose success rate is far below the other route', () => {
    const current = makeSnapshot({
      issuers: withIssuers({
        id: 'visa',
        successRate: 0.85,
        errors: { TIMEOUT: 0.09, ISSUER_UNAVAILABLE: 0.05, INSUFFICIENT_FUNDS: 0.005 },
        routes: [
          { routeId: 'primary', share: 0.5, successRate: 0.7 },
          { routeId: 'backup', share: 0.5, successRate: 0.985 },
        ],
      }),
    });
    const [top] = patternsOf(current);
    expect(top).toMatchObject({
      type: 'issuer_degradation',
      faultLocation: 'route',
      routeId: 'primary',
    });
  });

  it('calls declines spread over both routes an issuer-side fault', () => {
    const current = makeSnapshot({
      issuers: withIssuers({
        id: 'visa',
        successRate: 0.85,
        errors: { INSUFFICIENT_FUNDS: 0.09, DO_NOT_HONOR: 0.06 },
        routes: [
          { routeId: 'primary', share: 0.5, successRate: 0.85 },
          { routeId: 'backup', share: 0.5, successRate: 0.86 },
        ],
      }),
    });
    const [top] = patternsOf(current);
    expect(top).toMatchObject({
      type: 'issuer_degradation',
      issuerIds: ['visa'],
      faultLocation: 'issuer',
    });
    expect(top!.routeId).toBeUndefined();
  });

  it('groups a decline surge at every issuer into one issuer-side pattern over all of them', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({
        ...i,
        successRate: 0.85,
        errors: { INSUFFICIENT_FUNDS: 0.09, DO_NOT_HONOR: 0.06 },
      })),
    });
    const degradation = patternsOf(current).filter((p) => p.type === 'issuer_degradation');
    expect(degradation).toHaveLength(1);
    expect(degradation[0]!.faultLocation).toBe('issuer');
    expect(degradation[0]!.issuerIds).toEqual(['visa', 'mastercard', 'amex', 'discover']);
  });

  it('flags an issuer under 85 % even when its baseline was as low', () => {
    const lowVisa = withIssuers({ id: 'visa', successRate: 0.8 });
    const patterns = patternsOf(
      makeSnapshot({ issuers: lowVisa }),
      makeSnapshot({ issuers: lowVisa }),
    );
    expect(patterns[0]).toMatchObject({ type: 'issuer_degradation', issuerIds: ['visa'] });
  });

  it('sees a processor outage when every issuer fails on the same route', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({
        ...i,
        successRate: 0.7,
        p99: 1800,
        errors: { TIMEOUT: 0.15, ISSUER_UNAVAILABLE: 0.14 },
      })),
    });
    const patterns = patternsOf(current);
    expect(patterns[0]).toMatchObject({
      type: 'processor_outage',
      faultLocation: 'route',
      routeId: 'primary',
    });
    expect(patterns[0]!.issuerIds).toHaveLength(4);
    // The issuers are explained by the outage, not reported one by one.
    expect(patterns.some((p) => p.type === 'issuer_degradation')).toBe(false);
    // Neither is the latency they share.
    expect(patterns.some((p) => p.type === 'latency_spike')).toBe(false);
  });

  it('recognises a retry storm by retries per failed payment far above baseline', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, successRate: 0.97, retryRatio: 0.3 })),
      routeLoad: { primary: 1.3 },
    });
    const storm = patternsOf(current).find((p) => p.type === 'retry_storm');
    expect(storm).toBeDefined();
    expect(storm!.faultLocation).toBe('client');
    expect(storm!.routeId).toBe('primary');
    expect(storm!.strength).toBeGreaterThan(0.8);
    expect(storm!.evidence.some((e) => e.metric === 'retriesPerFailedPayment')).toBe(true);
  });

  it('recognises a system-wide latency spike when slow issuers are not degraded', () => {
    const current = makeSnapshot({
      issuers: healthyIssuers().map((i) => ({ ...i, p50: 500, p99: 1500 })),
    });
    const [top] = patternsOf(current);
    expect(top).toMatchObject({ type: 'latency_spike', faultLocation: 'network' });
    expect(top!.issuerIds).toHaveLength(4);
  });

  it('does not call one degraded issuer’s slowness a system-wide latency spike', () => {
    expect(patternsOf(visaRouteDegraded()).some((p) => p.type === 'latency_spike')).toBe(false);
  });

  it('reports noise when nothing deviates', () => {
    const patterns = patternsOf(makeSnapshot());
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({ type: 'noise', strength: 0.9, issuerIds: [] });
  });
});

describe('recognisePatterns on simulated faults', () => {
  it('finds visa degraded on its primary route', () => {
    const { current, baseline: base } = simulated('issuerOnPrimary');
    const [top] = patternsOf(current, base);
    expect(top).toMatchObject({
      type: 'issuer_degradation',
      issuerIds: ['visa'],
      faultLocation: 'route',
      routeId: 'primary',
    });
  });

  it('finds a processor outage on the primary route', () => {
    const { current, baseline: base } = simulated('processorOutage');
    const [top] = patternsOf(current, base);
    expect(top).toMatchObject({ type: 'processor_outage', routeId: 'primary' });
    expect(top!.issuerIds).toEqual(
      expect.arrayContaining(['visa', 'mastercard', 'amex', 'discover']),
    );
  });

  it('finds issuer-side declines across every issuer', () => {
    const { current, baseline: base } = simulated('issuerDeclines');
    const [top] = patternsOf(current, base);
    expect(top).toMatchObject({ type: 'issuer_degradation', faultLocation: 'issuer' });
    expect(top!.issuerIds).toHaveLength(4);
  });

  it('finds a system-wide latency spike', () => {
    const { current, baseline: base } = simulated('latencySpike');
    const patterns = patternsOf(current, base);
    expect(patterns[0]).toMatchObject({ type: 'latency_spike', faultLocation: 'network' });
    expect(patterns.some((p) => p.type === 'issuer_degradation')).toBe(false);
  });

  it('finds the retry storm next to the weak route that feeds it', () => {
    const { current, baseline: base } = simulated('retryStorm');
    const patterns = patternsOf(current, base);
    const storm = patterns.find((p) => p.type === 'retry_storm');
    expect(storm).toBeDefined();
    expect(storm!.strength).toBeGreaterThanOrEqual(CONFIG.confidenceThreshold);
    expect(patterns.some((p) => p.type === 'issuer_degradation' && p.issuerIds[0] === 'visa')).toBe(
      true,
    );
    // The same weak route with gentle retries is a much weaker storm, if any.
    const gentle = simulated('issuerOnPrimary');
    const weak = patternsOf(gentle.current, gentle.baseline).find((p) => p.type === 'retry_storm');
    expect(weak === undefined || weak.strength < storm!.strength - 0.2).toBe(true);
  });

  it('finds noise in a healthy window', () => {
    const { current, baseline: base } = simulated('healthy');
    expect(patternsOf(current, base).map((p) => p.type)).toEqual(['noise']);
  });
});
