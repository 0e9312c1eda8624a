/**
 * The rollback policy: when an executed action made things significantly worse, and when the
 * executor undoes it at once.
 */
import type { CanaryVerdict } from '../../contracts';

/** A success-rate drop of this much (2 pt) or more is significantly worse: roll back. */
export const WORSE_SUCCESS_DROP = 0.02;

/** p99 rising by more than this share of its old value … */
export const WORSE_P99_RELATIVE = 0.5;

/** … and by more than this many milliseconds is significantly worse too (both must hold). */
export const WORSE_P99_ABSOLUTE_MS = 100;

/**
 * Differences of success rates carry float rounding (0.82 − 0.8 = 0.01999…); comparisons with a
 * threshold allow this much so that a change exactly on the line counts as on it.
 */
export const ROUNDING_TOLERANCE = 1e-9;

/** The paired counterfactual's figures the floors read. */
export interface ActionEffect {
  /** Success-rate change caused by the action (with − without). */
  improvementAchieved: number;
  /** p99 change caused by the action, ms. */
  latencyChangeMs: number;
  /** p99 without the action, ms. */
  p99Before: number;
}

/**
 * Significantly worse: success dropped by WORSE_SUCCESS_DROP (2 pt) or more, or p99 rose by more
 * than WORSE_P99_RELATIVE (50 %) of its old value and by more than WORSE_P99_ABSOLUTE_MS (100 ms).
 */
export function isSignificantlyWorse(effect: ActionEffect): boolean {
  return (
    effect.improvementAchieved <= -WORSE_SUCCESS_DROP + ROUNDING_TOLERANCE ||
    (effect.latencyChangeMs > WORSE_P99_RELATIVE * effect.p99Before &&
      effect.latencyChangeMs > WORSE_P99_ABSOLUTE_MS)
  );
}

/**
 * Whether the executor undoes an action at once: when its own effect was significantly worse, or
 * when the canary failed and the action did not help either. The paired counterfactual is the
 * action's own effect; the canary also sees the world moving, so a failing canary alone is not
 * the action's fault.
 */
export function shouldRollBack(
  judgement: { significantlyWorse: boolean; improvementAchieved: number },
  canary: Pick<CanaryVerdict, 'verdict'>,
): boolean {
  return (
    judgement.significantlyWorse || (canary.verdict === 'fail' && judgement.improvementAchieved < 0)
  );
}
