import { z } from 'zod';
import { EpochMillis, Identifier, Probability, Text } from './common';
import { ActionProposalSchema, ActionTypeSchema, DecisionSchema } from './decision';
import { KNOWN_ERROR_CODES, MetricsSnapshotSchema } from './metrics';
import { ObservationSchema } from './observation';
import { PatternTypeSchema } from './pattern-type';
import { SafetyLimitsSchema } from './safety-limits';
import { IssuerIdSchema, RouteIdSchema } from './world';

/** One observed fact a conclusion rests on: which metric, where, baseline against current. */
export const EvidenceSchema = z.object({
  metric: z.string().min(1).max(100),
  issuerId: Identifier.optional(),
  routeId: RouteIdSchema.optional(),
  errorCode: z.string().max(64).optional(),
  baselineValue: z.number().nullable(),
  currentValue: z.number(),
  note: Text.optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Kinds of deviation from baseline the engine detects. */
export const AnomalyTypeSchema = z.enum([
  'success_rate_drop',
  'latency_spike',
  'retry_amplification',
]);
export type AnomalyType = z.infer<typeof AnomalyTypeSchema>;

/** How serious a deviation is. */
export const SeveritySchema = z.enum(['warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A deviation from baseline, system-wide or for one issuer, with its statistical support. */
export const AnomalySchema = z.object({
  type: AnomalyTypeSchema,
  severity: SeveritySchema,
  /** `system` or the issuer id the anomaly is about. */
  scope: Identifier,
  metric: z.string().min(1).max(100),
  baselineValue: z.number(),
  currentValue: z.number(),
  /** Relative deviation from baseline (0.137 = 13.7 %). */
  deviation: z.number(),
  /** p-value of the test that the change is not noise; null when counts do not allow a test. */
  pValue: Probability.nullable(),
  description: Text,
  evidence: z.array(EvidenceSchema).max(20),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

// The pattern names live in their own module so that the observation contract can name them
// without importing this one (which imports the observation contract).
export { PATTERN_TYPES, PatternTypeSchema, type PatternType } from './pattern-type';

/** Where a fault seems to sit: on a processor route (routing helps) or at the issuer (it does not). */
export const FaultLocationSchema = z.enum(['route', 'issuer', 'network', 'client', 'unknown']);
export type FaultLocation = z.infer<typeof FaultLocationSchema>;

/** A recognised pattern with the evidence for it. */
export const PatternSchema = z.object({
  type: PatternTypeSchema,
  /** Issuers the pattern concerns (empty for system-wide patterns). */
  issuerIds: z.array(Identifier).max(64),
  faultLocation: FaultLocationSchema,
  /** Route the fault sits on, when it is route-side. */
  routeId: RouteIdSchema.optional(),
  /** How strongly the evidence matches, 0–0.99. */
  strength: z.number().min(0).max(0.99),
  description: Text,
  evidence: z.array(EvidenceSchema).max(40),
});
export type Pattern = z.infer<typeof PatternSchema>;

/** Where a hypothesis came from. */
export const HypothesisSourceSchema = z.enum(['template', 'llm']);
export type HypothesisSource = z.infer<typeof HypothesisSourceSchema>;

/**
 * The shape an LLM must answer in (one hypothesis); anything else is rejected. Bounded strings and
 * arrays so a hostile answer cannot flood the UI.
 */
export const LlmHypothesisSchema = z.strictObject({
  pattern: PatternTypeSchema,
  rootCause: z.string().min(1).max(500),
  evidence: z.array(z.string().min(1).max(300)).min(1).max(10),
  suggestedActions: z.array(ActionTypeSchema).min(1).max(8),
  confidence: z.number().min(0).max(0.99),
});
export type LlmHypothesis = z.infer<typeof LlmHypothesisSchema>;

/** Most hypotheses one LLM answer may carry. */
export const LLM_MAX_HYPOTHESES = 5;

/** A whole LLM answer: a short array of hypotheses, nothing else. */
export const LlmHypothesesSchema = z.array(LlmHypothesisSchema).min(1).max(LLM_MAX_HYPOTHESES);
export type LlmHypotheses = z.infer<typeof LlmHypothesesSchema>;

/** A metric's baseline and current value as the LLM prompt states them. */
const FactPairSchema = z.strictObject({ baseline: z.number().nullable(), current: z.number() });

/**
 * The only facts an LLM prompt may carry: numbers, enum values and known issuer ids. Free text
 * from snapshots (issuer names, unknown ids or error codes) cannot pass, so it cannot reach a prompt.
 */
export const LlmFactsSchema = z.strictObject({
  system: z.strictObject({
    transactions: z.number().int().nonnegative(),
    successRate: FactPairSchema,
    p99LatencyMs: FactPairSchema,
    retryRatio: FactPairSchema,
  }),
  issuers: z
    .array(
      z.strictObject({
        issuerId: IssuerIdSchema,
        trafficShare: Probability,
        successRate: FactPairSchema,
        p99LatencyMs: FactPairSchema,
        retryRatio: FactPairSchema,
        errorShares: z
          .array(z.strictObject({ code: z.enum(KNOWN_ERROR_CODES), share: Probability }))
          .max(KNOWN_ERROR_CODES.length),
        routes: z
          .array(
            z.strictObject({
              routeId: RouteIdSchema,
              trafficShare: Probability,
              successRate: Probability,
            }),
          )
          .max(2),
      }),
    )
    .max(8),
  anomalies: z
    .array(
      z.strictObject({
        type: AnomalyTypeSchema,
        severity: SeveritySchema,
        scope: z.union([z.literal('system'), IssuerIdSchema]),
        baselineValue: z.number(),
        currentValue: z.number(),
        deviation: z.number(),
        pValue: Probability.nullable(),
      }),
    )
    .max(40),
  patterns: z
    .array(
      z.strictObject({
        type: PatternTypeSchema,
        issuerIds: z.array(IssuerIdSchema).max(8),
        faultLocation: FaultLocationSchema,
        routeId: RouteIdSchema.optional(),
        strength: z.number().min(0).max(0.99),
      }),
    )
    .max(20),
});
export type LlmFacts = z.infer<typeof LlmFactsSchema>;

/** A hypothesis about the root cause, from a template or an LLM. */
export const HypothesisSchema = z.object({
  id: Identifier,
  pattern: PatternTypeSchema,
  rootCause: Text,
  evidence: z.array(Text).max(20),
  suggestedActions: z.array(ActionTypeSchema).max(8),
  /** 0–0.99, never 1. */
  confidence: z.number().min(0).max(0.99),
  source: HypothesisSourceSchema,
  issuerIds: z.array(Identifier).max(64).optional(),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

/** Every threshold and weight of the reasoning engine; defaults come from the seeds. */
export const ReasoningConfigSchema = z.strictObject({
  /** success_rate_drop fires when the success rate is this much below baseline (relative). */
  successRateDropThreshold: z.number().min(0.001).max(1),
  /** latency_spike fires when p99 is this much above baseline (relative). */
  latencySpikeThreshold: z.number().min(0.01).max(100),
  /** retry_amplification needs a retry ratio above this … */
  retryRatioThreshold: Probability,
  /** … and at least this many times the baseline's. */
  retryRatioFactor: z.number().min(1).max(100),
  /** issuer_degradation: an issuer's success rate under this is degraded. */
  issuerDegradationThreshold: Probability,
  /** A deviation this many times its threshold is critical rather than a warning. */
  criticalMultiplier: z.number().min(1).max(100),
  /** Significance level of the two-proportion tests. */
  significanceLevel: z.number().min(1e-9).max(0.5),
  /** Minimum hypothesis confidence for an action other than notify / do nothing. */
  confidenceThreshold: Probability,
  /** Decision weights; they must sum to 1. */
  weights: z
    .strictObject({
      successRate: Probability,
      latency: Probability,
      cost: Probability,
      risk: Probability,
    })
    .refine((w) => Math.abs(w.successRate + w.latency + w.cost + w.risk - 1) <= 1e-9, {
      message: 'weights must sum to 1',
    }),
  /**
   * Decisions below this confidence need a human (may only be raised). Risk that needs a human is
   * SafetyLimits.approvalRiskThreshold: one threshold for the decision and the guardrails.
   */
  lowConfidenceThreshold: Probability,
  /** Two hypotheses within this confidence of each other are ambiguous. */
  ambiguityMargin: Probability,
});
export type ReasoningConfig = z.infer<typeof ReasoningConfigSchema>;

/** The seeds' thresholds and weights. */
export const DEFAULT_REASONING_CONFIG: ReasoningConfig = {
  successRateDropThreshold: 0.05,
  latencySpikeThreshold: 0.25,
  retryRatioThreshold: 0.1,
  retryRatioFactor: 2,
  issuerDegradationThreshold: 0.85,
  criticalMultiplier: 2,
  significanceLevel: 0.01,
  confidenceThreshold: 0.5,
  weights: { successRate: 0.4, latency: 0.3, cost: 0.2, risk: 0.1 },
  lowConfidenceThreshold: 0.7,
  ambiguityMargin: 0.1,
};

/** Whose experience an outcome is: the agent's own, or history imported from elsewhere. */
export const OutcomeOriginSchema = z.enum(['own', 'imported']);
export type OutcomeOrigin = z.infer<typeof OutcomeOriginSchema>;

/** One past outcome as the reasoning engine sees it. */
export const OutcomeSummarySchema = z.object({
  actionId: Identifier,
  actionType: ActionTypeSchema,
  pattern: PatternTypeSchema,
  executedAt: EpochMillis,
  improvementAchieved: z.number().min(-1).max(1),
  estimatedSuccessRateChange: z.number().min(-1).max(1),
  metExpectations: z.boolean(),
  rollbackTriggered: z.boolean(),
  confidenceAdjustment: z.number().min(-0.2).max(0.2),
  /**
   * The situation the action was taken in (see experience-context.ts: fault location, route,
   * destination headroom band, share band), when the decision recorded one.
   */
  context: z.string().min(1).max(200).optional(),
  /** Own experience (absent = own) or imported history, which weighs less. */
  origin: OutcomeOriginSchema.optional(),
});
export type OutcomeSummary = z.infer<typeof OutcomeSummarySchema>;

/** Aggregated experience with one action type for one pattern. */
export const PatternActionStatsSchema = z.object({
  pattern: PatternTypeSchema,
  actionType: ActionTypeSchema,
  count: z.number().int().nonnegative(),
  successCount: z.number().int().nonnegative(),
  meanImprovement: z.number().min(-1).max(1),
  /** Mean of (achieved − estimated) success-rate change: how far off the estimates were. */
  meanEstimateError: z.number().min(-2).max(2),
  meanConfidenceAdjustment: z.number().min(-0.2).max(0.2),
});
export type PatternActionStats = z.infer<typeof PatternActionStatsSchema>;

/** What the learning store hands the next cycle. */
export const LearningContextSchema = z.object({
  totalOutcomes: z.number().int().nonnegative(),
  recentOutcomes: z.array(OutcomeSummarySchema).max(1000),
  stats: z.array(PatternActionStatsSchema).max(1000),
});
export type LearningContext = z.infer<typeof LearningContextSchema>;

/** An empty learning context: a first cycle with nothing learned. */
export const EMPTY_LEARNING_CONTEXT: LearningContext = {
  totalOutcomes: 0,
  recentOutcomes: [],
  stats: [],
};

/**
 * Input of `reason()`; time comes in as `now` so the engine stays pure. Either an observation or
 * both currentMetrics and baselineMetrics must be given.
 */
export const ReasoningInputSchema = z
  .object({
    /** The window to reason about, when no observation is given. */
    currentMetrics: MetricsSnapshotSchema.optional(),
    /** The healthy window to compare with, when no observation is given. */
    baselineMetrics: MetricsSnapshotSchema.optional(),
    learningContext: LearningContextSchema,
    config: ReasoningConfigSchema,
    /** Raw LLM answer, validated by the engine; anything off-schema falls back to templates. */
    llmHypotheses: z.unknown().optional(),
    now: EpochMillis,
    /** The safety limits in force; the planner proposes within them (the seeds' when absent). */
    limits: SafetyLimitsSchema.optional(),
    /**
     * What a production router sees: the last windows (the last is the current one), the baseline,
     * the live control plane and the actions in force. When given, it takes the place of
     * currentMetrics and baselineMetrics.
     */
    observation: ObservationSchema.optional(),
    /**
     * Seed of the draws for exploring among safe candidates (Thompson sampling); absent means no
     * exploration, so the engine stays deterministic for callers that bring no randomness.
     */
    explorationSeed: z.number().int().min(0).max(0xffff_ffff).optional(),
    /** 'evidence' states the uncalibrated evidence confidence, the input a calibration is fitted on. */
    calibration: z.literal('evidence').optional(),
  })
  .refine(
    (i) =>
      i.observation !== undefined ||
      (i.currentMetrics !== undefined && i.baselineMetrics !== undefined),
    {
      message: 'give an observation, or both currentMetrics and baselineMetrics',
      path: ['observation'],
    },
  );
export type ReasoningInput = z.infer<typeof ReasoningInputSchema>;

/** Everything the engine concluded, each part with the evidence it used. */
export const ReasoningResultSchema = z.object({
  anomalies: z.array(AnomalySchema).max(100),
  patterns: z.array(PatternSchema).max(50),
  hypotheses: z.array(HypothesisSchema).max(50),
  proposals: z.array(ActionProposalSchema).max(50),
  decision: DecisionSchema,
  hypothesisSource: HypothesisSourceSchema,
  /** Why an LLM answer was not used, when one was given and refused. */
  llmRejectionReason: Text.optional(),
});
export type ReasoningResult = z.infer<typeof ReasoningResultSchema>;
