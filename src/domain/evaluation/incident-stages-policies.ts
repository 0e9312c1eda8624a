/**
 * The policies the staged incident table runs where no other set is given (the agent and every
 * baseline of the leaderboard), and a plain one-action decision for scripted policies.
 */
import {
  POLICY_IDS,
  type ActionParameters,
  type ActionType,
  type Decision,
  type PolicyId,
} from '../../contracts';
import { makePolicy } from '../policies';
import { policyDecision } from '../policies/policy-decision';
import type { StagedPolicy } from './incident-stages';

/**
 * A decision carrying one action, as a policy that does not reason would write it: the baselines'
 * policyDecision, with the pattern a scripted policy names.
 */
export function plainDecision(
  type: ActionType,
  parameters: ActionParameters,
  now: number,
  pattern?: string,
  policy: PolicyId = 'static_rule',
): Decision {
  const decision = policyDecision(policy, { type, parameters }, type.replaceAll('_', ' '), now);
  return pattern === undefined ? decision : { ...decision, pattern };
}

export { doNothingPolicy } from '../policies/do-nothing';

/** The policies the staged table runs by default: the agent and every baseline, one factory each. */
export const STAGED_POLICIES: readonly StagedPolicy[] = POLICY_IDS.map((id) => ({
  id,
  factory: () => makePolicy(id),
}));
