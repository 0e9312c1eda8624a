import { z } from 'zod';
import { EpochMillis, Identifier, Probability, Text } from './common';
import { IssuerIdSchema, RouteIdSchema } from './world';

/** Every action the agent may propose. */
export const ACTION_TYPES = [
  'shift_traffic',
  'failover_processor',
  'unwind_action',
  'disable_route',
  'adjust_retry_policy',
  'implement_backoff',
  'adjust_timeout',
  'rate_limit',
  'send_notification',
  'do_nothing',
] as const;

/** One of the agent's action types. */
export const ActionTypeSchema = z.enum(ACTION_TYPES);
export type ActionType = z.infer<typeof ActionTypeSchema>;

/** Action categories: the seeds' three plus `retry_policy` and `none` for do_nothing. */
export const ActionCategorySchema = z.enum([
  'traffic_routing',
  'rate_limiting',
  'retry_policy',
  'alerting',
  'none',
]);
export type ActionCategory = z.infer<typeof ActionCategorySchema>;

/** The category each action type belongs to. */
export const ACTION_CATEGORY: Readonly<Record<ActionType, ActionCategory>> = {
  shift_traffic: 'traffic_routing',
  failover_processor: 'traffic_routing',
  unwind_action: 'traffic_routing',
  disable_route: 'traffic_routing',
  adjust_retry_policy: 'retry_policy',
  implement_backoff: 'retry_policy',
  adjust_timeout: 'rate_limiting',
  rate_limit: 'rate_limiting',
  send_notification: 'alerting',
  do_nothing: 'none',
};

/** A parameter value: a bounded string, a finite number or a boolean. */
export const ParameterValueSchema = z.union([z.string().max(200), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValueSchema>;

/** Action-specific parameters, as in the seeds (`[key: string]: any`), but JSON-safe and bounded. */
export const ActionParametersSchema = z
  .record(z.string().min(1).max(64), ParameterValueSchema)
  .refine((p) => Object.keys(p).length <= 16, { message: 'at most 16 parameters' });
export type ActionParameters = z.infer<typeof ActionParametersSchema>;

/** Who a notification goes to. */
export const NotificationChannelSchema = z.enum(['on_call', 'issuer_liaison', 'incident_channel']);
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

/** How urgent a notification is, least first. */
export const NotificationSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type NotificationSeverity = z.infer<typeof NotificationSeveritySchema>;

/**
 * The exact parameters each action type takes. The Decision contract stays loose (seed contract);
 * the guardrails check a decision's parameters against these before anything is executed.
 */
export const TypedParametersSchemas = {
  shift_traffic: z.strictObject({
    issuerId: IssuerIdSchema,
    fromRoute: RouteIdSchema,
    toRoute: RouteIdSchema,
    /** Share of the issuer's traffic to move, 0–1 (the guardrail caps it per action). */
    percentage: Probability,
  }),
  /**
   * Moves every issuer's traffic off the route whose processor fails, as one action: each issuer
   * moves `percentage` of its traffic (capped per issuer like one shift), so a processor outage is
   * one change to judge and undo, not one per issuer.
   */
  failover_processor: z.strictObject({
    fromRoute: RouteIdSchema,
    toRoute: RouteIdSchema,
    percentage: Probability,
  }),
  /**
   * Undoes part or all of an action still in force (named by the id of its audit record): it
   * cancels what it undoes rather than adding a change, so it never counts as a new concurrent
   * action. `fraction` 1 restores that action's part of the plane fully.
   */
  unwind_action: z.strictObject({
    actionRecordId: Identifier,
    fraction: Probability,
  }),
  disable_route: z.strictObject({ issuerId: IssuerIdSchema, routeId: RouteIdSchema }),
  adjust_retry_policy: z.strictObject({
    maxRetries: z.number().int().min(0).max(10),
    multiplier: z.number().min(0).max(10),
    /**
     * Whether hard declines (INSUFFICIENT_FUNDS, DO_NOT_HONOR) are retried; false keeps retrying
     * only soft failures (timeouts, unavailable issuers). Absent leaves the current setting.
     */
    retryHardDeclines: z.boolean().optional(),
  }),
  implement_backoff: z.strictObject({ enabled: z.literal(true).optional() }),
  adjust_timeout: z.strictObject({ timeoutMs: z.number().min(50).max(60_000) }),
  rate_limit: z.strictObject({ attemptsPerPayment: z.number().min(1).max(20) }),
  send_notification: z.strictObject({
    channel: NotificationChannelSchema,
    severity: NotificationSeveritySchema.optional(),
  }),
  do_nothing: z.strictObject({}),
} as const satisfies Record<ActionType, z.ZodType>;

/** Expected effect of an action, as the agent estimates it. */
export const EstimatedImpactSchema = z.object({
  /** Expected change of the success rate, −1 to 1 (0.02 = two points better). */
  successRateChange: z.number().min(-1).max(1),
  /** Expected change of p99 latency in ms (negative = faster). */
  latencyImpact: z.number().min(-600_000).max(600_000),
  /** Expected relative cost increase, 0–1. */
  costImpact: Probability,
  /** Risk of the action, 0–1. */
  riskLevel: Probability,
});
export type EstimatedImpact = z.infer<typeof EstimatedImpactSchema>;

/** One concrete action: seed contract 2's selectedAction. */
export const ActionProposalSchema = z.object({
  id: Identifier,
  category: ActionCategorySchema,
  type: ActionTypeSchema,
  description: Text,
  parameters: ActionParametersSchema,
  estimatedImpact: EstimatedImpactSchema,
  prerequisites: z.array(Text).max(20),
  reversible: z.boolean(),
  // Extensions.
  /** The composite score the decision gave this proposal, 0–1. */
  score: Probability.optional(),
  /** Why the planner proposed it, including the observed values it used. */
  rationale: Text.optional(),
  /** How many past outcomes of this action for this pattern shaped the estimate. */
  learnedFrom: z.number().int().nonnegative().optional(),
});
export type ActionProposal = z.infer<typeof ActionProposalSchema>;

/** A proposal the decision did not pick, and why. */
export const RejectedActionSchema = z.object({
  actionId: Identifier,
  reason: Text,
  comparedToSelected: Text,
  // Extensions.
  type: ActionTypeSchema.optional(),
  score: Probability.optional(),
});
export type RejectedAction = z.infer<typeof RejectedActionSchema>;

/** Seed contract 2: what the reasoning engine decided. */
export const DecisionSchema = z.object({
  selectedAction: ActionProposalSchema,
  rejectedActions: z.array(RejectedActionSchema).max(50),
  /** Composite score of the selected action, 0–1. */
  score: Probability,
  requiresHumanApproval: z.boolean(),
  approvalReasons: z.array(Text).max(20),
  /** Confidence in the decision, 0–0.99: never certain. */
  confidenceInDecision: z.number().min(0).max(0.99),
  decidedAt: EpochMillis,
  // Extensions.
  /** The pattern the decision answers (see PatternType). */
  pattern: z.string().max(64).optional(),
  /** The hypothesis the decision rests on. */
  hypothesisId: Identifier.optional(),
  /**
   * Set when exploration changed the pick: the action the decision takes without exploring, and
   * the sentence the decision panel shows.
   */
  exploration: z
    .object({
      insteadOfActionId: Identifier,
      insteadOfType: ActionTypeSchema,
      note: Text,
    })
    .optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
