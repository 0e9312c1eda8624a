import {
  ISSUER_IDS,
  ISSUER_NAMES,
  type ActionProposal,
  type ControlPlane,
  type IssuerId,
  type MetricsSnapshot,
} from '../../contracts';
import { effectiveShare } from '../../domain/execution';

const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function issuerName(value: unknown): string {
  return ISSUER_NAMES[value as IssuerId] ?? text(value);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** An action in force as an unwind names it: by the id of the record that carried it out. */
export interface UndoneAction {
  recordId: string;
  action: ActionProposal;
}

/**
 * What an action will change, in one sentence an on-call engineer can check: the parameters in
 * words rather than as key=value pairs. An unwind says what it undoes when `inForce` holds the
 * action, since a record id tells the approver nothing.
 */
export function describeChange(
  action: ActionProposal,
  inForce: readonly UndoneAction[] = [],
): string {
  const p = action.parameters;
  switch (action.type) {
    case 'shift_traffic':
      return `Move ${percent(num(p.percentage))} of ${issuerName(p.issuerId)} payments from the ${text(p.fromRoute)} route to the ${text(p.toRoute)} route.`;
    case 'failover_processor':
      return `Move up to ${percent(num(p.percentage))} of every issuer's payments from the ${text(p.fromRoute)} processor to the ${text(p.toRoute)} processor.`;
    case 'disable_route':
      return `Disable the ${text(p.routeId)} route of ${issuerName(p.issuerId)}: its payments go to the other route.`;
    case 'adjust_retry_policy':
      return `Allow at most ${text(p.maxRetries)} retries per payment with multiplier ${text(p.multiplier)}${p.retryHardDeclines === false ? ', and stop retrying hard declines' : ''}.`;
    case 'implement_backoff':
      return 'Enforce backoff between client retries.';
    case 'adjust_timeout':
      return `Set the payment timeout to ${text(p.timeoutMs)} ms.`;
    case 'rate_limit':
      return `Limit each payment to ${text(p.attemptsPerPayment)} attempts.`;
    case 'send_notification':
      return `Notify ${text(p.channel).replaceAll('_', ' ')}${p.severity ? ` (${text(p.severity)})` : ''}; routing stays as it is.`;
    case 'unwind_action': {
      const undone = inForce.find((a) => a.recordId === p.actionRecordId);
      const what = undone
        ? `the ${undone.action.type} in force (${lowerFirst(describeChange(undone.action).replace(/\.$/, ''))})`
        : `the action recorded as ${text(p.actionRecordId)}`;
      return `Undo ${percent(num(p.fraction))} of ${what}: that part goes back to the plane before it.`;
    }
    case 'do_nothing':
      return 'Change nothing.';
  }
}

/** Each issuer's share of a window's payments. */
function shares(window: MetricsSnapshot): Map<IssuerId, number> {
  const total = window.issuerMetrics.reduce((sum, m) => sum + m.transactionCount, 0);
  return new Map(
    window.issuerMetrics.map((m) => [
      m.issuerId as IssuerId,
      total > 0 ? m.transactionCount / total : 0,
    ]),
  );
}

/**
 * The share of all payments in the window whose path or retry treatment the action changes, 0–1;
 * null when it depends on an earlier action (an unwind).
 */
export function affectedShare(
  action: ActionProposal,
  window: MetricsSnapshot,
  plane: ControlPlane,
): number | null {
  const p = action.parameters;
  const share = shares(window);
  switch (action.type) {
    case 'shift_traffic':
      return (share.get(p.issuerId as IssuerId) ?? 0) * Math.max(0, num(p.percentage) || 0);
    case 'failover_processor': {
      const from = p.fromRoute === 'backup' ? 'backup' : 'primary';
      return ISSUER_IDS.reduce(
        (sum, id) =>
          sum +
          (share.get(id) ?? 0) * Math.min(num(p.percentage) || 0, effectiveShare(plane, id, from)),
        0,
      );
    }
    case 'disable_route': {
      const issuerId = p.issuerId as IssuerId;
      const routeId = p.routeId === 'backup' ? 'backup' : 'primary';
      return (share.get(issuerId) ?? 0) * effectiveShare(plane, issuerId, routeId);
    }
    case 'adjust_retry_policy':
    case 'implement_backoff':
    case 'adjust_timeout':
    case 'rate_limit':
      return 1;
    case 'send_notification':
    case 'do_nothing':
      return 0;
    case 'unwind_action':
      return null;
  }
}
