/**
 * The policies the staged incident table runs where no other set is given: doing nothing, and
 * the agent's reasoning engine reading the Observation's current window against its baseline.
 * Both follow the one Policy contract, so the full set of baselines plugs in the same way.
 */
import {
  ACTION_CATEGORY,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  type ActionParameters,
  type ActionType,
  type Decision,
} from '../../contracts';
import type { Policy, PolicyInput } from '../policies/policy';
import { reason } from '../reasoning';
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

/** Never acts: the reference every other policy's payments are compared with. */
export function doNothingPolicy(): Policy {
  return {
    id: 'do_nothing',
    decide: ({ now }: PolicyInput) => plainDecision('do_nothing', {}, now),
  };
}

/**
 * The agent's engine as a policy: it reasons on the Observation's current window against the
 * baseline with an empty learning context and the limits in force, and returns its Decision.
 */
export function agentPolicy(): Policy {
  return {
    id: 'agent',
    decide: ({ observation, limits, now }: PolicyInput) => {
      const current = observation.windows[observation.windows.length - 1]!.metrics;
      return reason({
        currentMetrics: current,
        baselineMetrics: observation.baselineMetrics,
        learningContext: EMPTY_LEARNING_CONTEXT,
        config: DEFAULT_REASONING_CONFIG,
        now,
        limits,
      }).decision;
    },
  };
}

/** The policies the staged table runs by default: the agent, then doing nothing. */
export const STAGED_POLICIES: readonly StagedPolicy[] = [
  { id: 'agent', factory: agentPolicy },
  { id: 'do_nothing', factory: doNothingPolicy },
];
