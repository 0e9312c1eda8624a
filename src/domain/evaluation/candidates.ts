/**
 * The multi-seed oracle's candidate set and the keys agreement is judged by. The set depends on
 * the control plane the world is in, never on any policy: from a plane with traffic on the backup
 * it includes the moves back, from one with a raised timeout the way back to the default.
 */
import {
  DEFAULT_CONTROL_PLANE,
  ISSUER_IDS,
  ROUTE_IDS,
  type ControlPlane,
  type RouteId,
} from '../../contracts';
import type { CandidateAction } from './oracle';

/** Shares of an issuer's traffic a candidate shift moves between its routes. */
export const MULTI_SEED_SHIFTS = [0.25, 0.5] as const;

/** Shares every issuer moves in a candidate processor failover. */
export const FAILOVER_SHARES = [0.25, 0.5] as const;

/** Timeouts the candidate set tries, ms, besides the way back to the default. */
export const MULTI_SEED_TIMEOUTS = [3000, 5000] as const;

const other = (route: RouteId): RouteId => (route === 'primary' ? 'backup' : 'primary');

/**
 * Every candidate on `plane`: per issuer, 25 % and 50 % shifts either way (the way back only when
 * the backup carries traffic) and disabling the primary; processor failovers either way; retry
 * caps, sparing hard declines, backoff, timeouts (and back to the default), a rate limit, a
 * notification and doing nothing. The guardrails judge each one afterwards.
 */
export function multiSeedCandidates(plane: ControlPlane): CandidateAction[] {
  const out: CandidateAction[] = [];
  for (const issuerId of ISSUER_IDS) {
    for (const fromRoute of ROUTE_IDS) {
      const carried = plane.routing[issuerId][fromRoute];
      const shares = new Set<number>(MULTI_SEED_SHIFTS.filter((p) => p <= carried + 1e-9));
      // The whole way back when the backup carries an odd share, e.g. 0.3.
      if (fromRoute === 'backup' && carried > 1e-9) shares.add(Math.round(carried * 1e6) / 1e6);
      for (const percentage of [...shares].sort((a, b) => a - b)) {
        out.push({
          type: 'shift_traffic',
          parameters: { issuerId, fromRoute, toRoute: other(fromRoute), percentage },
        });
      }
    }
    if (!plane.disabledRoutes.some((r) => r.issuerId === issuerId && r.routeId === 'primary'))
      out.push({ type: 'disable_route', parameters: { issuerId, routeId: 'primary' } });
  }
  for (const fromRoute of ROUTE_IDS) {
    const carries = ISSUER_IDS.some((id) => plane.routing[id][fromRoute] > 1e-9);
    if (!carries) continue;
    for (const percentage of FAILOVER_SHARES)
      out.push({
        type: 'failover_processor',
        parameters: { fromRoute, toRoute: other(fromRoute), percentage },
      });
  }
  const retry = plane.retryPolicy;
  out.push(
    { type: 'adjust_retry_policy', parameters: { maxRetries: 1, multiplier: 1 } },
    { type: 'adjust_retry_policy', parameters: { maxRetries: 2, multiplier: 1 } },
  );
  if (retry.retryHardDeclines !== false)
    out.push({
      type: 'adjust_retry_policy',
      parameters: {
        maxRetries: retry.maxRetries,
        multiplier: retry.multiplier,
        retryHardDeclines: false,
      },
    });
  if (!retry.backoff) out.push({ type: 'implement_backoff', parameters: { enabled: true } });
  const timeouts = new Set<number>(MULTI_SEED_TIMEOUTS);
  timeouts.add(DEFAULT_CONTROL_PLANE.timeoutMs);
  timeouts.delete(plane.timeoutMs);
  for (const timeoutMs of [...timeouts].sort((a, b) => a - b))
    out.push({ type: 'adjust_timeout', parameters: { timeoutMs } });
  if (plane.rateLimit === null)
    out.push({ type: 'rate_limit', parameters: { attemptsPerPayment: 2 } });
  // Doing nothing first: on equal means the oracle names the action that changes nothing.
  out.push(
    { type: 'do_nothing', parameters: {} },
    { type: 'send_notification', parameters: { channel: 'on_call', severity: 'warning' } },
  );
  return out;
}

const percent = (x: unknown): string =>
  typeof x === 'number' ? `${Math.round(x * 1000) / 10}` : String(x);

/**
 * The exact key of an action: type, target and size (`shift_traffic:visa:primary:25`). Two
 * actions with the same exact key make the same change.
 */
export function exactKey(action: CandidateAction): string {
  const p = action.parameters;
  switch (action.type) {
    case 'shift_traffic':
      return `shift_traffic:${String(p.issuerId)}:${String(p.fromRoute)}:${percent(p.percentage)}`;
    case 'failover_processor':
      return `failover_processor:${String(p.fromRoute)}:${percent(p.percentage)}`;
    case 'disable_route':
      return `disable_route:${String(p.issuerId)}:${String(p.routeId)}`;
    case 'adjust_retry_policy':
      return `adjust_retry_policy:${String(p.maxRetries)}x${String(p.multiplier)}${p.retryHardDeclines === false ? ':spare_hard_declines' : ''}`;
    case 'adjust_timeout':
      return `adjust_timeout:${String(p.timeoutMs)}`;
    case 'rate_limit':
      return `rate_limit:${String(p.attemptsPerPayment)}`;
    default:
      return action.type;
  }
}

/**
 * The family of an action: what kind of remedy it is and where it points, whatever its size.
 * Moving an issuer off a route (a shift or disabling it) is one family per issuer and direction;
 * a processor failover one per direction; retry caps, backoff and rate limits damp retries;
 * a timeout is its own family; notifying and doing nothing both leave the plane alone.
 */
export function familyKey(action: CandidateAction): string {
  const p = action.parameters;
  switch (action.type) {
    case 'shift_traffic':
      return `move:${String(p.issuerId)}:off_${String(p.fromRoute)}`;
    case 'disable_route':
      return `move:${String(p.issuerId)}:off_${String(p.routeId)}`;
    case 'failover_processor':
      return `failover:off_${String(p.fromRoute)}`;
    case 'adjust_retry_policy':
    case 'implement_backoff':
    case 'rate_limit':
      return 'damp_retries';
    case 'adjust_timeout':
      return 'timeout';
    case 'send_notification':
    case 'do_nothing':
    case 'unwind_action':
      return action.type === 'unwind_action' ? 'unwind' : 'hold';
  }
}
