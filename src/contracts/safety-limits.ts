import { z } from 'zod';
import { Probability } from './common';

/** Largest probe share a route keeps after a shift empties it. */
export const MAX_PROBE_SHARE = 0.2;

/** Longest term of an action in windows (a day of simulated minutes). */
export const MAX_ACTION_TERM_WINDOWS = 1440;

/** Simulated milliseconds one window covers: the lab's clock ticks a minute at a time. */
export const WINDOW_DURATION_MS = 60_000;

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
  /**
   * Share a shift or failover leaves on the route it empties, 0–0.2 (default 5 %), so the route's
   * recovery stays visible in the windows. A hedge, not a limit: any value in range is honoured.
   */
  probeShare: z.number().min(0).max(MAX_PROBE_SHARE).optional(),
  /**
   * Windows (one simulated minute each) a control-plane action stays in force before it lapses
   * back to the plane before it, unless re-proposed (default 30 = 30 minutes of simulated time).
   */
  actionTermWindows: z.number().int().min(1).max(MAX_ACTION_TERM_WINDOWS).optional(),
});
export type SafetyLimits = z.infer<typeof SafetyLimitsSchema>;

/** The seeds' limits: the loosest the lab ever allows. */
export const DEFAULT_SAFETY_LIMITS: SafetyLimits = {
  minConfidence: 0.6,
  maxTrafficShift: 0.5,
  maxRetryMultiplier: 3,
  maxConcurrentActions: 3,
  approvalRiskThreshold: 0.7,
  probeShare: 0.05,
  actionTermWindows: 30,
};
