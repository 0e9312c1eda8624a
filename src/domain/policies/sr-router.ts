/**
 * A success-rate router after Juspay's decision engine (github.com/juspay/decision-engine), read
 * in src/decider/gatewaydecider/gw_scoring.rs (the SR v3 scoring: `reset_sr_v3_score`, the
 * exploration draw in the scoring flow), src/decider/gatewaydecider/constants.rs
 * (DEFAULT_SR_V3_BASED_BUCKET_SIZE = 125, DEFAULT_SR_V3_BASED_HEDGING_PERCENT = 5.0, upper and
 * lower reset factors 3.0), src/decider/gatewaydecider/utils.rs (`route_random_traffic_to_explore`:
 * a draw in [0, 100) under the hedging percent explores) and src/feedback/gateway_scoring_service.rs
 * (`isGwLatencyWithinConfiguredThreshold`: only a success within the latency threshold is a
 * reward). Each route of each issuer keeps a sliding window of its last 125 outcomes, starting all
 * successes; its score is the window's success share; a route more than 3σ below the leader
 * (σ² = max(p(1 − p), 0.09) / 125, p the leader's score) is refilled with the engine's evenly
 * spread pattern so that it is explored again. The lab routes shares of a window, not single
 * payments, so the router moves an issuer's traffic when the route it mostly uses falls more than
 * 3σ below the leader (the engine's own test of "clearly worse"), and explores with a 5 % draw per
 * decision by probing a random issuer's least-used route with a quarter of its traffic.
 */
import {
  ISSUER_IDS,
  ROUTE_IDS,
  type IssuerId,
  type Latency,
  type MetricsSnapshot,
  type RouteId,
} from '../../contracts';
import type { Policy } from './policy';
import { DO_NOTHING_ACTION, policyDecision } from './policy-decision';

/** Outcomes each route's window holds (decision-engine's default bucket size). */
export const SR_BUCKET_SIZE = 125;
/** Share of decisions that explore (decision-engine's default hedging percent, 5 %). */
export const SR_EXPLORATION = 0.05;
/** σ multiple below the leader at which a route is refilled (the engine's reset factors). */
export const SR_RESET_FACTOR = 3;
/** Latency above which a success earns no reward, ms: three times the healthy p95. */
export const SR_LATENCY_THRESHOLD_MS = 1500;
/** Share of an issuer's traffic an exploration probe sends to its least-used route. */
export const SR_PROBE_SHARE = 0.25;

/** The sliding window of one route: outcomes oldest first, true = rewarded success. */
export type OutcomeWindow = boolean[];

/** A window of `size` outcomes, all successes: a route no one has tried looks perfect. */
export function freshWindow(size = SR_BUCKET_SIZE): OutcomeWindow {
  return new Array<boolean>(size).fill(true);
}

/** The window's score: its share of rewarded successes. */
export function windowScore(window: readonly boolean[]): number {
  return window.length === 0 ? 1 : window.filter(Boolean).length / window.length;
}

/** Pushes `count` outcomes, `rewarded` of them successes spread evenly, keeping the last `size`. */
export function pushOutcomes(
  window: OutcomeWindow,
  count: number,
  rewarded: number,
  size = SR_BUCKET_SIZE,
): void {
  const n = Math.max(0, Math.floor(count));
  const share = n > 0 ? Math.max(0, Math.min(1, rewarded / n)) : 0;
  // Only the last `size` of a window's outcomes can stay, so the rest are never built.
  for (let j = Math.max(0, n - size); j < n; j++) {
    window.push(Math.floor((j + 1) * share + 1e-9) > Math.floor(j * share + 1e-9));
  }
  if (window.length > size) window.splice(0, window.length - size);
}

/** σ of the leader's score as decision-engine computes it, with its floor of 0.09 on p(1 − p). */
export function leaderSigma(leaderScore: number, size = SR_BUCKET_SIZE): number {
  return Math.sqrt(Math.max(leaderScore * (1 - leaderScore), 0.09) / size);
}

/**
 * The refill of a route fallen too far behind (decision-engine's reset_sr_v3_score): a window
 * with floor((1 − max + 3σ) × size) failures, at least 2, spread evenly, the rest successes.
 */
export function refillWindow(leaderScore: number, size = SR_BUCKET_SIZE): OutcomeWindow {
  const sigma = leaderSigma(leaderScore, size);
  const zeros = Math.min(
    size,
    Math.max(2, Math.floor((1 - leaderScore + SR_RESET_FACTOR * sigma) * size)),
  );
  const interval = (size - 1) / (zeros - 1);
  const out: boolean[] = [];
  let placed = 0;
  for (let i = size; i >= 1; i--) {
    if (size - i >= placed * interval) {
      out.push(false);
      placed += 1;
    } else out.push(true);
  }
  return out.reverse();
}

