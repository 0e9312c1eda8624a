/**
 * How past outcomes correct the next decision. The planner's estimates are priors computed from
 * the metrics; experience with the same action for the same pattern pulls them toward what was
 * actually achieved (shrinkage with weight n / (n + k)), raises the risk of actions that failed or
 * were rolled back, and shifts the decision's confidence by the outcomes' confidence adjustments.
 */
import type { ActionType, LearningContext, PatternType } from '../../contracts';
import { clamp, clampUnit } from '../numbers';

/** Pseudo-count of the prior: after k outcomes, observation and estimate weigh the same. */
export const SHRINKAGE_K = 2;

/** What the learning context says about one action for one pattern. */
export interface Experience {
  count: number;
  meanImprovement: number;
  meanEstimateError: number;
  meanConfidenceAdjustment: number;
  /** Share of outcomes that did not succeed, 0–1. */
  failureShare: number;
  /** Share of recent outcomes that were rolled back, 0–1. */
  rollbackShare: number;
  /** n / (n + k): how much the observations outweigh the prior. */
  weight: number;
}

/** The experience with `actionType` for `pattern`, from the statistics or the recent outcomes; null when there is none. */
export function experienceFor(
  context: LearningContext,
  pattern: PatternType,
  actionType: ActionType,
): Experience | null {
  const recent = context.recentOutcomes.filter(
    (o) => o.pattern === pattern && o.actionType === actionType,
  );
  const rollbackShare =
    recent.length > 0 ? recent.filter((o) => o.rollbackTriggered).length / recent.length : 0;
  const stats = context.stats.find(
    (s) => s.pattern === pattern && s.actionType === actionType && s.count > 0,
  );
  if (stats) {
    return {
      count: stats.count,
      meanImprovement: stats.meanImprovement,
      meanEstimateError: stats.meanEstimateError,
      meanConfidenceAdjustment: stats.meanConfidenceAdjustment,
      failureShare: clampUnit(1 - stats.successCount / stats.count),
      rollbackShare,
      weight: stats.count / (stats.count + SHRINKAGE_K),
    };
  }
  if (recent.length === 0) return null;
  const mean = (f: (o: (typeof recent)[number]) => number): number =>
    recent.reduce((s, o) => s + f(o), 0) / recent.length;
  return {
    count: recent.length,
    meanImprovement: mean((o) => o.improvementAchieved),
    meanEstimateError: mean((o) => o.improvementAchieved - o.estimatedSuccessRateChange),
    meanConfidenceAdjustment: mean((o) => o.confidenceAdjustment),
    failureShare: recent.filter((o) => !o.metExpectations).length / recent.length,
    rollbackShare,
    weight: recent.length / (recent.length + SHRINKAGE_K),
  };
}

/** Below this mean estimate (0.1 pt) past estimates say too little to scale by: pull additively. */
export const MIN_SCALABLE_ESTIMATE = 0.001;

/** The calibration factor is kept within this range, so one freak outcome cannot flip a sign. */
export const MAX_CALIBRATION = 4;

/**
 * How much the world gave per unit of estimated gain for this action and pattern: mean achieved
 * over mean estimated, within 0…MAX_CALIBRATION; null when past estimates were too small to
 * scale by.
 */
export function calibrationFactor(experience: Experience): number | null {
  const meanEstimate = experience.meanImprovement - experience.meanEstimateError;
  if (meanEstimate < MIN_SCALABLE_ESTIMATE) return null;
  return clamp(experience.meanImprovement / meanEstimate, 0, MAX_CALIBRATION);
}

/**
 * Corrects a success-rate estimate by experience, by the experience's weight. When past estimates
 * were gains, the estimate is scaled by how much of the estimated gain the world delivered: the
 * same action helps a big issuer more than a small one, so a pooled mean improvement would
 * overrate it for the small one and underrate it for the big one, while the ratio carries over.
 * An estimate of no gain stays as it is then. Otherwise (past estimates near zero) it is pulled
 * toward the observed mean improvement.
 */
export function correctEstimate(estimate: number, experience: Experience | null): number {
  if (experience === null) return estimate;
  const w = experience.weight;
  const factor = calibrationFactor(experience);
  if (factor !== null) {
    // An estimate of no gain rests on what this window shows (e.g. no load to relieve); gains
    // seen in other windows of the pattern say nothing against it, so only gains are scaled.
    return estimate > 0 ? clamp(estimate * (1 - w + w * factor), -1, 1) : estimate;
  }
  return clamp((1 - w) * estimate + w * experience.meanImprovement, -1, 1);
}

/** Raises the risk of an action that failed or was rolled back before (up to +0.3). */
export function correctRisk(risk: number, experience: Experience | null): number {
  if (experience === null) return risk;
  const penalty =
    0.3 * experience.weight * Math.max(experience.failureShare, experience.rollbackShare);
  return clampUnit(risk + penalty);
}

/** How far past confidence adjustments move the confidence of a decision for this action (−0.2 to 0.2). */
export function confidenceShift(experience: Experience | null): number {
  if (experience === null) return 0;
  return clamp(experience.weight * experience.meanConfidenceAdjustment, -0.2, 0.2);
}

/** Whether any past outcome exists for this pattern (otherwise the situation is novel). */
export function hasPastOutcome(context: LearningContext, pattern: PatternType): boolean {
  return (
    context.stats.some((s) => s.pattern === pattern && s.count > 0) ||
    context.recentOutcomes.some((o) => o.pattern === pattern)
  );
}
