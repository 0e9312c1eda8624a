import { z } from 'zod';
import { EpochMillis, Identifier, Millis, Probability, Text } from './common';
import { ActionTypeSchema, EstimatedImpactSchema } from './decision';
import { MetricsSnapshotSchema } from './metrics';
import { PatternTypeSchema } from './reasoning';

export {
  DEFAULT_SAFETY_LIMITS,
  MAX_ACTION_TERM_WINDOWS,
  MAX_PROBE_SHARE,
  SafetyLimitsSchema,
  WINDOW_DURATION_MS,
  type SafetyLimits,
} from './safety-limits';

/** Guardrail rules; every violation names the rule it broke. */
export const GuardrailRuleSchema = z.enum([
  'min_confidence',
  'max_traffic_shift',
  'max_retry_multiplier',
  'max_concurrent_actions',
  'human_approval',
  'known_action_type',
  'valid_parameters',
  'last_enabled_route',
  'irreversible_needs_approval',
  // Extension: the decision itself does not match the Decision contract (or carries unsafe keys).
  'valid_decision',
]);
export type GuardrailRule = z.infer<typeof GuardrailRuleSchema>;

/** One broken rule with a readable reason such as "Confidence 55.0% below minimum 60.0%". */
export const ViolationSchema = z.object({
  rule: GuardrailRuleSchema,
  message: Text,
});
export type Violation = z.infer<typeof ViolationSchema>;

/** The guardrails' verdict on one decision: all violations, not only the first. */
export const SafetyCheckSchema = z.object({
  isApproved: z.boolean(),
  blockReason: Text.nullable(),
  violations: z.array(ViolationSchema).max(50),
});
export type SafetyCheck = z.infer<typeof SafetyCheckSchema>;

/** Kayenta-style verdict comparing the next live window with the previous one. */
export const CanaryVerdictSchema = z.object({
  verdict: z.enum(['pass', 'marginal', 'fail']),
  /** Two-proportion z statistic of success rate (after − before). */
  zScore: z.number(),
  pValue: Probability,
  successRateBefore: Probability,
  successRateAfter: Probability,
});
export type CanaryVerdict = z.infer<typeof CanaryVerdictSchema>;

/** Seed contract 3: what executing one action achieved. */
export const ActionOutcomeSchema = z.object({
  actionId: Identifier,
  executedAt: EpochMillis,
  status: z.enum(['success', 'failed', 'in_progress']),
  /** Metrics before the action (the window without it). */
  baselineMetrics: MetricsSnapshotSchema,
  /** Metrics after the action (the same window, same seed, with it). */
  currentMetrics: MetricsSnapshotSchema,
  /** Achieved success-rate change, −1 to 1 (the seeds' 0–1, extended: an action can hurt). */
  improvementAchieved: z.number().min(-1).max(1),
  metExpectations: z.boolean(),
  rollbackTriggered: z.boolean(),
  /** How much the next cycle should trust this kind of action more or less, −0.2 to 0.2. */
  confidenceAdjustment: z.number().min(-0.2).max(0.2),
  executionTimeMs: Millis,
  // Extensions.
  actionType: ActionTypeSchema.optional(),
  pattern: PatternTypeSchema.optional(),
  estimatedImpact: EstimatedImpactSchema.optional(),
  /** p99 change in ms caused by the action (negative = faster). */
  latencyChangeMs: z.number().optional(),
  /** Relative change of the cost per payment caused by the action. */
  costChange: z.number().optional(),
  canary: CanaryVerdictSchema.optional(),
});
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

/** The executor's answer for one decision. */
export const ExecutionResultSchema = z.object({
  actionId: Identifier,
  safetyCheck: SafetyCheckSchema,
  executed: z.boolean(),
  outcome: ActionOutcomeSchema.optional(),
  blockReason: Text.optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResultSchema>;

/** A human's answer to a decision that asked for approval. */
export const HumanApprovalSchema = z.object({
  approved: z.boolean(),
  by: z.string().max(200).optional(),
  at: EpochMillis,
  note: Text.optional(),
});
export type HumanApproval = z.infer<typeof HumanApprovalSchema>;
