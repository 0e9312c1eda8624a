import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, DEFAULT_SAFETY_LIMITS } from '../../../../src/contracts';
import {
  HARD_DECLINE_CODES,
  isRetryable,
  reason,
  RETRYABLE_ERRORS,
} from '../../../../src/domain/reasoning';
import { clearGap } from '../../../../src/domain/reasoning/route-relapse';
import { paymentRatio } from '../../../../src/domain/reasoning/planner-routing';
import { activeShift, HEALTHY_ERRORS, observe, planeWith, visaSplit } from './observations';
import { healthyIssuers, makeInput, makeSnapshot, withIssuers } from './snapshots';
import { simulated } from './simulated';

describe('processor failover as one action', () => {
  const { current, baseline } = simulated('processorOutage');

  it('proposes one failover of every issuer off the failing primary and selects it', () => {
    const { proposals, decision } = reason(makeInput(current, baseline));
    const failovers = proposals.filter((p) => p.type === 'failover_processor');
    expect(failovers).toHaveLength(1);
    expect(failovers[0]?.parameters).toEqual({
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.5,
    });
    expect(decision.selectedAction.type).toBe('failover_processor');
  });

  it('keeps the failover within a stricter per-action cap', () => {
    const limits = { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 };
    const failover = reason({ ...makeInput(current, baseline), limits }).proposals.find(
      (p) => p.type === 'failover_processor',
    );
    expect(failover?.parameters.percentage).toBe(0.3);
  });

  it('proposes no failover when a single issuer’s route fails', () => {
    const { current: c, baseline: b } = simulated('issuerOnPrimary');
    expect(reason(makeInput(c, b)).proposals.some((p) => p.type === 'failover_processor')).toBe(
      false,
    );
  });
});

describe('unwinding a shift after the route it left recovers', () => {
  const shift = activeShift('rec-visa-1', 'visa', 0.5);

  it('proposes unwinding half first, and selects it', () => {
    const input = observe([visaSplit(0.5, 0.99)], {
      controlPlane: planeWith({ visa: { primary: 0.5, backup: 0.5 } }),
      activeActions: [shift],
    });
    const { proposals, decision } = reason(input);
    const unwinds = proposals.filter((p) => p.type === 'unwind_action');
    expect(unwinds.map((p) => p.parameters)).toEqual([
      { actionRecordId: 'rec-visa-1', fraction: 0.5 },
    ]);
    expect(decision.selectedAction.type).toBe('unwind_action');
    expect(decision.selectedAction.parameters.fraction).toBe(0.5);
  });

  it('proposes unwinding the rest once half is back', () => {
    const input = observe([visaSplit(0.75, 0.99)], {
      controlPlane: planeWith({ visa: { primary: 0.75, backup: 0.25 } }),
      activeActions: [shift],
    });
    const unwind = reason(input).proposals.find((p) => p.type === 'unwind_action');
    expect(unwind?.parameters).toEqual({ actionRecordId: 'rec-visa-1', fraction: 1 });
  });

  it('expects no gain from moving back between two healthy routes, and one in payments off a weaker one', () => {
    const plane = planeWith({ visa: { primary: 0.5, backup: 0.5 } });
    const unwindOn = (backupSuccess: number) =>
      reason(
        observe([visaSplit(0.5, 0.99, backupSuccess)], {
          controlPlane: plane,
          activeActions: [shift],
        }),
      ).proposals.find((p) => p.type === 'unwind_action');
    // A point apart is the two samples' noise: nothing to gain, nothing the judge could hold against it.
    expect(unwindOn(0.98)?.estimatedImpact.successRateChange).toBe(0);
    const window = visaSplit(0.5, 0.99, 0.962);
    const visa = window.issuerMetrics.find((m) => m.issuerId === 'visa')!;
    const share = visa.transactionCount / window.totalTransactions;
    const gain = unwindOn(0.962)?.estimatedImpact.successRateChange ?? 0;
    // Half of the half still moved comes back, of Visa's share of payments, less the noise.
    const [primary, backup] = ['primary', 'backup'].map((id) =>
      visa.routes!.find((r) => r.routeId === id)!,
    );
    const clear = clearGap(primary!, backup!);
    expect(clear).toBeGreaterThan(0);
    expect(clear).toBeLessThan(0.99 - 0.962);
    const expected = share * 0.5 * 0.5 * clear * paymentRatio(visa.routes, visa.successRate);
    expect(gain).toBeGreaterThan(0);
    expect(gain).toBeCloseTo(expected, 6);
  });

  it('watches a route that is still failing on its probe share, and keeps the shift', () => {
    const input = observe([visaSplit(0.5, 0.7)], {
      controlPlane: planeWith({ visa: { primary: 0.5, backup: 0.5 } }),
      activeActions: [shift],
    });
    expect(reason(input).proposals.some((p) => p.type === 'unwind_action')).toBe(false);
  });

  it('moves the traffic back at once when the destination degraded after the move', () => {
    const input = observe([visaSplit(0.5, 0.99, 0.85)], {
      controlPlane: planeWith({ visa: { primary: 0.5, backup: 0.5 } }),
      activeActions: [shift],
    });
    const unwind = reason(input).proposals.find((p) => p.type === 'unwind_action');
    expect(unwind?.parameters).toEqual({ actionRecordId: 'rec-visa-1', fraction: 1 });
    expect(unwind?.rationale).toContain('degraded after the move');
  });

  it('asks for a step of its own when the rest equals a shift still in force', () => {
    // A 50 % shift was half unwound, a 25 % shift added; the route failed again and carries 30 %:
    // its rest is 25 %, the very shift in force, which would only be renewed and move nothing.
    const earlier = activeShift('rec-visa-1', 'visa', 0.5);
    const second = activeShift('rec-visa-2', 'visa', 0.25);
    const input = observe([visaSplit(0.3, 0.5)], {
      controlPlane: planeWith({ visa: { primary: 0.3, backup: 0.7 } }),
      activeActions: [earlier, second],
    });
    const shifts = reason(input).proposals.filter(
      (p) => p.type === 'shift_traffic' && p.parameters.issuerId === 'visa',
    );
    expect(shifts.map((p) => p.parameters.percentage)).toEqual([0.24]);
  });

  it('proposes no unwind for a shift the plane shows already undone', () => {
    const input = observe([makeSnapshot()], {
      controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
      activeActions: [shift],
    });
    expect(reason(input).proposals.some((p) => p.type === 'unwind_action')).toBe(false);
  });
});

