import { z } from 'zod';
import { Probability } from './common';

/** The hard safety limits; user settings may only make them stricter. */
export const SafetyLimitsSchema = z.strictObject({
  /** Minimum decision confidence, 0–1 (seed: 60 %). */
  minConfidence: Probability,
  /** Largest share of one issuer's traffic one action may move, 0–1 (seed: 50 %). */
  maxTrafficShift: Probability,
  /** Largest retry multiplier an action may set (seed: 3.0). */
  maxRetryMultiplier: z.number().min(0).max(10),
  /** Most actions active at once (seed: 3). */
  maxConcurrentActions: z.number().int().min(0).max(20),
  /** Risk at or above this needs a human approval, 0–1. */
  approvalRiskThreshold: Probability,
});
export type SafetyLimits = z.infer<typeof SafetyLimitsSchema>;

/** The seeds' limits: the loosest the lab ever allows. */
export const DEFAULT_SAFETY_LIMITS: SafetyLimits = {
  minConfidence: 0.6,
  maxTrafficShift: 0.5,
  maxRetryMultiplier: 3,
  maxConcurrentActions: 3,
  approvalRiskThreshold: 0.7,
};
