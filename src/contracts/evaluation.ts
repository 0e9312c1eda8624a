import { z } from 'zod';
import { Count, Identifier, Probability, Text } from './common';
import { ActionParametersSchema, ActionTypeSchema } from './decision';
import { IncidentStageRowSchema } from './incident-stages';
import { PolicyIdSchema, SituationSetSchema, LeaderboardRowSchema } from './policy';
import { LearningContextSchema, PatternTypeSchema, type LearningContext } from './reasoning';
import { SituationSchema } from './situations';

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
  /**
   * The objective of this impact. The single-seed oracle scores 0–1 with the decision's weights;
   * the multi-seed oracle scores in points of payments (see ObjectiveTermsSchema), mean over seeds.
   */
  objective: z.number(),
  /** The multi-seed objective's terms, each a mean over the oracle's seeds. */
  terms: z.lazy(() => ObjectiveTermsSchema).optional(),
});
export type SimulatedImpact = z.infer<typeof SimulatedImpactSchema>;

/**
 * The one objective's terms, in points (1 point = 1 payment in 100 of the window, the unit of the
 * success rate): successful payments gained, and the latency, cost and risk charged against them.
 */
export const ObjectiveTermsSchema = z.strictObject({
  /** Successful payments gained per 100 payments (linear: it never saturates). */
  success: z.number(),
  /** Charge for the change of completed payments' p95 latency (a gain when it falls). */
  latency: z.number(),
  /** Charge for the change of cost per payment (a gain when the plane is cheaper). */
  cost: z.number(),
  /** Charge for the share of traffic moved, heavier when the move cannot be undone. */
  risk: z.number(),
});
export type ObjectiveTerms = z.infer<typeof ObjectiveTermsSchema>;

/** One candidate in the oracle's ranking: the best first, with the paired gap to the best. */
export const RankedCandidateSchema = z.object({
  label: z.string().max(200),
  objective: z.number(),
  /** Paired 95 % interval of (this candidate − the best) over the oracle's seeds. */
  low: z.number(),
  high: z.number(),
  /** The interval includes 0: within noise of the best. */
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
  regret: z.number().min(0),
  /** On a healthy situation: the agent acted or flagged anomalies; null elsewhere. */
  falseAlarm: z.boolean().nullable(),
  /** The guardrails blocked the agent's decision by a hard limit (approval is always given). */
  blocked: z.boolean(),
  blockReason: Text.nullable(),
  confidence: z.number().min(0).max(1),
  anomalyCount: Count,
  /** Candidate actions the guardrails allowed and the oracle simulated. */
  candidatesSimulated: Count,
  // Multi-seed evaluation: the policy that decided, its set, and the oracle's verdict.
  policy: PolicyIdSchema.optional(),
  set: SituationSetSchema.optional(),
  /** The agent decided with its training experience (the unit's), not afresh. */
  experienced: z.literal(true).optional(),
  /** The executed action is the best or a tied candidate: same type, target and share. */
  exactAgreement: z.boolean().optional(),
  /** The executed action is of the same family (type group and target) as the best or a tied one. */
  familyAgreement: z.boolean().optional(),
  /** The oracle's best candidates, best first. */
  ranking: z.array(RankedCandidateSchema).max(10).optional(),
  /** The policy changed the control plane on a no-fault situation (null on a fault). */
  changedPlane: z.boolean().nullable().optional(),
  /**
   * The executor's verdict on what ran, from its paired window: it met its expectations (at
   * least half the estimated gain and not significantly worse); null when nothing ran.
   */
  outcomeMet: z.boolean().nullable().optional(),
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
  /**
   * With learning on, false keeps the bandit's exploration but forgets every outcome: the arm
   * that shows how much of learning's effect needs experience at all.
   */
  memory: z.boolean().optional(),
  /**
   * The situations the stream shuffles: the training catalog (absent or 'catalog'), or situations
   * drawn at random from the fault space ('drawn'), ground the planner was not built on.
   */
  stream: z.enum(['catalog', 'drawn']).optional(),
});
export type LearningCurveOptions = z.infer<typeof LearningCurveOptionsSchema>;

/** What an evaluation worker learns as training experience: learning-on cycles of the catalog. */
export const TrainingExperienceOptionsSchema = LearningCurveOptionsSchema.pick({
  cycles: true,
  seed: true,
});
export type TrainingExperienceOptions = z.infer<typeof TrainingExperienceOptionsSchema>;

