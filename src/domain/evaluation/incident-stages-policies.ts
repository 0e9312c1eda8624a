/**
 * The policies the staged incident table runs where no other set is given (the agent and every
 * baseline of the leaderboard), and a plain one-action decision for scripted policies.
 */
import {
  ACTION_CATEGORY,
  POLICY_IDS,
  type ActionParameters,
  type ActionType,
  type Decision,
} from '../../contracts';
import { makePolicy } from '../policies';
import type { StagedPolicy } from './incident-stages';

/** A decision carrying one action, as a policy that does not reason would write it. */
export function plainDecision(
  type: ActionType,
  parameters: ActionParameters,
  now: number,
  pattern?: string,
): Decision {
  return {
    selectedAction: {
      id: `${type}_${now}`,
      category: ACTION_CATEGORY[type],
      type,
      description: `${type.replaceAll('_', ' ')}`,
      parameters,
      estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.1 },
      prerequisites: [],
      reversible: type !== 'disable_route',
    },
    rejectedActions: [],
    score: 0.5,
    requiresHumanApproval: false,
    approvalReasons: [],
    confidenceInDecision: 0.9,
    decidedAt: now,
    ...(pattern === undefined ? {} : { pattern }),
  };
}

export { doNothingPolicy } from '../policies/do-nothing';

/** The policies the staged table runs by default: the agent and every baseline, one factory each. */
export const STAGED_POLICIES: readonly StagedPolicy[] = POLICY_IDS.map((id) => ({
  id,
  factory: () => makePolicy(id),
}));
