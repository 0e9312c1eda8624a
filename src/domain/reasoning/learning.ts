/**
 * How past outcomes correct the next decision. The planner's estimates are priors computed from
 * the metrics; experience with the same action for the same pattern pulls them toward what was
 * actually achieved (shrinkage with weight n / (n + k)), raises the risk of actions that failed or
 * were rolled back, and shifts the decision's confidence by the outcomes' confidence adjustments.
 */
import type { ActionType, LearningContext, OutcomeSummary, PatternType } from '../../contracts';
import { clamp, clampUnit } from '../numbers';
import { leadOf } from './experience-context';

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

/** Weight of one imported outcome against one of the agent's own: foreign experience counts less. */
export const IMPORTED_WEIGHT = 0.3;

/** How much one outcome counts: 1 for the agent's own, IMPORTED_WEIGHT for imported history. */
export function outcomeWeight(o: Pick<OutcomeSummary, 'origin'>): number {
  return o.origin === 'imported' ? IMPORTED_WEIGHT : 1;
}

/** Weighted experience from a set of outcomes of one action (null when they weigh nothing). */
function experienceOf(outcomes: readonly OutcomeSummary[]): Experience | null {
  let w = 0;
  let improvement = 0;
  let error = 0;
  let adjustment = 0;
  let failed = 0;
  let rolledBack = 0;
  for (const o of outcomes) {
    const k = outcomeWeight(o);
    w += k;
    improvement += k * o.improvementAchieved;
    error += k * (o.improvementAchieved - o.estimatedSuccessRateChange);
    adjustment += k * o.confidenceAdjustment;
    if (!o.metExpectations) failed += k;
    if (o.rollbackTriggered) rolledBack += k;
  }
  if (w <= 0) return null;
  return {
    count: outcomes.length,
    meanImprovement: improvement / w,
    meanEstimateError: error / w,
    meanConfidenceAdjustment: adjustment / w,
    failureShare: failed / w,
    rollbackShare: rolledBack / w,
    weight: w / (w + SHRINKAGE_K),
  };
}

/**
 * The experience with `actionType` for `pattern`. With a context key, the outcomes taken in that
 * same context come first (shifting into a free backup is not shifting into a full one); without
 * any, the statistics or the recent outcomes of the pattern and action. Null when there is none.
 */
export function experienceFor(
  context: LearningContext,
  pattern: PatternType,
  actionType: ActionType,
  contextKey?: string,
): Experience | null {
  const recent = context.recentOutcomes.filter(
    (o) => o.pattern === pattern && o.actionType === actionType,
  );
  if (contextKey !== undefined) {
    const same = experienceOf(recent.filter((o) => o.context === contextKey));
    if (same !== null) return same;
  }
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
  return experienceOf(recent);
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

/** A Beta posterior of the chance that an action meets expectations. */
export interface Posterior {
  alpha: number;
  beta: number;
  /** Weighted outcomes behind it (imported ones count IMPORTED_WEIGHT each). */
  weight: number;
}

/**
 * The Beta(1, 1)-prior posterior that `actionType` meets expectations for `pattern`: from the
 * outcomes taken in the same context when there are any, else from those under the same leading
 * pattern, else none; without a key, from every outcome of the pattern and action. Only what was
 * executed and judged counts.
 */
export function posteriorFor(
  context: LearningContext,
  pattern: PatternType,
  actionType: ActionType,
  contextKey?: string,
): Posterior {
  const all = context.recentOutcomes.filter(
    (o) => o.pattern === pattern && o.actionType === actionType,
  );
  let used = all;
  if (contextKey !== undefined) {
    used = all.filter((o) => o.context === contextKey);
    const lead = leadOf(contextKey);
    if (used.length === 0 && lead !== undefined)
      used = all.filter((o) => leadOf(o.context) === lead);
  }
  let alpha = 1;
  let beta = 1;
  let weight = 0;
  for (const o of used) {
    const k = outcomeWeight(o);
    weight += k;
    if (o.metExpectations) alpha += k;
    else beta += k;
  }
  return { alpha, beta, weight };
}

/** The posterior's mean: the estimated chance of meeting expectations. */
export function posteriorMean(p: Posterior): number {
  return p.alpha / (p.alpha + p.beta);
}
