/**
 * The random baseline, the chance level of the leaderboard: one action drawn uniformly from the
 * oracle's candidates that the guardrails allow on the observed plane, from the seeded draws the
 * policy is given.
 */
import { DEFAULT_SAFETY_LIMITS, type SafetyLimits } from '../../contracts';
import { assessDecision } from '../safety/check';
import { multiSeedCandidates } from '../evaluation/candidates';
import type { Policy } from './policy';
import { policyDecision, type PolicyAction } from './policy-decision';

/** The candidates the guardrails allow on `plane` (approval given; the hard limits apply). */
export function allowedCandidates(
  plane: Parameters<typeof multiSeedCandidates>[0],
  limits: SafetyLimits = DEFAULT_SAFETY_LIMITS,
  now = 0,
): PolicyAction[] {
  return multiSeedCandidates(plane).filter((action) => {
    const assessment = assessDecision({
      decision: policyDecision('random', action, 'candidate', now),
      controlPlane: plane,
      activeActionCount: 0,
      limits,
      humanApproval: { approved: true, by: 'evaluation operator', at: now },
    });
    return assessment.safetyCheck.isApproved && assessment.resultingControlPlane !== null;
  });
}

/** A policy that picks one allowed candidate uniformly at random with the draws it is given. */
export function randomPolicy(): Policy {
  return {
    id: 'random',
    decide: ({ observation, limits, now, random }) => {
      const allowed = allowedCandidates(observation.controlPlane, limits, now);
      const pick = allowed[Math.min(allowed.length - 1, Math.floor(random() * allowed.length))];
      const action = pick ?? { type: 'do_nothing' as const, parameters: {} };
      return policyDecision('random', action, 'The random baseline drew this action.', now);
    },
  };
}
