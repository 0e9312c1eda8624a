import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type ControlPlane,
} from '../../../../src/contracts';
import { applyAction, type ActiveAction } from '../../../../src/domain/execution';
import {
  atDefaults,
  debtCost,
  defaultPlaneRequest,
  mitigationDebt,
  mitigationReport,
} from '../../../../src/domain/exposition';
import { simulateWindow } from '../../../../src/domain/simulation';
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
    const base = window();
    const changed = {
      ...base,
      successRate: 0.95,
      costPerTransaction: 1.1,
      latency: { ...base.latency, p99: 400 },
    };
    const onDefault = {
      ...base,
      successRate: 0.9,
      costPerTransaction: 1,
      latency: { ...base.latency, p99: 650 },
    };
    const report = mitigationReport({
      controlPlane: live,
      activeActions: active,
      window: changed,
      defaultWindow: onDefault,
    });
    expect(report.cost?.successRateChange).toBeCloseTo(0.05, 12);
    expect(report.cost?.costChange).toBeCloseTo(0.1, 12);
    expect(report.cost?.p99ChangeMs).toBe(-250);
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

describe('the price of the debt against the default plane', () => {
  it('has no cost change to state when the default window reports no cost per payment', () => {
    const live = { ...window(), costPerTransaction: 1.2 };
    const { costPerTransaction: _dropped, ...onDefault } = live;
    expect(debtCost(live, onDefault).costChange).toBeNull();
    expect(debtCost(live, { ...onDefault, costPerTransaction: 0 }).costChange).toBeNull();
  });

  it('simulates the same window on the default plane, so only the plane differs', () => {
    const scenario = {
      ...HEALTHY_SCENARIO,
      issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.4 },
    };
    const shifted = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
    });
    const live = simulateWindow(scenario, shifted, T0);
    const request = defaultPlaneRequest(scenario, live);
    expect(request).toEqual({ scenario, controlPlane: DEFAULT_CONTROL_PLANE, timestamp: T0 });
    const onDefault = simulateWindow(request.scenario, request.controlPlane, request.timestamp);
    expect(onDefault.seed).toBe(live.seed);
    // Half of a weak Visa moved to the backup: better success on the same payments.
    expect(debtCost(live, onDefault).successRateChange).toBeGreaterThan(0);
  });

  it('counts only real changes as off the defaults, not notifications already sent', () => {
    expect(atDefaults({ ...DEFAULT_CONTROL_PLANE, notificationsSent: 3 })).toBe(true);
    expect(atDefaults(plane({ timeoutMs: DEFAULT_CONTROL_PLANE.timeoutMs + 500 }))).toBe(false);
  });
});
