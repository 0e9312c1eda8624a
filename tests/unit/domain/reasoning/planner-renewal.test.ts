import { describe, expect, it } from 'vitest';
import {
  EMPTY_LEARNING_CONTEXT,
  WINDOW_DURATION_MS,
  type ActiveActionView,
  type ControlPlane,
  type MetricsSnapshot,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import {
  LAPSE_RISK,
  RENEWAL_LEAD_WINDOWS,
  RENEWAL_RISK,
  renewalDrafts,
  windowsLeft,
} from '../../../../src/domain/reasoning/planner-renewal';
import { paymentRatio } from '../../../../src/domain/reasoning/planner-routing';
import type { PlanInput } from '../../../../src/domain/reasoning/planner-types';
import { activeShift, observe, planeWith, visaSplit } from './observations';
import { makeSnapshot, withIssuers } from './snapshots';

const NOW = 1_700_000_000_000;

/** A 50 % shift of Visa in force whose term ends at window `expiresWindow`. */
function shiftEnding(expiresWindow: number): ActiveActionView {
  return { ...activeShift('rec-visa-1', 'visa', 0.5), appliedWindow: 0, expiresWindow };
}

const PLANE = planeWith({ visa: { primary: 0.5, backup: 0.5 } });

/** `n` windows of Visa still failing on the half of its traffic the shift left on the primary. */
const stillFailing = (n: number) => Array.from({ length: n }, () => visaSplit(0.5, 0.7));

/** What the planner reads: windows 0…n−1 shown, the last the current one (no patterns needed). */
function planInput(
  windows: MetricsSnapshot[],
  activeActions: ActiveActionView[],
  controlPlane: ControlPlane = PLANE,
): PlanInput {
  return {
    now: NOW,
    current: windows[windows.length - 1]!,
    baseline: makeSnapshot(),
    analysis: { patterns: [], degraded: [] },
    learning: EMPTY_LEARNING_CONTEXT,
    windows,
    controlPlane,
    activeActions,
    currentWindow: windows.length - 1,
  };
}

/** Visa's share of payments, primary and backup route in a snapshot. */
function visaOf(snapshot: MetricsSnapshot) {
  const visa = snapshot.issuerMetrics.find((m) => m.issuerId === 'visa')!;
  const route = (id: string) => visa.routes!.find((r) => r.routeId === id)!;
  return {
    share: visa.transactionCount / snapshot.totalTransactions,
    primary: route('primary'),
    backup: route('backup'),
  };
}

function renewalsOf(result: ReturnType<typeof reason>) {
  return result.proposals.filter((p) => p.description.startsWith('Renew:'));
}

describe('renewing a move still needed before its term ends', () => {
  it('re-proposes the shift with the gain, latency and cost of keeping it against its lapse', () => {
    const windows = stillFailing(4);
    const [renewal] = renewalDrafts(planInput(windows, [shiftEnding(4)]), new Set());
    const { share, primary, backup } = visaOf(windows[3]!);
    const moved = share * 0.5;
    expect(renewal?.pattern).toBe('issuer_degradation');
    expect(renewal?.draft.type).toBe('shift_traffic');
    expect(renewal?.draft.parameters).toEqual(shiftEnding(4).action.parameters);
    expect(renewal?.draft.description).toBe('Renew: move 50% of visa from primary to backup');
    expect(renewal?.draft.prerequisites).toEqual(['action rec-visa-1 still in force']);
    expect(renewal?.draft.reversible).toBe(true);
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(
      moved * (backup.successRate - primary.successRate),
      6,
    );
    expect(renewal?.draft.impact.latencyImpact).toBeCloseTo(
      moved * (backup.latency.p99 - primary.latency.p99),
      2,
    );
    expect(renewal?.draft.impact.costImpact).toBeCloseTo(moved * 0.3, 6);
    expect(renewal?.draft.impact.riskLevel).toBe(RENEWAL_RISK);
    expect(renewal?.draft.rationale).toMatch(
      /^its term ends in 1 window\(s\) and visa on primary still fails \(/,
    );
    expect(renewal?.draft.context).toBe('fault=route;route=backup;headroom=na;share=medium');
  });

  it('keeps only what is still in force of a shift unwound in part', () => {
    const windows = stillFailing(3);
    const half = { ...shiftEnding(3), remaining: 0.4 };
    const [renewal] = renewalDrafts(planInput(windows, [half]), new Set());
    const { share, primary, backup } = visaOf(windows[2]!);
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(
      share * 0.5 * 0.4 * (backup.successRate - primary.successRate),
      6,
    );
  });

  it('is selected by the agent, filed under the pattern its action answered', () => {
    const result = reason(
      observe(stillFailing(4), { controlPlane: PLANE, activeActions: [shiftEnding(4)] }),
    );
    const [renewal] = renewalsOf(result);
    expect(result.decision.selectedAction.id).toBe(renewal?.id);
    // The system looks calm now, yet the renewal answers what its shift answered.
    expect(result.decision.pattern).toBe('issuer_degradation');
  });

  it('waits until the term ends within the lead', () => {
    const far = 3 + RENEWAL_LEAD_WINDOWS + 1;
    const windows = stillFailing(4);
    expect(renewalDrafts(planInput(windows, [shiftEnding(far)]), new Set())).toEqual([]);
    expect(renewalDrafts(planInput(windows, [shiftEnding(far - 1)]), new Set())).toHaveLength(1);
  });

  it('leaves a move being unwound, and one whose route left is healthy and trusted, to lapse', () => {
    const windows = stillFailing(4);
    expect(renewalDrafts(planInput(windows, [shiftEnding(4)]), new Set(['rec-visa-1']))).toEqual(
      [],
    );
    // Failed, then recovered and held: trusted, though the windows shown still hold the failure.
    const recovered = [visaSplit(0.5, 0.7), visaSplit(0.5, 0.99), visaSplit(0.5, 0.99)];
    expect(renewalDrafts(planInput(recovered, [shiftEnding(3)]), new Set())).toEqual([]);
    const healthy = Array.from({ length: 4 }, () => visaSplit(0.5, 0.99, 0.985));
    expect(renewalDrafts(planInput(healthy, [shiftEnding(4)]), new Set())).toEqual([]);
    const result = reason(
      observe(healthy, { controlPlane: PLANE, activeActions: [shiftEnding(4)] }),
    );
    expect(renewalsOf(result)).toEqual([]);
    expect(result.decision.selectedAction.type).toBe('unwind_action');
  });

  it('renews a move off a route that recovered only after failing again, for the gap over the windows', () => {
    const successes = [0.99, 0.6, 0.99, 0.6, 0.99];
    const flap = successes.map((s) => visaSplit(0.5, s));
    const [renewal] = renewalDrafts(planInput(flap, [shiftEnding(5)]), new Set());
    expect(renewal?.draft.rationale).toContain(
      'visa on primary recovered only 1 of the 2 windows it needs after failing again',
    );
    const routes = flap.map((w) => visaOf(w).primary.successRate);
    const mean = routes.reduce((a, b) => a + b, 0) / routes.length;
    const { share, backup } = visaOf(flap[4]!);
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(
      share * 0.5 * (backup.successRate - mean),
      6,
    );
    expect(renewal?.draft.rationale).toContain('over the last 5 windows');
  });

  it('counts only the windows where the route left carried enough to tell in that gap', () => {
    const thin = visaSplit(0.001, 0.2);
    const windows = [thin, visaSplit(0.5, 0.7), visaSplit(0.5, 0.8)];
    const [renewal] = renewalDrafts(planInput(windows, [shiftEnding(3)]), new Set());
    const mean =
      (visaOf(windows[1]!).primary.successRate + visaOf(windows[2]!).primary.successRate) / 2;
    const { share, backup } = visaOf(windows[2]!);
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(
      share * 0.5 * (backup.successRate - mean),
      6,
    );
    expect(renewal?.draft.rationale).toContain('over the last 2 windows');
  });

  it('needs enough traffic on both routes to compare, and a gap to keep', () => {
    const thinLeft = Array.from({ length: 3 }, () => visaSplit(0.001, 0.5));
    const thinPlane = planeWith({ visa: { primary: 0.001, backup: 0.999 } });
    expect(renewalDrafts(planInput(thinLeft, [shiftEnding(3)], thinPlane), new Set())).toEqual([]);
    // Few payments in all: the probe on the primary is seen, the backup's share of them is not.
    const small = Array.from({ length: 3 }, () =>
      makeSnapshot({
        total: 100,
        issuers: withIssuers({
          id: 'visa',
          successRate: 0.8,
          routes: [
            { routeId: 'primary', share: 0.9, successRate: 0.8 },
            { routeId: 'backup', share: 0.1, successRate: 0.99 },
          ],
        }),
      }),
    );
    const mostlyBack = planeWith({ visa: { primary: 0.9, backup: 0.1 } });
    expect(renewalDrafts(planInput(small, [shiftEnding(3)], mostlyBack), new Set())).toEqual([]);
    // The backup does no better than the primary beyond noise: keeping the move buys nothing.
    const same = Array.from({ length: 3 }, () => visaSplit(0.5, 0.7, 0.715));
    expect(renewalDrafts(planInput(same, [shiftEnding(3)]), new Set())).toEqual([]);
    const better = Array.from({ length: 3 }, () => visaSplit(0.5, 0.7, 0.73));
    expect(renewalDrafts(planInput(better, [shiftEnding(3)]), new Set())).toHaveLength(1);
  });

  it('does not renew a move the plane shows almost wholly undone', () => {
    // 2 of the 50 points moved are still off the primary: 4 % of the shift, below 5 %.
    const windows = Array.from({ length: 3 }, () => visaSplit(0.98, 0.7));
    const undone = planeWith({ visa: { primary: 0.98, backup: 0.02 } });
    expect(renewalDrafts(planInput(windows, [shiftEnding(3)], undone), new Set())).toEqual([]);
    const part = planeWith({ visa: { primary: 0.97, backup: 0.03 } });
    const partWindows = Array.from({ length: 3 }, () => visaSplit(0.97, 0.7));
    expect(renewalDrafts(planInput(partWindows, [shiftEnding(3)], part), new Set())).toHaveLength(
      1,
    );
  });

  it("counts the payments of the shifted issuer, not another's", () => {
    const amexSplit = makeSnapshot({
      issuers: withIssuers({
        id: 'amex',
        successRate: 0.85,
        routes: [
          { routeId: 'primary', share: 0.5, successRate: 0.7 },
          { routeId: 'backup', share: 0.5, successRate: 0.99 },
        ],
      }),
    });
    const amexShift = { ...activeShift('rec-amex', 'amex', 0.5), expiresWindow: 2 };
    const windows = [amexSplit, amexSplit, amexSplit];
    const plane = planeWith({ amex: { primary: 0.5, backup: 0.5 } });
    const [renewal] = renewalDrafts(planInput(windows, [amexShift], plane), new Set());
    const amex = amexSplit.issuerMetrics.find((m) => m.issuerId === 'amex')!;
    const routes = amex.routes!;
    // In payments: retries rescue some of the attempts that failed.
    const ratio = paymentRatio(routes, amex.successRate);
    expect(ratio).toBeLessThan(1);
    const gap = (routes[1]!.successRate - routes[0]!.successRate) * ratio;
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(
      (amex.transactionCount / amexSplit.totalTransactions) * 0.5 * gap,
      6,
    );
  });

  it('costs nothing extra to keep a move onto the primary', () => {
    const offBackup: ActiveActionView = {
      ...activeShift('rec-visa-b', 'visa', 0.5, 'backup'),
      expiresWindow: 3,
      remaining: 1,
    };
    const windows = Array.from({ length: 3 }, () => visaSplit(0.5, 0.99, 0.7));
    const [renewal] = renewalDrafts(planInput(windows, [offBackup]), new Set());
    expect(renewal?.draft.impact.costImpact).toBe(0);
    expect(renewal?.draft.impact.successRateChange).toBeGreaterThan(0);
  });

  it('renews a failover for every payment it keeps off the route', () => {
    const failover: ActiveActionView = {
      ...activeShift('rec-fo', 'visa', 0.5),
      expiresWindow: 3,
      action: {
        ...activeShift('rec-fo', 'visa', 0.5).action,
        type: 'failover_processor',
        description: 'fail over 50%',
        parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
      },
      remaining: 0.8,
    };
    const windows = Array.from({ length: 3 }, () =>
      makeSnapshot({
        issuers: withIssuers(
          ...['visa', 'mastercard', 'amex', 'discover'].map((id) => ({
            id,
            successRate: 0.85,
            routes: [
              { routeId: 'primary' as const, share: 0.5, successRate: 0.7 },
              { routeId: 'backup' as const, share: 0.5, successRate: 0.99 },
            ],
          })),
        ),
      }),
    );
    const [renewal] = renewalDrafts(planInput(windows, [failover]), new Set());
    const routes = windows[2]!.routeMetrics!;
    const ratio = paymentRatio(routes, windows[2]!.successRate);
    const gap =
      (routes.find((r) => r.routeId === 'backup')!.successRate -
        routes.find((r) => r.routeId === 'primary')!.successRate) *
      ratio;
    expect(renewal?.draft.impact.successRateChange).toBeCloseTo(0.5 * 0.8 * gap, 6);
    expect(renewal?.draft.rationale).toContain('and primary still fails');
  });

  it('makes waiting riskier by LAPSE_RISK while a needed action is about to lapse', () => {
    const near = reason(
      observe(stillFailing(4), { controlPlane: PLANE, activeActions: [shiftEnding(4)] }),
    );
    const far = reason(
      observe(stillFailing(4), { controlPlane: PLANE, activeActions: [shiftEnding(40)] }),
    );
    const riskOf = (r: ReturnType<typeof reason>) =>
      r.proposals.find((p) => p.type === 'do_nothing')?.estimatedImpact.riskLevel ?? NaN;
    expect(riskOf(near) - riskOf(far)).toBeCloseTo(LAPSE_RISK, 6);
    expect(near.proposals.find((p) => p.type === 'do_nothing')?.rationale).toContain(
      'lets 1 action(s) still needed lapse at the end of their term',
    );
  });
});

describe('renewing a damper while the trouble it damps goes on', () => {
  const backoff: ActiveActionView = {
    recordId: 'rec-backoff',
    pattern: 'retry_storm',
    appliedAt: NOW,
    appliedWindow: 0,
    expiresWindow: 4,
    reason: 'retry storm',
    action: {
      id: 'action_backoff',
      category: 'retry_policy',
      type: 'implement_backoff',
      description: 'Enforce exponential backoff between retries',
      parameters: { enabled: true },
      estimatedImpact: { successRateChange: 0.05, latencyImpact: 0, costImpact: 0, riskLevel: 0.2 },
      prerequisites: [],
      reversible: true,
    },
  };

  it('renews it, promising no gain, while the windows are not calm', () => {
    const stormy = Array.from({ length: 4 }, () =>
      makeSnapshot({ issuers: withIssuers({ id: 'visa', retryRatio: 0.4 }) }),
    );
    const [renewal] = renewalDrafts(planInput(stormy, [backoff]), new Set());
    expect(renewal?.pattern).toBe('retry_storm');
    expect(renewal?.draft.type).toBe('implement_backoff');
    expect(renewal?.draft.impact).toEqual({
      successRateChange: 0,
      latencyImpact: 0,
      costImpact: 0,
      riskLevel: RENEWAL_RISK,
    });
    expect(renewal?.draft.rationale).toMatch(
      /^its term ends in 1 window\(s\) and the trouble it damps goes on \(retries /,
    );
    expect(renewal?.draft.context).toBe('fault=none;route=any;headroom=na;share=na');
  });

  it('lets it lapse once the windows are calm', () => {
    const calm = [makeSnapshot(), makeSnapshot()];
    expect(renewalDrafts(planInput(calm, [{ ...backoff, expiresWindow: 2 }]), new Set())).toEqual(
      [],
    );
  });

  it('never renews an action it cannot judge the need of (a disabled route)', () => {
    const disabled: ActiveActionView = {
      ...backoff,
      recordId: 'rec-off',
      action: {
        ...backoff.action,
        type: 'disable_route',
        parameters: { issuerId: 'visa', routeId: 'primary' },
      },
    };
    const stormy = Array.from({ length: 4 }, () =>
      makeSnapshot({ issuers: withIssuers({ id: 'visa', retryRatio: 0.4 }) }),
    );
    expect(renewalDrafts(planInput(stormy, [disabled]), new Set())).toEqual([]);
  });
});

describe('how long an action has left', () => {
  const plan: PlanInput = {
    now: NOW,
    current: makeSnapshot(),
    baseline: makeSnapshot(),
    analysis: { patterns: [], degraded: [] },
    learning: EMPTY_LEARNING_CONTEXT,
  };

  it('reads the term by window when both know theirs, by time (whole windows, up) otherwise', () => {
    const view = { ...shiftEnding(10), expiresAt: NOW + 2.5 * WINDOW_DURATION_MS };
    expect(windowsLeft(view, { ...plan, currentWindow: 7 })).toBe(3);
    expect(windowsLeft(view, plan)).toBe(3);
    expect(windowsLeft({ ...view, expiresAt: NOW + 100 * WINDOW_DURATION_MS }, plan)).toBe(100);
    const { expiresWindow: _dropped, ...timeOnly } = view;
    expect(windowsLeft(timeOnly, { ...plan, currentWindow: 7 })).toBe(3);
    expect(windowsLeft(activeShift('r', 'visa', 0.5), plan)).toBeNull();
  });
});
