/**
 * The Decision a baseline policy hands to the guardrails: one action, the policy's own
 * confidence, and no estimate of its impact (a rule does not predict; the executor measures).
 */
import {
  ACTION_CATEGORY,
  type ActionParameters,
  type ActionType,
  type Decision,
  type PolicyId,
} from '../../contracts';

/** An action as a policy proposes it: type and typed parameters. */
export interface PolicyAction {
  type: ActionType;
  parameters: ActionParameters;
}

/** Doing nothing, the answer of every policy that sees no reason to act. */
export const DO_NOTHING_ACTION: PolicyAction = { type: 'do_nothing', parameters: {} };

/**
 * Confidence a baseline states: a rule is sure of what it does, and it must clear the guardrails'
 * minimum (0.6) so that the guardrails judge the action, not the rule's modesty.
 */
export const BASELINE_CONFIDENCE = 0.9;

/** A decision carrying one action from a named policy, with a sentence on why. */
export function policyDecision(
  policy: PolicyId,
  action: PolicyAction,
  why: string,
  now: number,
): Decision {
  const slug = Object.values(action.parameters)
    .map((v) => String(v).replace(/[^a-z0-9]/gi, ''))
    .join('_')
    .slice(0, 60);
  return {
    selectedAction: {
      id: `${policy}_${action.type}${slug ? `_${slug}` : ''}`,
      category: ACTION_CATEGORY[action.type],
      type: action.type,
      description: why.slice(0, 2000),
      parameters: action.parameters,
      estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.3 },
      prerequisites: [],
      reversible: action.type !== 'disable_route',
      rationale: why.slice(0, 2000),
    },
    rejectedActions: [],
    score: 0.5,
    requiresHumanApproval: false,
    approvalReasons: [],
    confidenceInDecision: action.type === 'do_nothing' ? 0.99 : BASELINE_CONFIDENCE,
    decidedAt: now,
  };
}
