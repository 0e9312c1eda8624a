/**
 * The static-rule baseline, the runbook many teams start with: when an issuer's success rate in
 * the current window falls below 90 %, shift half of its traffic off the primary route.
 */
import { ISSUER_IDS, type IssuerId, type MetricsSnapshot } from '../../contracts';
import type { Policy } from './policy';
import { DO_NOTHING_ACTION, policyDecision } from './policy-decision';

/** Success rate under which the rule fires. */
export const STATIC_RULE_THRESHOLD = 0.9;

/** Share of the issuer's traffic the rule moves. */
export const STATIC_RULE_SHIFT = 0.5;

/** The issuer with the lowest success under the threshold in a window, or null. */
export function worstIssuerBelow(
  metrics: MetricsSnapshot,
  threshold = STATIC_RULE_THRESHOLD,
): { issuerId: IssuerId; successRate: number } | null {
  let worst: { issuerId: IssuerId; successRate: number } | null = null;
  for (const row of metrics.issuerMetrics) {
    const issuerId = ISSUER_IDS.find((id) => id === row.issuerId);
    if (!issuerId || row.successRate >= threshold) continue;
    if (!worst || row.successRate < worst.successRate)
      worst = { issuerId, successRate: row.successRate };
  }
  return worst;
}

/**
 * A policy that shifts 50 % of the worst issuer under 90 % success from its primary to its
 * backup route, when the primary still carries that much; otherwise it does nothing.
 */
export function staticRulePolicy(): Policy {
  return {
    id: 'static_rule',
    decide: ({ observation, now }) => {
      const current = observation.windows[observation.windows.length - 1]!.metrics;
      const worst = worstIssuerBelow(current);
      if (!worst)
        return policyDecision(
          'static_rule',
          DO_NOTHING_ACTION,
          'Every issuer is at or above 90 % success.',
          now,
        );
      const carried = observation.controlPlane.routing[worst.issuerId].primary;
      if (carried + 1e-9 < STATIC_RULE_SHIFT)
        return policyDecision(
          'static_rule',
          DO_NOTHING_ACTION,
          `${worst.issuerId} is under 90 % but its primary carries only ${Math.round(carried * 100)} %: the rule already fired.`,
          now,
        );
      return policyDecision(
        'static_rule',
        {
          type: 'shift_traffic',
          parameters: {
            issuerId: worst.issuerId,
            fromRoute: 'primary',
            toRoute: 'backup',
            percentage: STATIC_RULE_SHIFT,
          },
        },
        `${worst.issuerId} at ${(worst.successRate * 100).toFixed(1)} % success, under 90 %: shift 50 % to the backup.`,
        now,
      );
    },
  };
}
