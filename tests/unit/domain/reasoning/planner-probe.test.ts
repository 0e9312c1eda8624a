import { describe, expect, it } from 'vitest';
import { reason } from '../../../../src/domain/reasoning';
import { timeoutsOnLeftRoutes } from '../../../../src/domain/reasoning/planner-remedies';
import type { ActiveActionView } from '../../../../src/contracts';
import { failovers, onTheProbe } from './lasting-outage';

describe('a lasting processor outage with only the probe share left on it', () => {
  it('finds the timeouts on the probe share, and proposes no longer timeout for them', () => {
    const input = onTheProbe();
    const { proposals, patterns } = reason(input);
    expect(patterns.map((p) => p.type)).toContain('latency_spike');
    expect(proposals.some((p) => p.type === 'adjust_timeout')).toBe(false);
  });

  it('proposes the longer timeout when no move left the route the timeouts come from', () => {
    const { proposals } = reason(onTheProbe([], []));
    expect(proposals.some((p) => p.type === 'adjust_timeout')).toBe(true);
  });

  it('does not switch the route off: the probe share is what shows it recovering', () => {
    const { proposals } = reason(onTheProbe());
    expect(proposals.some((p) => p.type === 'disable_route')).toBe(false);
    // The same windows with no move in force: the 5 % is nobody's probe, and may be switched off.
    expect(reason(onTheProbe([], [])).proposals.some((p) => p.type === 'disable_route')).toBe(true);
  });

  it('keeps the probe of the issuer a shift moved, and only its', () => {
    const [first] = failovers();
    const shift = (fromRoute: string, toRoute: string): ActiveActionView => ({
      ...first!,
      action: {
        ...first!.action,
        type: 'shift_traffic',
        parameters: { issuerId: 'mastercard', fromRoute, toRoute, percentage: 0.95 },
      },
    });
    const off = (actions: ActiveActionView[]) =>
      reason(onTheProbe([], actions))
        .proposals.filter((p) => p.type === 'disable_route')
        .map((p) => p.parameters.issuerId);
    expect(off([])).toEqual(['amex', 'mastercard']);
    expect(off([shift('primary', 'backup')])).toEqual(['amex']);
    // A shift off the other route leaves this one nobody's probe.
    expect(off([shift('backup', 'primary')])).toEqual(['amex', 'mastercard']);
  });
});

describe('where the timeouts of a window are', () => {
  it('counts the timed-out attempts on routes a move in force left', () => {
    const input = onTheProbe();
    const share = timeoutsOnLeftRoutes({
      current: input.observation!.windows.at(-1)!.metrics,
      baseline: input.observation!.baselineMetrics,
      analysis: { anomalies: [], patterns: [], degraded: [] } as never,
      learning: input.learningContext,
      now: input.now,
      activeActions: failovers(),
    });
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThanOrEqual(1);
  });
});
