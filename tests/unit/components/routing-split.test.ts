import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  type ControlPlane,
  type MetricsSnapshot,
} from '../../../src/contracts';
import {
  issuerSplits,
  planeChanges,
  processorLoad,
  routingFlows,
} from '../../../src/components/routing/routing-split';
import { makeSnapshot } from '../support/factories';

/** A window with the lab's usual traffic mix: 45/35/12/8 % over 1,000 payments. */
function windowWithMix(): MetricsSnapshot {
  const base = makeSnapshot();
  const visa = base.issuerMetrics[0]!;
  const counts = { visa: 450, mastercard: 350, amex: 120, discover: 80 } as const;
  return {
    ...base,
    issuerMetrics: (Object.keys(counts) as (keyof typeof counts)[]).map((issuerId) => ({
      ...visa,
      issuerId,
      issuerName: issuerId,
      transactionCount: counts[issuerId],
    })),
  };
}

const shifted: ControlPlane = {
  ...DEFAULT_CONTROL_PLANE,
  routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.6, backup: 0.4 } },
  disabledRoutes: [{ issuerId: 'amex', routeId: 'primary' }],
  retryPolicy: { maxRetries: 1, multiplier: 2, backoff: true },
};

describe('issuerSplits', () => {
  it('shows every issuer on its primary route on the default plane', () => {
    const splits = issuerSplits(DEFAULT_CONTROL_PLANE, windowWithMix());
    expect(splits.map((s) => [s.issuerId, s.trafficShare, s.now.backup])).toEqual([
      ['visa', 0.45, 0],
      ['mastercard', 0.35, 0],
      ['amex', 0.12, 0],
      ['discover', 0.08, 0],
    ]);
    expect(processorLoad(splits)).toEqual({ primary: 1, backup: 0 });
  });

  it('shows a shift and a disabled route as the net split, beside the default', () => {
    const splits = issuerSplits(shifted, windowWithMix());
    const visa = splits.find((s) => s.issuerId === 'visa')!;
    expect(visa.now).toEqual({ primary: 0.6, backup: 0.4 });
    expect(visa.byDefault).toEqual({ primary: 1, backup: 0 });
    const amex = splits.find((s) => s.issuerId === 'amex')!;
    expect(amex.now).toEqual({ primary: 0, backup: 1 });
    expect(amex.disabled).toEqual(['primary']);
    const load = processorLoad(splits);
    expect(load.backup).toBeCloseTo(0.45 * 0.4 + 0.12, 12);
    expect(load.primary + load.backup).toBeCloseTo(1, 12);
  });

  it('splits traffic evenly before any window exists', () => {
    expect(issuerSplits(DEFAULT_CONTROL_PLANE, null).map((s) => s.trafficShare)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });
});

describe('routingFlows', () => {
  it('draws one band per used issuer route, in shares of all payments', () => {
    const flows = routingFlows(issuerSplits(shifted, windowWithMix()));
    expect(flows).toContainEqual({ from: 'Visa', to: 'Backup processor', flow: 0.45 * 0.4 });
    expect(flows).toContainEqual({ from: 'American Express', to: 'Backup processor', flow: 0.12 });
    expect(flows.some((f) => f.from === 'American Express' && f.to === 'Primary processor')).toBe(
      false,
    );
    expect(flows.reduce((sum, f) => sum + f.flow, 0)).toBeCloseTo(1, 12);
  });
});

describe('planeChanges', () => {
  it('has nothing to say about the default plane', () => {
    expect(planeChanges(DEFAULT_CONTROL_PLANE)).toEqual([]);
  });

  it('names each change against the default in words', () => {
    expect(planeChanges({ ...shifted, timeoutMs: 1500, rateLimit: 2 })).toEqual([
      'Visa: 40 % on the backup route (default 0 %)',
      'American Express: 100 % on the backup route (default 0 %)',
      'American Express: primary route disabled',
      'Retries: at most 1 (default 3)',
      'Backoff on (default off)',
      'Timeout 1500 ms (default 2000 ms)',
      'Rate limit 2 attempts per payment (default off)',
    ]);
  });

  it('says when hard declines are no longer retried', () => {
    const plane: ControlPlane = {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, retryHardDeclines: false },
    };
    expect(planeChanges(plane)).toEqual(['Hard declines are not retried']);
  });
});
