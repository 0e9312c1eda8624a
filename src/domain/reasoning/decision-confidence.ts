/**
 * The decision's evidence confidence, before any calibration: a floor, the score's lead over the
 * best rival remedy, the hypothesis it rests on and the learned shift.
 */
import { clamp, clampUnit, round } from '../numbers';

/**
 * Confidence the decision takes from the score gap: gap × this, at most 0.5 (a 0.125 lead is
 * decisive). Scores live in a narrow band (a clear remedy leads a notification by 0.05–0.15), so a
 * smaller factor left clear but modest remedies below the guardrails' 60 % for ever: they were
 * blocked, never executed, and so never learned from.
 */
export const GAP_FACTOR = 4;
/** Highest confidence the engine ever states. */
export const MAX_CONFIDENCE = 0.99;

/** Decision confidence: 0.1 + score gap (0–0.5) + hypothesis confidence (0–0.4) + learned shift, within 0–0.99. */
export function decisionConfidence(
  gap: number,
  hypothesisConfidence: number,
  shift: number,
): number {
  const c = 0.1 + clamp(GAP_FACTOR * gap, 0, 0.5) + 0.4 * clampUnit(hypothesisConfidence) + shift;
  return round(clamp(c, 0, MAX_CONFIDENCE), 4);
}