/** Share of a route's completed payments under the threshold, read off its percentiles. */
export function shareUnder(latency: Latency, thresholdMs = SR_LATENCY_THRESHOLD_MS): number {
  const points: [number, number][] = [
    [0, 0],
    [latency.p50, 0.5],
    [latency.p95, 0.95],
    [latency.p99, 0.99],
  ];
  if (thresholdMs >= latency.p99) return 1;
  for (let k = 1; k < points.length; k++) {
    const [x1, y1] = points[k]!;
    const [x0, y0] = points[k - 1]!;
    if (thresholdMs <= x1) return x1 > x0 ? y0 + ((y1 - y0) * (thresholdMs - x0)) / (x1 - x0) : y1;
  }
  return 1;
}

/** The router's memory: a window per issuer and route, and the last observed window it read. */
export interface RouterState {
  windows: Record<IssuerId, Record<RouteId, OutcomeWindow>>;
  lastWindow: number;
}

/** A router that has seen nothing: every route's window all successes. */
export function freshRouterState(): RouterState {
  const windows = {} as RouterState['windows'];
  for (const id of ISSUER_IDS) windows[id] = { primary: freshWindow(), backup: freshWindow() };
  return { windows, lastWindow: -1 };
}

/** Feeds one observed window's per-route outcomes into the router's windows. */
export function observeWindow(state: RouterState, metrics: MetricsSnapshot): void {
  for (const row of metrics.issuerMetrics) {
    const issuerId = ISSUER_IDS.find((id) => id === row.issuerId);
    if (!issuerId) continue;
    for (const route of row.routes ?? []) {
      if (route.attemptCount <= 0) continue;
      const fast = shareUnder(route.completedLatency ?? route.latency);
      const rewarded = Math.round(route.attemptCount * route.successRate * fast);
      pushOutcomes(state.windows[issuerId][route.routeId], route.attemptCount, rewarded);
    }
  }
}

/** Refills every route more than 3σ below its issuer's leader; returns the refilled routes. */
export function refillLaggards(state: RouterState): { issuerId: IssuerId; routeId: RouteId }[] {
  const refilled: { issuerId: IssuerId; routeId: RouteId }[] = [];
  for (const issuerId of ISSUER_IDS) {
    const scores = ROUTE_IDS.map((r) => windowScore(state.windows[issuerId][r]));
    const max = Math.max(...scores);
    const threshold = max - SR_RESET_FACTOR * leaderSigma(max);
    ROUTE_IDS.forEach((routeId, k) => {
      if ((scores[k] as number) < threshold) {
        state.windows[issuerId][routeId] = refillWindow(max);
        refilled.push({ issuerId, routeId });
      }
    });
  }
  return refilled;
}

const otherRoute = (route: RouteId): RouteId => (route === 'primary' ? 'backup' : 'primary');

/** A success-rate router; its windows live as long as the policy instance (one run). */
export function srRouterPolicy(): Policy {
  const state = freshRouterState();
  return {
    id: 'sr_router',
    decide: ({ observation, limits, now, random }) => {
      for (const { window, metrics } of observation.windows) {
        if (window <= state.lastWindow) continue;
        observeWindow(state, metrics);
        state.lastWindow = window;
      }
      const plane = observation.controlPlane;
      const mostUsed = (id: IssuerId): RouteId =>
        plane.routing[id].primary >= plane.routing[id].backup ? 'primary' : 'backup';
      // Gaps are read before the refill: a refilled route is explored again, not trusted again.
      let move: { issuerId: IssuerId; from: RouteId; gap: number } | null = null;
      for (const issuerId of ISSUER_IDS) {
        const from = mostUsed(issuerId);
        const here = windowScore(state.windows[issuerId][from]);
        const there = windowScore(state.windows[issuerId][otherRoute(from)]);
        const gap = there - here;
        if (gap > SR_RESET_FACTOR * leaderSigma(there) && (!move || gap > move.gap))
          move = { issuerId, from, gap };
      }
      refillLaggards(state);
      if (random() < SR_EXPLORATION) {
        const issuerId = ISSUER_IDS[Math.min(3, Math.floor(random() * ISSUER_IDS.length))]!;
        const from = mostUsed(issuerId);
        const share = Math.min(
          SR_PROBE_SHARE,
          plane.routing[issuerId][from],
          limits.maxTrafficShift,
        );
        if (share > 0)
          return policyDecision(
            'sr_router',
            {
              type: 'shift_traffic',
              parameters: {
                issuerId,
                fromRoute: from,
                toRoute: otherRoute(from),
                percentage: share,
              },
            },
            `Exploration (5 % of decisions): probe ${issuerId}'s ${otherRoute(from)} route.`,
            now,
          );
      }
      if (!move)
        return policyDecision(
          'sr_router',
          DO_NOTHING_ACTION,
          'No route is more than 3σ behind its issuer’s best route.',
          now,
        );
      const share = Math.min(limits.maxTrafficShift, plane.routing[move.issuerId][move.from]);
      return policyDecision(
        'sr_router',
        {
          type: 'shift_traffic',
          parameters: {
            issuerId: move.issuerId,
            fromRoute: move.from,
            toRoute: otherRoute(move.from),
            percentage: share,
          },
        },
        `${move.issuerId}'s ${move.from} route scores ${(move.gap * 100).toFixed(1)} pt below its ${otherRoute(move.from)} route over the last ${SR_BUCKET_SIZE} outcomes.`,
        now,
      );
    },
  };
}
