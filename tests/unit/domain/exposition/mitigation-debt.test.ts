import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type ControlPlane } from '../../../../src/contracts';
import { mitigationDebt } from '../../../../src/domain/exposition';
import { makeSnapshot } from '../../support/factories';

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
