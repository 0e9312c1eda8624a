import type { ActionType, Hypothesis, Pattern } from '../../contracts';
import { round } from '../numbers';
import { describeEvidence } from './hypotheses-evidence';

/** Highest confidence a template gives: templates are heuristics, never near-certain. */
const TEMPLATE_MAX_CONFIDENCE = 0.95;

function suggestedFor(p: Pattern): { rootCause: string; actions: ActionType[] } {
  const issuers = p.issuerIds.join(', ');
  switch (p.type) {
    case 'issuer_degradation':
      if (p.faultLocation === 'route')
        return {
          rootCause: `The ${p.routeId ?? 'primary'} route to ${issuers} is failing (timeouts and unavailability concentrated there); the issuer itself still approves payments on other routes`,
          actions: ['shift_traffic', 'disable_route', 'send_notification', 'do_nothing'],
        };
      if (p.faultLocation === 'issuer')
        return {
          rootCause: `${issuers} decline more payments themselves (INSUFFICIENT_FUNDS / DO_NOT_HONOR) on every route; routing cannot fix it and retries only add load`,
          actions: ['send_notification', 'do_nothing', 'adjust_retry_policy'],
        };
      return {
        rootCause: `${issuers} degraded; the error codes do not say whether the route or the issuer is at fault`,
        actions: ['send_notification', 'shift_traffic', 'do_nothing'],
      };
    case 'processor_outage':
      return {
        rootCause: `The processor behind the ${p.routeId ?? 'primary'} route is degraded: every issuer on it fails at once`,
        actions: ['shift_traffic', 'disable_route', 'send_notification'],
      };
    case 'retry_storm':
      return {
        rootCause:
          'Clients retry failed payments so aggressively that the retries themselves load the route and cause more failures',
        actions: ['adjust_retry_policy', 'implement_backoff', 'rate_limit', 'send_notification'],
      };
    case 'latency_spike':
      return {
        rootCause:
          'Latency rose system-wide (network or shared infrastructure); slow requests run into the timeout',
        actions: ['adjust_timeout', 'send_notification', 'do_nothing'],
      };
    case 'noise':
      return {
        rootCause: 'Nothing deviates beyond normal variation; the system is healthy',
        actions: ['do_nothing', 'send_notification'],
      };
  }
}

/** One template hypothesis per pattern, confidence from the pattern's strength (never above 0.95). */
export function templateHypotheses(patterns: readonly Pattern[]): Hypothesis[] {
  return patterns.map((p, i) => {
    const t = suggestedFor(p);
    const h: Hypothesis = {
      id: `hyp-${i}-${p.type}`,
      pattern: p.type,
      rootCause: t.rootCause.slice(0, 2000),
      evidence: [p.description, ...p.evidence.slice(0, 6).map(describeEvidence)].map((s) =>
        s.slice(0, 2000),
      ),
      suggestedActions: t.actions,
      confidence: round(Math.min(TEMPLATE_MAX_CONFIDENCE, p.strength), 4),
      source: 'template',
    };
    if (p.issuerIds.length > 0) h.issuerIds = [...p.issuerIds];
    return h;
  });
}
