import type { CanaryVerdict, EstimatedImpact, MetricsSnapshot } from '../../contracts';
import { isSignificantlyWorse, ROUNDING_TOLERANCE } from '../safety/rollback';
import { pValueOf } from '../statistics';

/**
 * An action met expectations when it achieved at least this share of the success-rate gain it
 * estimated (when it estimated a gain).
 */
export const EXPECTATION_SHARE = 0.5;

/** With no gain estimated, an action met expectations when it cost at most this much success rate (0.5 pt). */
export const NO_GAIN_TOLERANCE = 0.005;

/** Confidence adjustments stay within ±0.2, as in seed contract 3. */
export const MAX_CONFIDENCE_ADJUSTMENT = 0.2;

/** What the paired counterfactual says about one executed action. */
export interface OutcomeJudgement {
  /** Success-rate change caused by the action (with − without), clamped to [−1, 1]. */
  improvementAchieved: number;
  /** p99 change in ms caused by the action (negative = faster). */
  latencyChangeMs: number;
  /** Relative change of cost per payment; null when either window lacks costPerTransaction. */
  costChange: number | null;
  metExpectations: boolean;
  /** −0.2…0.2: how much more (or less) the next cycle should trust this kind of action. */
  confidenceAdjustment: number;
  /** The action made things significantly worse: the executor rolls it back automatically. */
  significantlyWorse: boolean;
  /** `failed` when significantly worse, `success` otherwise (for ActionOutcome.status). */
  status: 'success' | 'failed';
}

/** What judgeOutcome compares. */
export interface JudgeInput {
  estimatedImpact: EstimatedImpact;
  /** The window simulated without the action (same scenario, seed and size). */
  withoutAction: MetricsSnapshot;
  /** The same window simulated with the action applied to the control plane. */
  withAction: MetricsSnapshot;
}

function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(max, Math.max(min, value));
}

/** Avoids −0 in stored outcomes: it prints as "0" but compares oddly in tests and exports. */
function tidy(value: number): number {
  return value === 0 ? 0 : value;
}

/**
 * Judges an executed action from a paired counterfactual: the same window (scenario, seed, size)
 * simulated without and with the action, so the success-rate difference is the action's effect
 * and not sampling noise.
 *
 * - improvementAchieved = withAction.successRate − withoutAction.successRate, clamped to [−1, 1].
 * - significantlyWorse as the rollback policy defines it (safety/rollback.ts): success down 2 pt
 *   or more, or p99 up by more than 50 % and more than 100 ms.
 * - metExpectations: not significantly worse, and, when a gain g > 0 was estimated, achieved ≥
 *   EXPECTATION_SHARE · g (half of it); when none was (g ≤ 0), achieved ≥ g − NO_GAIN_TOLERANCE
 *   (at most 0.5 pt below the estimate).
 * - confidenceAdjustment, clamped to ±0.2 and −0.2 whenever significantly worse: with a gain
 *   estimated, 0.2 · (r − 0.5) for r = achieved / estimated (r = 1.5 → +0.2, r = 1 → +0.1,
 *   r = 0.5 → 0, r = 0 → −0.1, r ≤ −0.5 → −0.2); with none, 10 · (achieved − g + 0.005), i.e.
 *   ±0.1 per point of success rate around the tolerance line. Either way it is zero exactly where
 *   metExpectations flips, so its sign agrees with it.
 */
export function judgeOutcome(input: JudgeInput): OutcomeJudgement {
  const { estimatedImpact, withoutAction, withAction } = input;
  const improvementAchieved = tidy(
    clamp(withAction.successRate - withoutAction.successRate, -1, 1),
  );
  const p99Before = withoutAction.latency.p99;
  const p99After = withAction.latency.p99;
  const latencyChangeMs = tidy(p99After - p99Before);
  // A missing cost before is no base to compare with, like a zero one.
  const costBefore = withoutAction.costPerTransaction ?? 0;
  const costAfter = withAction.costPerTransaction;
  const costChange =
    costAfter !== undefined && costBefore > 0 ? tidy((costAfter - costBefore) / costBefore) : null;

  const significantlyWorse = isSignificantlyWorse({
    improvementAchieved,
    latencyChangeMs,
    p99Before,
  });

  const estimated = clamp(estimatedImpact.successRateChange, -1, 1);
  let meets: boolean;
  let adjustment: number;
  if (estimated > 0) {
    const ratio = improvementAchieved / estimated;
    meets = improvementAchieved >= EXPECTATION_SHARE * estimated - ROUNDING_TOLERANCE;
    adjustment = 0.2 * (ratio - EXPECTATION_SHARE);
  } else {
    const line = estimated - NO_GAIN_TOLERANCE;
    meets = improvementAchieved >= line - ROUNDING_TOLERANCE;
    adjustment = 10 * (improvementAchieved - line);
  }
  const confidenceAdjustment = significantlyWorse
    ? -MAX_CONFIDENCE_ADJUSTMENT
    : tidy(clamp(adjustment, -MAX_CONFIDENCE_ADJUSTMENT, MAX_CONFIDENCE_ADJUSTMENT));

  return {
    improvementAchieved,
    latencyChangeMs,
    costChange,
    metExpectations: meets && !significantlyWorse,
    confidenceAdjustment,
    significantlyWorse,
    status: significantlyWorse ? 'failed' : 'success',
  };
}

/** Two-sided significance level below which a drop fails the canary. */
export const CANARY_FAIL_ALPHA = 0.01;

/** Two-sided significance level below which a drop makes the canary marginal. */
export const CANARY_MARGINAL_ALPHA = 0.05;

/** A significant drop smaller than this (0.5 pt) is only marginal: too small to matter. */
export const CANARY_MIN_FAIL_DROP = 0.005;

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedPValue(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 1 : 0;
  return pValueOf(z, 'two-sided');
}

/**
 * Kayenta-style canary verdict comparing the next live window (`after`) with the previous one
 * (`before`) by a pooled two-proportion z-test on success counts (successRate × totalTransactions,
 * rounded). `fail` when the success rate dropped significantly at α = 0.01 by at least 0.5 pt;
 * `marginal` when it dropped significantly at α = 0.05 but not enough to fail, or when a window is
 * empty and nothing can be said; `pass` otherwise (no significant drop, or an improvement).
 */
export function canaryVerdict(before: MetricsSnapshot, after: MetricsSnapshot): CanaryVerdict {
  const n1 = before.totalTransactions;
  const n2 = after.totalTransactions;
  const p1 = clamp(before.successRate, 0, 1);
  const p2 = clamp(after.successRate, 0, 1);
  if (n1 === 0 || n2 === 0) {
    return {
      verdict: 'marginal',
      zScore: 0,
      pValue: 1,
      successRateBefore: p1,
      successRateAfter: p2,
    };
  }
  const s1 = Math.round(p1 * n1);
  const s2 = Math.round(p2 * n2);
  const pooled = (s1 + s2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const diff = s2 / n2 - s1 / n1;
  // With no variance (all succeeded or all failed in both), the rates are equal: nothing to test.
  const zScore = se > 0 ? tidy(diff / se) : 0;
  const pValue = twoSidedPValue(zScore);
  let verdict: CanaryVerdict['verdict'] = 'pass';
  if (zScore < 0 && pValue < CANARY_MARGINAL_ALPHA) {
    verdict = pValue < CANARY_FAIL_ALPHA && -diff >= CANARY_MIN_FAIL_DROP ? 'fail' : 'marginal';
  }
  return { verdict, zScore, pValue, successRateBefore: p1, successRateAfter: p2 };
}
