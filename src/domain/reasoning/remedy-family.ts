/**
 * Remedy families: proposals in one family answer the same question (route around it, damp the
 * retries, wait longer, tell someone), so the decision's doubt is measured between families.
 */
import type { ActionProposal } from '../../contracts';

/** Proposals that change nothing in traffic. */
export const PASSIVE: ReadonlySet<string> = new Set(['send_notification', 'do_nothing']);
/** Undoing the agent's own change needs no diagnosis of a fault: the route left recovered. */
export const NO_DIAGNOSIS = new Set(['send_notification', 'do_nothing', 'unwind_action']);

/**
 * Remedy families for measuring doubt: proposals in one family answer the same question (route
 * around it, damp the retries, wait longer, tell someone), so choosing among them is tuning. The
 * action categories split retry damping across retry_policy and rate_limiting; here a rate limit
 * damps retries like a retry cap does.
 */
export const REMEDY_FAMILY: Readonly<Record<string, string>> = {
  shift_traffic: 'routing',
  failover_processor: 'routing',
  disable_route: 'routing',
  unwind_action: 'unwind',
  adjust_retry_policy: 'retries',
  implement_backoff: 'retries',
  rate_limit: 'retries',
  adjust_timeout: 'timeout',
  send_notification: 'passive',
  do_nothing: 'passive',
};

/** The remedy family of an action type (routing, retries, timeout, unwind, passive). */
export function remedyFamily(type: string): string {
  return REMEDY_FAMILY[type] ?? 'other';
}

/** Whether a proposal promises anything: more success or less latency. One that does not is no rival. */
export function promises(p: ActionProposal): boolean {
  return p.estimatedImpact.successRateChange > 0 || p.estimatedImpact.latencyImpact < 0;
}