/** One cycle of a learning curve. */
export const LearningCurvePointSchema = z.object({
  cycle: Count,
  situationId: Identifier,
  seed: z.number().int().min(0).max(0xffff_ffff),
  agentAction: z.string().max(200),
  oracleAction: z.string().max(200),
  blocked: z.boolean(),
  /** The oracle's best minus the agent's objective, in points (1 = 1 payment in 100). */
  regret: z.number().min(0),
  cumulativeRegret: z.number().min(0),
});
export type LearningCurvePoint = z.infer<typeof LearningCurvePointSchema>;

/** One arm of the learning curve: per-cycle and cumulative regret. */
export const LearningCurveSchema = z.object({
  cycles: Count,
  seed: z.number().int().min(0).max(0xffff_ffff),
  learning: z.boolean(),
  /** The situations the stream shuffled (absent: the training catalog). */
  stream: z.enum(['catalog', 'drawn']).optional(),
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
  /** The bandit without memory (learning on, every outcome forgotten), when it was run. */
  memoryless: LearningCurveSchema.optional(),
  /** 1 − on/off cumulative regret (0.3 = 30 % less regret with learning); null when off is 0. */
  reduction: z.number().nullable(),
});
export type LearningComparison = z.infer<typeof LearningComparisonSchema>;

/** A baseline against the agent on one set: lift over random and the paired regret difference. */
export const PolicyComparisonSchema = z.object({
  policy: PolicyIdSchema,
  set: SituationSetSchema,
  /** 1 − regret / random's regret; null when random has no regret. */
  liftOverRandom: z.number().nullable(),
  /** Mean of (this policy's regret − the agent's) over the same cases, with its 95 % interval. */
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
  /** Seeds the oracle averages every candidate over. */
  oracleSeeds: Count.optional(),
  /** Every situation of the run in order, with its set (a shard lists the whole run's). */
  situations: z
    .array(z.object({ id: Identifier, label: z.string().max(200), set: SituationSetSchema }))
    .max(1000)
    .optional(),
  incidents: z.array(IncidentStageRowSchema).optional(),
  /**
   * The held-out cases again, the agent deciding with what it learned in `cycles` learning cycles
   * on the training catalog (stream seed `seed`); the held-out cases teach it nothing.
   */
  experienced: z
    .object({
      cycles: Count,
      seed: z.number().int().min(0).max(0xffff_ffff),
      results: z.array(CaseResultSchema),
    })
    .optional(),
});
export type EvaluationReport = z.infer<typeof EvaluationReportSchema>;

/**
 * One unit of multi-seed work: a situation (carried whole, so a file's situations cross workers),
 * its set, the seeds policies decide on, the oracle's seed count and the policies to score.
 */
export const EvaluationUnitSchema = z.strictObject({
  situation: SituationSchema,
  set: SituationSetSchema,
  seeds: z.array(z.number().int().min(0).max(0xffff_ffff)).min(1).max(1000),
  oracleSeeds: z.number().int().min(2).max(200),
  policies: z.array(PolicyIdSchema).min(1).max(5),
  /**
   * Training experience: the agent also decides each seed with this learning context, its cases
   * marked experienced beside the fresh ones. Absent: fresh cases only.
   */
  experience: LearningContextSchema.optional(),
});
export type EvaluationUnit = z.infer<typeof EvaluationUnitSchema>;

/** A batch of units for one worker call. */
export const EvaluationUnitBatchSchema = z.array(EvaluationUnitSchema).max(500);

/** The evaluation worker's API: units of the multi-seed evaluation and learning-curve arms. */
export interface EvaluationWorkerApi {
  hello(): { worker: string; ready: boolean; methods: string[] };
  /** Scores units (a situation's oracle, then every policy on every seed). */
  evaluateUnits(units: EvaluationUnit[]): CaseResult[];
  /** Runs one arm of the learning curve; `onProgress` hears cycles done every few cycles. */
  learningCurve(
    options: LearningCurveOptions,
    onProgress?: (done: number, total: number) => void,
  ): LearningCurve;
  /**
   * Learns the training experience the held-out pass carries (see training-experience.ts);
   * `onProgress` hears cycles done every few cycles.
   */
  trainingExperience(
    options: TrainingExperienceOptions,
    onProgress?: (done: number, total: number) => void,
  ): LearningContext;
}
