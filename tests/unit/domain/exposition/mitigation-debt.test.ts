import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type ControlPlane } from '../../../../src/contracts';
import { applyAction, type ActiveAction } from '../../../../src/domain/execution';
import { mitigationDebt, mitigationReport } from '../../../../src/domain/exposition';
import { makeDecision, makeSnapshot, T0 } from '../../support/factories';

/** A window whose payments split 60/20/10/10 between visa, mastercard, amex and discover. */
function window() {
  const base = makeSnapshot();
  const visa = base.issuerMetrics[0]!;
  const shares = { visa: 600, mastercard: 200, amex: 100, discover: 100 };
  return {
    ...base,
    issuerMetrics: Object.entries(shares).map(([issuerId, transactionCount]) => ({
      ...visa,
      issuerId,
      issuerName: issuerId,
      transactionCount,
    })),
  };
}

function plane(change: Partial<ControlPlane>): ControlPlane {
  return { ...DEFAULT_CONTROL_PLANE, ...change };
}

describe('mitigationDebt', () => {
  it('is zero for the default control plane', () => {
    expect(mitigationDebt(DEFAULT_CONTROL_PLANE, window())).toEqual({
      offDefaultShare: 0,
      changedSettings: 0,
      debt: 0,
    });
  });

  it("weighs moved routing by the issuer's share of the window's payments", () => {
    const halfVisa = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
    });
    expect(mitigationDebt(halfVisa, window()).offDefaultShare).toBeCloseTo(0.3, 12);
    const halfDiscover = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, discover: { primary: 0.5, backup: 0.5 } },
    });
    expect(mitigationDebt(halfDiscover, window()).offDefaultShare).toBeCloseTo(0.05, 12);
    // Without a window every issuer weighs the same.
    expect(mitigationDebt(halfDiscover, null).offDefaultShare).toBeCloseTo(0.125, 12);
  });

  it('counts a disabled route as moved traffic and as a changed setting', () => {
    const noAmexPrimary = plane({ disabledRoutes: [{ issuerId: 'amex', routeId: 'primary' }] });
    const debt = mitigationDebt(noAmexPrimary, window());
    expect(debt.offDefaultShare).toBeCloseTo(0.1, 12);
    expect(debt.changedSettings).toBe(1);
    expect(debt.debt).toBeCloseTo(1.1, 12);
    // Disabling a route that carried nothing moves no traffic, but is still a setting to undo.
    const noBackup = plane({ disabledRoutes: [{ issuerId: 'visa', routeId: 'backup' }] });
    expect(mitigationDebt(noBackup, window())).toEqual({
      offDefaultShare: 0,
      changedSettings: 1,
      debt: 1,
    });
  });

  it('counts each retry, timeout and rate-limit setting changed, but not notifications sent', () => {
    const changed = plane({
      retryPolicy: { maxRetries: 1, multiplier: 1, backoff: true },
      timeoutMs: 1500,
      rateLimit: 2,
      notificationsSent: 4,
    });
    expect(mitigationDebt(changed, window())).toEqual({
      offDefaultShare: 0,
      changedSettings: 5,
      debt: 5,
    });
    expect(mitigationDebt(plane({ notificationsSent: 9 }), window()).debt).toBe(0);
  });
});

describe('mitigationReport', () => {
  const shiftVisa = makeDecision({
    type: 'shift_traffic',
    parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
  });
  const timeout = makeDecision({ type: 'adjust_timeout', parameters: { timeoutMs: 1500 } });
  const afterShift = applyAction(DEFAULT_CONTROL_PLANE, shiftVisa.selectedAction);
  const live = applyAction(afterShift, timeout.selectedAction);
  const active: ActiveAction[] = [
    {
      action: shiftVisa.selectedAction,
      pattern: 'issuer_degradation',
      planeBefore: DEFAULT_CONTROL_PLANE,
      appliedAt: T0,
      appliedWindow: 2,
      expiresAt: T0 + 1_800_000,
      recordId: 'r-shift',
      decision: shiftVisa,
    },
    {
      action: timeout.selectedAction,
      pattern: 'latency_spike',
      planeBefore: afterShift,
      appliedAt: T0 + 60_000,
      recordId: 'r-timeout',
      decision: timeout,
    },
  ];

  it('itemises what is still changed, since when, each with its own share of the debt', () => {
    const report = mitigationReport({
      controlPlane: live,
      activeActions: active,
      window: window(),
    });
    expect(report.debt).toBeCloseTo(1.3, 12);
    expect(report.since).toBe(T0);
    expect(report.sinceWindow).toBe(2);
    expect(report.items.map((i) => [i.recordId, i.sinceWindow, i.expiresAt])).toEqual([
      ['r-shift', 2, T0 + 1_800_000],
      ['r-timeout', null, null],
    ]);
    expect(report.items[0]?.offDefaultShare).toBeCloseTo(0.3, 12);
    expect(report.items[0]?.changedSettings).toBe(0);
    expect(report.items[1]?.offDefaultShare).toBe(0);
    expect(report.items[1]?.changedSettings).toBe(1);
    expect(report.cost).toBeNull();
  });

  it('prices the changed plane against the same window on the default plane', () => {
    const changed = { ...window(), successRate: 0.95, costPerTransaction: 1.1 };
    const onDefault = { ...window(), successRate: 0.9, costPerTransaction: 1 };
    const report = mitigationReport({
      controlPlane: live,
      activeActions: active,
      window: changed,
      defaultWindow: onDefault,
    });
    expect(report.cost?.successRateChange).toBeCloseTo(0.05, 12);
    expect(report.cost?.costChange).toBeCloseTo(0.1, 12);
  });

  it('owes nothing when no action is in force', () => {
    const report = mitigationReport({
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActions: [],
      window: window(),
    });
    expect(report).toMatchObject({ debt: 0, items: [], since: null, sinceWindow: null });
  });

  it('counts a retry policy that stops retrying hard declines as a changed setting', () => {
    const retryPolicy = { ...DEFAULT_CONTROL_PLANE.retryPolicy, retryHardDeclines: false };
    expect(mitigationDebt(plane({ retryPolicy }), window()).changedSettings).toBe(1);
    const explicitDefault = { ...DEFAULT_CONTROL_PLANE.retryPolicy, retryHardDeclines: true };
    expect(mitigationDebt(plane({ retryPolicy: explicitDefault }), window()).debt).toBe(0);
  });
});
