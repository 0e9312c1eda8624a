import { z } from 'zod';
import { Count, Identifier, Probability, Text } from './common';
import { ActionParametersSchema, ActionTypeSchema } from './decision';
import { IncidentStageRowSchema } from './incident-stages';
import { LeaderboardRowSchema, PolicyIdSchema, SituationSetSchema } from './policy';
import { PatternTypeSchema } from './reasoning';

/** Most cases one evaluateCases call may carry, so one call cannot tie a worker up for minutes. */
export const MAX_CASES_PER_CALL = 2000;

/** Most learning-curve cycles one run may have. */
export const MAX_LEARNING_CYCLES = 5000;

/** One unit of evaluation work: a catalog situation on one seed. Small, so it crosses workers cheaply. */
export const EvaluationCaseSchema = z.strictObject({
  situationId: Identifier,
  seed: z.number().int().min(0).max(0xffff_ffff),
});
export type EvaluationCase = z.infer<typeof EvaluationCaseSchema>;

/** A batch of cases for one worker call. */
export const EvaluationCaseBatchSchema = z.array(EvaluationCaseSchema).max(MAX_CASES_PER_CALL);

/** An action as the evaluation compares it: type, parameters and the key that decides agreement. */
export const EvaluatedActionSchema = z.object({
  type: ActionTypeSchema,
  parameters: ActionParametersSchema,
  /** Type plus key target, e.g. `shift_traffic:visa:primary` (see actionKey). */
  key: z.string().min(1).max(200),
});
export type EvaluatedAction = z.infer<typeof EvaluatedActionSchema>;

/** What an action did in simulation on the case's seed, and the objective it earned. */
export const SimulatedImpactSchema = z.object({
  /** Success-rate change against the same window without the action. */
  successRateChange: z.number().min(-1).max(1),
  /** p99 change in ms against the same window without the action. */
  latencyChangeMs: z.number(),
  /** Relative change of the cost per payment. */
  costChange: z.number(),
  /** The action's fixed risk (see actionRisk), 0–1. */
  risk: Probability,
  /** The decision's weighted score of this impact, 0–1. */
  objective: Probability,
});
export type SimulatedImpact = z.infer<typeof SimulatedImpactSchema>;

/** One candidate of the oracle's ranking: its objective and the paired 95 % interval of its gap to the best. */
export const RankedCandidateSchema = z.object({
  label: z.string().max(200),
  objective: z.number(),
  low: z.number(),
  high: z.number(),
  tied: z.boolean(),
});
export type RankedCandidate = z.infer<typeof RankedCandidateSchema>;

