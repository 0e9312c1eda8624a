/**
 * What a routing pick's destination showed the agent, and what it was in the world: a diagnostic
 * of the calibration fit, the lab's view and never the agent's. A route that carried no traffic
 * in the decision window shows nothing of its health, so a move onto it meets its expectations
 * only as often as such routes are healthy on the ground at hand; the fit prints the split.
 */
import { ISSUER_IDS, ROUTE_IDS, type IssuerId, type RouteId } from '../../contracts';
import { MIN_HEADROOM_SAMPLE } from '../reasoning/headroom';
import { pathHealthOf } from '../simulation';
import type { CandidateAction } from './oracle';
import type { WarmRun } from './case-world';

/** Below this health a route is weak: it fails more than one payment in a hundred on its own. */
export const WEAK_HEALTH = 0.99;

/** Observed: the destination carried traffic; otherwise healthy or weak in the world. */
export type DestinationGround = 'observed' | 'unobserved, healthy' | 'unobserved, weak';

/** The destination route and the issuers a routing action moves onto it; null for any other. */
function destinationOf(action: CandidateAction): { to: RouteId; issuers: IssuerId[] } | null {
  const p = action.parameters;
  const to = ROUTE_IDS.find((id) => id === p.toRoute);
  if (action.type === 'shift_traffic') {
    const issuer = ISSUER_IDS.find((id) => id === p.issuerId);
    return to && issuer ? { to, issuers: [issuer] } : null;
  }
  if (action.type === 'failover_processor') return to ? { to, issuers: [...ISSUER_IDS] } : null;
  if (action.type === 'disable_route') {
    const issuer = ISSUER_IDS.find((id) => id === p.issuerId);
    const other = ROUTE_IDS.find((id) => id !== p.routeId);
    return issuer && other ? { to: other, issuers: [issuer] } : null;
  }
  return null;
}

/**
 * The ground of `action`'s destination on this run: observed when the route carried at least
 * MIN_HEADROOM_SAMPLE attempts in the decision window, else weak when any moved issuer's path
 * onto it is below WEAK_HEALTH in the decision window's scenario. Null for a non-routing action.
 */
export function destinationGround(action: CandidateAction, run: WarmRun): DestinationGround | null {
  const destination = destinationOf(action);
  if (destination === null) return null;
  const current = run.windows[run.windows.length - 1];
  const carried = current?.routeMetrics?.find((r) => r.routeId === destination.to);
  if ((carried?.attemptCount ?? 0) >= MIN_HEADROOM_SAMPLE) return 'observed';
  const weak = destination.issuers.some(
    (id) => pathHealthOf(run.decisionScenario, id, destination.to) < WEAK_HEALTH,
  );
  return weak ? 'unobserved, weak' : 'unobserved, healthy';
}

/** The fit's routing picks by destination ground, a line each: how many, how many met. */
export function formatDestinationGround(
  pairs: readonly { destination: DestinationGround | null; met: boolean }[],
): string[] {
  const grounds: DestinationGround[] = ['observed', 'unobserved, healthy', 'unobserved, weak'];
  const lines = [
    'Routing picks by what the agent could see of the destination (its health is the world’s, not the agent’s):',
    '  destination          n     met',
  ];
  for (const ground of grounds) {
    const mine = pairs.filter((p) => p.destination === ground);
    if (mine.length === 0) continue;
    const met = mine.filter((p) => p.met).length;
    lines.push(
      `  ${ground.padEnd(19)}  ${String(mine.length).padEnd(4)}  ${met} (${((met / mine.length) * 100).toFixed(0)}%)`,
    );
  }
  return lines;
}
