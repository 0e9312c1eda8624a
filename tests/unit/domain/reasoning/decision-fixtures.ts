import {
  ACTION_CATEGORY,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
  type ActionType,
  type EstimatedImpact,
  type Hypothesis,
  type LearningContext,
  type PatternType,
  type ReasoningConfig,
  type SafetyLimits,
} from '../../../../src/contracts';
import type { FamilyCalibration } from '../../../../src/domain/evaluation/calibration';
import { decide, type DecideOutput } from '../../../../src/domain/reasoning/decision';
import type { PlannedProposal } from '../../../../src/domain/reasoning/planner';
import { makeSnapshot } from './snapshots';

/** The decision time every fixture uses. */
export const NOW = 1_700_000_060_000;

/** A proposal that changes nothing, costs nothing and risks nothing. */
const NO_IMPACT: EstimatedImpact = {
  successRateChange: 0,
  latencyImpact: 0,
  costImpact: 0,
  riskLevel: 0,
};

/** A hand-made planned proposal: only the type, the impact and the pattern matter to the decision. */
export function planned(
  type: ActionType,
  impact: Partial<EstimatedImpact> = {},
  options: { pattern?: PatternType; reversible?: boolean; id?: string } = {},
): PlannedProposal {
  return {
    pattern: options.pattern ?? 'issuer_degradation',
    proposal: {
      id: options.id ?? `action_${type}`,
      category: ACTION_CATEGORY[type],
      type,
      description: `${type} for the test`,
      parameters: {},
      estimatedImpact: { ...NO_IMPACT, ...impact },
      prerequisites: [],
      reversible: options.reversible ?? true,
    },
  };
}

/** A hand-made hypothesis of the given pattern and confidence. */
export function hypothesis(
  pattern: PatternType,
  confidence: number,
  issuerIds?: string[],
): Hypothesis {
  const h: Hypothesis = {
    id: `hyp_${pattern}_${confidence}`,
    pattern,
    rootCause: `${pattern} in the test`,
    evidence: [],
    suggestedActions: [],
    confidence,
    source: 'template',
  };
  if (issuerIds) h.issuerIds = issuerIds;
  return h;
}

/** Experience with one action for one pattern: `count` outcomes averaging `adjustment`. */
export function experience(
  pattern: PatternType,
  actionType: ActionType,
  count: number,
  adjustment: number,
): LearningContext {
  return {
    totalOutcomes: count,
    recentOutcomes: [],
    stats: [
      {
        pattern,
        actionType,
        count,
        successCount: count,
        meanImprovement: 0,
        meanEstimateError: 0,
        meanConfidenceAdjustment: adjustment,
      },
    ],
  };
}

/**
 * Runs the decision on hand-made proposals. Both windows are the healthy snapshot, whose p99 is
 * 550 ms, so a latency impact of −275 ms is half the latency scale.
 */
export function decideOn(
  proposals: PlannedProposal[],
  hypotheses: Hypothesis[],
  extra: {
    learning?: LearningContext;
    config?: Partial<ReasoningConfig>;
    limits?: Partial<SafetyLimits>;
    /**
     * Calibrated confidence instead of the evidence formula these fixtures are worked out for:
     * through the fitted map (true) or the one given.
     */
    calibrated?: boolean | FamilyCalibration;
    /** Seed of the exploration draws; absent: no exploration. */
    explorationSeed?: number;
  } = {},
): DecideOutput {
  const snapshot = makeSnapshot();
  return decide({
    ...(extra.calibrated === true
      ? {}
      : {
          calibration:
            extra.calibrated === undefined || extra.calibrated === false
              ? ('evidence' as const)
              : extra.calibrated,
        }),
    planned: proposals,
    hypotheses,
    learning: extra.learning ?? EMPTY_LEARNING_CONTEXT,
    config: { ...DEFAULT_REASONING_CONFIG, ...extra.config },
    current: snapshot,
    baseline: snapshot,
    now: NOW,
    ...(extra.limits ? { limits: { ...DEFAULT_SAFETY_LIMITS, ...extra.limits } } : {}),
    ...(extra.explorationSeed === undefined ? {} : { explorationSeed: extra.explorationSeed }),
  });
}

/**
 * A clear remedy: +5 points, −275 ms, 10 % cost, risk 0.3. By hand (σ(x) = 1 / (1 + e^−x), and
 * 0.5 + 0.5·tanh(x) = σ(2x)): success σ(2) = 0.8807970779778823, latency σ(1) = 0.7310585786300049,
 * cost 1 − 0.1 / 0.5 = 0.8, risk 0.7; score 0.4·0.88080 + 0.3·0.73106 + 0.2·0.8 + 0.1·0.7
 * = 0.35232 + 0.21932 + 0.16 + 0.07 = 0.80164 → 0.8016.
 */
export const CLEAR_SHIFT = {
  successRateChange: 0.05,
  latencyImpact: -275,
  costImpact: 0.1,
  riskLevel: 0.3,
};

/** Notification: parts 0.5, 0.5, 1, 0.95; score 0.2 + 0.15 + 0.2 + 0.095 = 0.645. */
export const NOTIFY = { riskLevel: 0.05 };