describe('unwinding off a route that flaps', () => {
  const shift = activeShift('rec-visa-1', 'visa', 0.5);
  const plane = planeWith({ visa: { primary: 0.5, backup: 0.5 } });
  const bad = visaSplit(0.5, 0.6);
  const good = visaSplit(0.5, 0.99);
  const unwindsOf = (windows: ReturnType<typeof visaSplit>[]) =>
    reason(observe(windows, { controlPlane: plane, activeActions: [shift] })).proposals.filter(
      (p) => p.type === 'unwind_action',
    );

  it('keeps the shift while the route has not stayed healthy longer than before its relapse', () => {
    // Failed, recovered for two windows, failed again, now healthy for two: no proof yet.
    const windows = [bad, good, good, bad, good, good];
    expect(unwindsOf(windows)).toEqual([]);
    const { decision } = reason(observe(windows, { controlPlane: plane, activeActions: [shift] }));
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.selectedAction.description).toBe(
      'Keep the move and watch: visa on primary failed again after recovering before: healthy for 2 windows now, traffic goes back after 3 windows',
    );
  });

  it('says once what two moves off the same flapping route wait for', () => {
    const second = activeShift('rec-visa-2', 'visa', 0.25);
    const windows = [bad, good, good, bad, good, good];
    const { decision } = reason(
      observe(windows, { controlPlane: plane, activeActions: [shift, second] }),
    );
    expect(decision.selectedAction.description.match(/failed again/g)).toHaveLength(1);
  });

  it('unwinds once the route outlasts its last relapsed recovery', () => {
    const unwinds = unwindsOf([bad, good, good, bad, good, good, good]);
    expect(unwinds.map((p) => p.parameters)).toEqual([
      { actionRecordId: 'rec-visa-1', fraction: 0.5 },
    ]);
  });

  it('unwinds after one healthy window when the route never relapsed in view', () => {
    expect(unwindsOf([bad, bad, good])).toHaveLength(1);
  });

  it('holds a failover off a flapping route and names the route alone', () => {
    const base = activeShift('rec-failover-1', 'visa', 0.5);
    const failover = {
      ...base,
      action: {
        ...base.action,
        type: 'failover_processor' as const,
        category: 'traffic_routing' as const,
        parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
      },
    };
    const split = (primarySuccess: number) =>
      makeSnapshot({
        issuers: healthyIssuers().map((i) => ({
          ...i,
          routes: [
            { routeId: 'primary' as const, share: 0.5, successRate: primarySuccess },
            { routeId: 'backup' as const, share: 0.5, successRate: 0.99 },
          ],
        })),
      });
    const everyHalf = { primary: 0.5, backup: 0.5 };
    const input = observe([split(0.6), split(0.99), split(0.6), split(0.99)], {
      controlPlane: planeWith({
        visa: everyHalf,
        mastercard: everyHalf,
        amex: everyHalf,
        discover: everyHalf,
      }),
      activeActions: [failover],
    });
    const { proposals, decision } = reason(input);
    expect(proposals.some((p) => p.type === 'unwind_action')).toBe(false);
    expect(decision.selectedAction.description).toContain(
      'watch: primary failed again after recovering before',
    );
  });

  it('brings a move of a quarter or less back in one step', () => {
    const small = activeShift('rec-visa-2', 'visa', 0.2);
    const input = observe([visaSplit(0.8, 0.99)], {
      controlPlane: planeWith({ visa: { primary: 0.8, backup: 0.2 } }),
      activeActions: [small],
    });
    const unwind = reason(input).proposals.find((p) => p.type === 'unwind_action');
    expect(unwind?.parameters).toEqual({ actionRecordId: 'rec-visa-2', fraction: 1 });
  });
});