/** One scored case: the agent against the truth and against the oracle. */
export const CaseResultSchema = z.object({
  situationId: Identifier,
  seed: z.number().int().min(0).max(0xffff_ffff),
  truePattern: PatternTypeSchema,
  /** The agent's strongest recognised pattern. */
  recognisedPattern: PatternTypeSchema,
  patternCorrect: z.boolean(),
  /** The top hypothesis names the true pattern, issuers and fault location. */
  hypothesisCorrect: z.boolean(),
  /** What the agent decided. */
  agentAction: EvaluatedActionSchema,
  /** What was carried out: the agent's action, or do_nothing when the guardrails blocked it. */
  executedAction: EvaluatedActionSchema,
  agentImpact: SimulatedImpactSchema,
  oracleAction: EvaluatedActionSchema,
  oracleImpact: SimulatedImpactSchema,
  /** Same type and key target as the oracle (see actionKey). */
  agreesWithOracle: z.boolean(),
  /** The executed action is in the situation's right remedy family. */
  remedyCorrect: z.boolean(),
  /** Oracle objective − agent objective, never below 0. */
  regret: z.number().min(0).max(1),
  /** On a healthy situation: the agent acted or flagged anomalies; null elsewhere. */
  falseAlarm: z.boolean().nullable(),
  /** The guardrails blocked the agent's decision by a hard limit (approval is always given). */
  blocked: z.boolean(),
  blockReason: Text.nullable(),
  confidence: z.number().min(0).max(1),
  anomalyCount: Count,
  /** Candidate actions the guardrails allowed and the oracle simulated. */
  candidatesSimulated: Count,
  policy: PolicyIdSchema.optional(),
  set: SituationSetSchema.optional(),
  exactAgreement: z.boolean().optional(),
  familyAgreement: z.boolean().optional(),
  /** The oracle's best first. */
  ranking: z.array(RankedCandidateSchema).max(10).optional(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/** A proportion with its Wilson 95 % interval; null rate when there was nothing to count. */
export const ProportionSchema = z.object({
  count: Count,
  total: Count,
  rate: Probability.nullable(),
  low: Probability.nullable(),
  high: Probability.nullable(),
});
export type Proportion = z.infer<typeof ProportionSchema>;

/** A mean with its 95 % t interval; null mean when there were no values. */
export const MeanIntervalSchema = z.object({
  n: Count,
  mean: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type MeanInterval = z.infer<typeof MeanIntervalSchema>;

/** The scores of a group of cases (one situation, or all of them). */
export const ScoreRowSchema = z.object({
  /** Situation id, or `overall`. */
  id: Identifier,
  label: Text,
  cases: Count,
  patternAccuracy: ProportionSchema,
  hypothesisAccuracy: ProportionSchema,
  oracleAgreement: ProportionSchema,
  remedyAccuracy: ProportionSchema,
  regret: MeanIntervalSchema,
  /** Counted over healthy situations only. */
  falseAlarms: ProportionSchema,
  blocks: ProportionSchema,
  /** How often each action type was executed, and the oracle's picks. */
  agentActions: z.record(z.string(), Count),
  oracleActions: z.record(z.string(), Count),
});
export type ScoreRow = z.infer<typeof ScoreRowSchema>;

/** Every score of an evaluation: per situation in catalog order, then overall. */
export const EvaluationSummarySchema = z.object({
  situations: z.array(ScoreRowSchema).max(200),
  overall: ScoreRowSchema,
});
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

/** Options of one learning-curve arm. */
export const LearningCurveOptionsSchema = z.strictObject({
  cycles: z.number().int().min(1).max(MAX_LEARNING_CYCLES),
  seed: z.number().int().min(0).max(0xffff_ffff),
  /** Feed outcomes back through the learning context (on), or reason with an empty one (off). */
  learning: z.boolean(),
});
export type LearningCurveOptions = z.infer<typeof LearningCurveOptionsSchema>;

/** One cycle of a learning curve. */
export const LearningCurvePointSchema = z.object({
  cycle: Count,
  situationId: Identifier,
  seed: z.number().int().min(0).max(0xffff_ffff),
  agentAction: z.string().max(200),
  oracleAction: z.string().max(200),
  blocked: z.boolean(),
  regret: z.number().min(0).max(1),
  cumulativeRegret: z.number().min(0),
});
export type LearningCurvePoint = z.infer<typeof LearningCurvePointSchema>;

/** One arm of the learning curve: per-cycle and cumulative regret. */
export const LearningCurveSchema = z.object({
  cycles: Count,
  seed: z.number().int().min(0).max(0xffff_ffff),
  learning: z.boolean(),
  points: z.array(LearningCurvePointSchema).max(MAX_LEARNING_CYCLES),
  cumulativeRegret: z.number().min(0),
  meanRegret: z.number().min(0),
  agreement: Probability,
  blocks: Count,
});
export type LearningCurve = z.infer<typeof LearningCurveSchema>;

/** Both arms of the learning curve and how much learning cut the cumulative regret. */
export const LearningComparisonSchema = z.object({
  on: LearningCurveSchema,
  off: LearningCurveSchema,
  /** 1 − on/off cumulative regret (0.3 = 30 % less regret with learning); null when off is 0. */
  reduction: z.number().nullable(),
});
export type LearningComparison = z.infer<typeof LearningComparisonSchema>;

/** A policy against the agent on one set: lift over random, and its regret minus the agent's, paired. */
export const PolicyComparisonSchema = z.object({
  policy: PolicyIdSchema,
  set: SituationSetSchema,
  liftOverRandom: z.number().nullable(),
  diffMean: z.number(),
  diffLow: z.number(),
  diffHigh: z.number(),
});
export type PolicyComparison = z.infer<typeof PolicyComparisonSchema>;

/** A whole evaluation: the scored cases, their summary and the learning curves. */
export const EvaluationReportSchema = z.object({
  seeds: Count,
  cycles: Count,
  summary: EvaluationSummarySchema,
  learning: LearningComparisonSchema,
  results: z.array(CaseResultSchema),
  leaderboard: z.array(LeaderboardRowSchema).optional(),
  comparisons: z.array(PolicyComparisonSchema).optional(),
  incidents: z.array(IncidentStageRowSchema).optional(),
});
export type EvaluationReport = z.infer<typeof EvaluationReportSchema>;
