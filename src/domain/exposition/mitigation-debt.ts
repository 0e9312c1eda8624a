import {
  DEFAULT_CONTROL_PLANE,
  ISSUER_IDS,
  ROUTE_IDS,
  type ControlPlane,
  type IssuerId,
  type MetricsSnapshot,
  type Scenario,
  type SimulationRequest,
} from '../../contracts';
import { applyActive, effectiveShare, type ActiveAction } from '../execution';

/** How far the control plane has been moved from its defaults, and from what. */
export interface MitigationDebt {
  /** Traffic-weighted share of payments that flow over another route than by default, 0–1. */
  offDefaultShare: number;
  /** Other settings changed from default: each disabled route, retry field, timeout, rate limit. */
  changedSettings: number;
  /** offDefaultShare + changedSettings: 0 means nothing is left to unwind. */
  debt: number;
}

/** Each issuer's share of the window's payments; equal shares when the window has none. */
export function trafficShares(window: MetricsSnapshot | null): Record<IssuerId, number> {
  const counts = new Map(
    (window?.issuerMetrics ?? []).map((m) => [m.issuerId, m.transactionCount]),
  );
  const total = ISSUER_IDS.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
  const shares = {} as Record<IssuerId, number>;
  for (const id of ISSUER_IDS)
    shares[id] = total > 0 ? (counts.get(id) ?? 0) / total : 1 / ISSUER_IDS.length;
  return shares;
}

/**
 * The mitigation debt of a control plane: what the agent would have to unwind to be back at the
 * defaults. Routing counts as the share of payments sent off their default route (weighted by the
 * window's traffic, so moving half of Visa weighs more than half of Discover); every other changed
 * setting counts 1. Notifications already sent are history, not debt.
 */
export function mitigationDebt(
  plane: ControlPlane,
  window: MetricsSnapshot | null,
  defaults: ControlPlane = DEFAULT_CONTROL_PLANE,
): MitigationDebt {
  const shares = trafficShares(window);
  let offDefaultShare = 0;
  for (const issuerId of ISSUER_IDS) {
    // Total variation between the actual and the default split: the share that moved.
    const moved = ROUTE_IDS.reduce(
      (sum, routeId) =>
        sum +
        Math.abs(
          effectiveShare(plane, issuerId, routeId) - effectiveShare(defaults, issuerId, routeId),
        ),
      0,
    );
    offDefaultShare += (shares[issuerId] * moved) / 2;
  }
  offDefaultShare = Math.min(1, Math.max(0, offDefaultShare));
  const isDefaultRoute = (r: ControlPlane['disabledRoutes'][number]) =>
    defaults.disabledRoutes.some((d) => d.issuerId === r.issuerId && d.routeId === r.routeId);
  const changedSettings =
    plane.disabledRoutes.filter((r) => !isDefaultRoute(r)).length +
    Number(plane.retryPolicy.maxRetries !== defaults.retryPolicy.maxRetries) +
    Number(plane.retryPolicy.multiplier !== defaults.retryPolicy.multiplier) +
    Number(plane.retryPolicy.backoff !== defaults.retryPolicy.backoff) +
    // Absent means hard declines are retried, as by default.
    Number(
      (plane.retryPolicy.retryHardDeclines ?? true) !==
        (defaults.retryPolicy.retryHardDeclines ?? true),
    ) +
    Number(plane.timeoutMs !== defaults.timeoutMs) +
    Number(plane.rateLimit !== defaults.rateLimit);
  return { offDefaultShare, changedSettings, debt: offDefaultShare + changedSettings };
}

/** One action still in force, as the debt report lists it: what, since when, how much it moves. */
export interface DebtItem {
  recordId: string;
  actionType: ActiveAction['action']['type'];
  description: string;
  /** When it was applied, ms since the epoch, and in which window when known. */
  since: number;
  sinceWindow: number | null;
  /** When it lapses unless renewed, when it has a term. */
  expiresAt: number | null;
  /** Its own part of the debt: the routing it moves and the settings it changes. */
  offDefaultShare: number;
  changedSettings: number;
}

/** What the success rate, the cost per payment and p99 pay for the plane, against the default plane. */
export interface DebtCost {
  /** Success rate on the live plane minus on the default plane, same window (−1 to 1). */
  successRateChange: number;
  /** Relative change of the cost per payment (0.1 = 10 % dearer), when both windows report one. */
  costChange: number | null;
  /** p99 on the live plane minus on the default plane, in ms. */
  p99ChangeMs: number;
}

/** Whether the plane is the default one; notifications already sent are history, not a change. */
export function atDefaults(plane: ControlPlane, defaults: ControlPlane = DEFAULT_CONTROL_PLANE) {
  return (
    JSON.stringify(plane) ===
    JSON.stringify({ ...defaults, notificationsSent: plane.notificationsSent })
  );
}

/**
 * The simulation of the live window on the default plane: same scenario (so the same seed) and
 * same time, so the paired draws make the plane the only difference.
 */
export function defaultPlaneRequest(
  scenario: Scenario,
  window: MetricsSnapshot,
  defaults: ControlPlane = DEFAULT_CONTROL_PLANE,
): SimulationRequest {
  return { scenario, controlPlane: defaults, timestamp: window.timestamp };
}

/** The price of the changed plane: the live window against the same window on the default plane. */
export function debtCost(live: MetricsSnapshot, onDefault: MetricsSnapshot): DebtCost {
  return {
    successRateChange: live.successRate - onDefault.successRate,
    costChange:
      live.costPerTransaction !== undefined &&
      onDefault.costPerTransaction !== undefined &&
      onDefault.costPerTransaction > 0
        ? live.costPerTransaction / onDefault.costPerTransaction - 1
        : null,
    p99ChangeMs: live.latency.p99 - onDefault.latency.p99,
  };
}

/** The mitigation debt with what makes it up. */
export interface MitigationReport extends MitigationDebt {
  /** The actions in force, oldest first. */
  items: DebtItem[];
  /** Since when the plane has been off default: the oldest action in force (null when none). */
  since: number | null;
  sinceWindow: number | null;
  /** What the changed plane costs against the default plane; null without the default window. */
  cost: DebtCost | null;
}

/**
 * The mitigation debt of the live plane itemised by the actions in force: each one's own share
 * (its plane against the plane before it), since when it holds (window and time), and what the
 * whole change costs against the default plane when the same window on it is given.
 */
export function mitigationReport(input: {
  controlPlane: ControlPlane;
  activeActions: readonly ActiveAction[];
  window: MetricsSnapshot | null;
  /** The same window simulated on the default plane, for the cost. */
  defaultWindow?: MetricsSnapshot | null;
  defaults?: ControlPlane;
}): MitigationReport {
  const total = mitigationDebt(input.controlPlane, input.window, input.defaults);
  const items = input.activeActions.map((a): DebtItem => {
    const own = mitigationDebt(applyActive(a.planeBefore, a), input.window, a.planeBefore);
    return {
      recordId: a.recordId,
      actionType: a.action.type,
      description: a.action.description,
      since: a.appliedAt,
      sinceWindow: a.appliedWindow ?? null,
      expiresAt: a.expiresAt ?? null,
      offDefaultShare: own.offDefaultShare,
      changedSettings: own.changedSettings,
    };
  });
  const first = items[0];
  const base = input.defaultWindow ?? null;
  const cost = input.window && base ? debtCost(input.window, base) : null;
  return {
    ...total,
    items,
    since: first ? first.since : null,
    sinceWindow: first ? first.sinceWindow : null,
    cost,
  };
}