describe('hard declines and the retry table', () => {
  it('marks hard declines as not worth a retry and soft failures as worth one', () => {
    expect(isRetryable('INSUFFICIENT_FUNDS')).toBe(false);
    expect(isRetryable('DO_NOT_HONOR')).toBe(false);
    expect(isRetryable('TIMEOUT')).toBe(true);
    expect(isRetryable('ISSUER_UNAVAILABLE')).toBe(true);
    expect(isRetryable('SOME_NEW_CODE')).toBe(true);
    expect([...HARD_DECLINE_CODES].sort()).toEqual(['DO_NOT_HONOR', 'INSUFFICIENT_FUNDS']);
    expect(Object.keys(RETRYABLE_ERRORS)).toContain('RATE_LIMITED');
  });

  const declines = makeSnapshot({
    issuers: withIssuers(
      ...['visa', 'mastercard', 'amex', 'discover'].map((id) => ({
        id,
        successRate: 0.9,
        retryRatio: 0.08,
        errors: { ...HEALTHY_ERRORS, INSUFFICIENT_FUNDS: 0.05, DO_NOT_HONOR: 0.04 },
      })),
    ),
  });

  it('proposes to stop retrying hard declines, keeping the plane’s retries for soft failures', () => {
    const stop = reason(observe([declines])).proposals.find(
      (p) => p.type === 'adjust_retry_policy' && p.parameters.retryHardDeclines === false,
    );
    expect(stop?.parameters).toEqual({ maxRetries: 3, multiplier: 2, retryHardDeclines: false });
  });

  it('does not propose it again when the plane already stops retrying hard declines', () => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    plane.retryPolicy.retryHardDeclines = false;
    const proposals = reason(observe([declines], { controlPlane: plane })).proposals;
    expect(proposals.some((p) => p.parameters.retryHardDeclines === false)).toBe(false);
  });

  it('does not propose it when hard declines are at their baseline share', () => {
    const proposals = reason(observe([makeSnapshot()])).proposals;
    expect(proposals.some((p) => p.parameters.retryHardDeclines === false)).toBe(false);
  });
});

describe('no proposal the windows show cannot help', () => {
  it('proposes no backoff when the plane already enforces it', () => {
    const { current, baseline } = simulated('retryStorm');
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    expect(
      reason(observe([current], { baseline, controlPlane: plane })).proposals.some(
        (p) => p.type === 'implement_backoff',
      ),
    ).toBe(true);
    plane.retryPolicy.backoff = true;
    expect(
      reason(observe([current], { baseline, controlPlane: plane })).proposals.some(
        (p) => p.type === 'implement_backoff',
      ),
    ).toBe(false);
  });
});
