/**
 * The decision: score every proposal (the seeds' weighted sum), pick the best one the hypotheses
 * allow, explain every rejection, compute the confidence and say when a human must approve.
 */
import {
  DEFAULT_SAFETY_LIMITS,
  type ActionProposal,
  type Decision,
  type Hypothesis,
  type LearningContext,
  type MetricsSnapshot,
  type PatternType,
  type ReasoningConfig,
  type RejectedAction,
  type SafetyLimits,
} from '../../contracts';
import { approvalReasons as approvalReasonsFor } from '../safety/approval';
import { parseContextTag } from './experience-context';
import type { FamilyCalibration } from '../evaluation/calibration';
import { calibratedConfidence, explorationOf, explore, learnedBonus } from './decision-learning';
import {
  confidenceShift,
  experienceFor,
  hasPastOutcome,
  posteriorFor,
  type Posterior,
} from './learning';
import type { PlannedProposal } from './planner';
import { clamp, clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';

/** A relative cost increase this large scores zero on cost. */
export const COST_SCALE = 0.5;
/**
 * A success-rate gain this large (five points) scores full marks on success. A fixed scale keeps
 * small faults from justifying costly remedies: a fraction of a point is not worth a 10 % cost.
 */
export const SUCCESS_SCALE = 0.05;
/**
 * Confidence the decision takes from the score gap: gap × this, at most 0.5 (a 0.125 lead is
 * decisive). Scores live in a narrow band (a clear remedy leads a notification by 0.05–0.15), so a
 * smaller factor left clear but modest remedies below the guardrails' 60 % for ever: they were
 * blocked, never executed, and so never learned from.
 */
export const GAP_FACTOR = 4;
/** Highest confidence the engine ever states. */
export const MAX_CONFIDENCE = 0.99;

/** Each criterion of a proposal's score, normalised to 0–1 (1 is best). */
export interface ScoreParts {
  success: number;
  latency: number;
  cost: number;
  risk: number;
}

/** What scores are normalised against: five points of success rate and the baseline p99. */
export interface ScoreScale {
  success: number;
  latency: number;
}

/** The scales of one situation: latency changes are judged against the healthy p99. */
export function scoreScale(_current: MetricsSnapshot, baseline: MetricsSnapshot): ScoreScale {
  return { success: SUCCESS_SCALE, latency: Math.max(baseline.latency.p99, 1) };
}

/**
 * Normalises a proposal's estimated impact to 0–1 per criterion (0.5 means no change); only the
 * impact is read, so the evaluation can score a simulated impact the same way.
 */
export function scoreParts(
  p: Pick<ActionProposal, 'estimatedImpact'>,
  scale: ScoreScale,
): ScoreParts {
  const e = p.estimatedImpact;
  return {
    // tanh saturates smoothly, so two large gains still rank by size instead of both clamping to 1.
    success: clampUnit(0.5 + 0.5 * Math.tanh(e.successRateChange / scale.success)),
    latency: clampUnit(0.5 - 0.5 * Math.tanh(e.latencyImpact / scale.latency)),
    cost: 1 - clampUnit(e.costImpact / COST_SCALE),
    risk: 1 - clampUnit(e.riskLevel),
  };
}

/** The composite score: the config's weights (seeds: 0.4 success, 0.3 latency, 0.2 cost, 0.1 risk). */
export function compositeScore(parts: ScoreParts, config: ReasoningConfig): number {
  const w = config.weights;
  return clampUnit(
    w.successRate * parts.success +
      w.latency * parts.latency +
      w.cost * parts.cost +
      w.risk * parts.risk,
  );
}

/** Decision confidence: 0.1 + score gap (0–0.5) + hypothesis confidence (0–0.4) + learned shift, within 0–0.99. */
export function decisionConfidence(
  gap: number,
  hypothesisConfidence: number,
  shift: number,
): number {
  const c = 0.1 + clamp(GAP_FACTOR * gap, 0, 0.5) + 0.4 * clampUnit(hypothesisConfidence) + shift;
  return round(clamp(c, 0, MAX_CONFIDENCE), 4);
}

interface Scored {
  planned: PlannedProposal;
  parts: ScoreParts;
  score: number;
  /** What experience says of this action in this context. */
  posterior: Posterior;
  blocked?: string;
}

/** Everything the decision reads. */
export interface DecideInput {
  planned: readonly PlannedProposal[];
  hypotheses: readonly Hypothesis[];
  learning: LearningContext;
  config: ReasoningConfig;
  current: MetricsSnapshot;
  baseline: MetricsSnapshot;
  now: number;
  /** The safety limits in force; their approval-risk threshold decides high-impact actions. */
  limits?: SafetyLimits;
  /** Seed of the exploration draws; absent means no exploration. */
  explorationSeed?: number;
  /**
   * How evidence becomes confidence: a calibration per remedy family (FITTED_CALIBRATION when
   * absent) then the context's outcomes, or 'evidence' for the uncalibrated evidence formula.
   */
  calibration?: FamilyCalibration | 'evidence';
}

/** What the decision produced: the decision and every proposal with its score filled in. */
export interface DecideOutput {
  decision: Decision;
  proposals: ActionProposal[];
}

/** Proposals that change nothing in traffic. */
export const PASSIVE: ReadonlySet<string> = new Set(['send_notification', 'do_nothing']);
/** Undoing the agent's own change needs no diagnosis of a fault: the route left recovered. */
const NO_DIAGNOSIS = new Set(['send_notification', 'do_nothing', 'unwind_action']);

/**
 * Remedy families for measuring doubt: proposals in one family answer the same question (route
 * around it, damp the retries, wait longer, tell someone), so choosing among them is tuning. The
 * action categories split retry damping across retry_policy and rate_limiting; here a rate limit
 * damps retries like a retry cap does.
 */
const REMEDY_FAMILY: Readonly<Record<string, string>> = {
  shift_traffic: 'routing',
  failover_processor: 'routing',
  disable_route: 'routing',
  unwind_action: 'unwind',
  adjust_retry_policy: 'retries',
  implement_backoff: 'retries',
  rate_limit: 'retries',
  adjust_timeout: 'timeout',
  send_notification: 'passive',
  do_nothing: 'passive',
};

/** The remedy family of an action type (routing, retries, timeout, unwind, passive). */
export function remedyFamily(type: string): string {
  return REMEDY_FAMILY[type] ?? 'other';
}

/** Whether a proposal promises anything: more success or less latency. One that does not is no rival. */
function promises(p: ActionProposal): boolean {
  return p.estimatedImpact.successRateChange > 0 || p.estimatedImpact.latencyImpact < 0;
}

function hypothesisFor(pattern: PatternType, hypotheses: readonly Hypothesis[]) {
  return hypotheses.find((h) => h.pattern === pattern);
}

function signed(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;
}

function whyLower(s: Scored, best: Scored, config: ReasoningConfig): string {
  const w = config.weights;
  const a = s.planned.proposal.estimatedImpact;
  const b = best.planned.proposal.estimatedImpact;
  const gaps = [
    {
      w: w.successRate * (best.parts.success - s.parts.success),
      text: `estimated success ${signed(a.successRateChange)} vs ${signed(b.successRateChange)}`,
    },
    {
      w: w.latency * (best.parts.latency - s.parts.latency),
      text: `p99 ${Math.round(a.latencyImpact)} ms vs ${Math.round(b.latencyImpact)} ms`,
    },
    {
      w: w.cost * (best.parts.cost - s.parts.cost),
      text: `cost ${formatPercent(a.costImpact)} vs ${formatPercent(b.costImpact)}`,
    },
    {
      w: w.risk * (best.parts.risk - s.parts.risk),
      text: `risk ${a.riskLevel.toFixed(2)} vs ${b.riskLevel.toFixed(2)}`,
    },
  ].sort((x, y) => y.w - x.w);
  const main = gaps.filter((g) => g.w > 1e-9).slice(0, 2);
  if (main.length === 0) return 'scores no better than the selected action';
  return `lower score, mainly ${main.map((g) => g.text).join('; ')}`;
}

/**
 * The confidence stated for picking `s`: the evidence (its score's lead over the best allowed
 * remedy of another family, the hypothesis of its pattern, the learned shift) through the
 * calibration, and the hypothesis it rests on.
 */
function stated(
  s: Scored,
  scored: readonly Scored[],
  input: DecideInput,
): { confidence: number; hyp: Hypothesis | undefined } {
  const selected = s.planned.proposal;
  // The gap that measures certainty is to the best remedy of another family: choosing between a
  // 50 % shift, a 25 % shift and disabling the route is tuning, not doubt about what to do. An
  // active proposal that promises nothing is dominated by doing nothing and doubts nothing.
  const family = REMEDY_FAMILY[selected.type];
  const rivals = scored.filter(
    (r) =>
      r !== s &&
      r.blocked === undefined &&
      REMEDY_FAMILY[r.planned.proposal.type] !== family &&
      (PASSIVE.has(r.planned.proposal.type) || promises(r.planned.proposal)),
  );
  // With no rival the lead is unbounded and the gap term full; a pick below a rival has no lead.
  const runnerUp = rivals.reduce((m, r) => Math.max(m, r.score), 0);
  const gap = rivals.length > 0 ? Math.max(0, s.score - runnerUp) : Infinity;
  const { hypotheses } = input;
  const hyp = hypothesisFor(s.planned.pattern, hypotheses) ?? hypotheses[0];
  const hypConfidence =
    hyp === undefined
      ? 0
      : hyp.pattern === s.planned.pattern
        ? hyp.confidence
        : hyp.confidence * 0.5;
  const contextKey = parseContextTag(selected.rationale);
  const shift = confidenceShift(
    experienceFor(input.learning, s.planned.pattern, selected.type, contextKey),
  );
  const evidence = decisionConfidence(gap, hypConfidence, shift);
  const confidence =
    input.calibration === 'evidence'
      ? evidence
      : calibratedConfidence(evidence, s.posterior, input.calibration, remedyFamily(selected.type));
  return { confidence, hyp };
}

/**
 * Scores the proposals, selects the best allowed one and builds the Decision with rejection reasons,
 * confidence and approval reasons (the safety room's, see safety/approval.ts). Active actions are allowed only for patterns whose hypothesis
 * reaches config.confidenceThreshold; notifying and doing nothing are always allowed.
 */
export function decide(input: DecideInput): DecideOutput {
  const { config, hypotheses } = input;
  const scale = scoreScale(input.current, input.baseline);
  const scored: Scored[] = input.planned.map((planned) => {
    const parts = scoreParts(planned.proposal, scale);
    const posterior = posteriorFor(
      input.learning,
      planned.pattern,
      planned.proposal.type,
      parseContextTag(planned.proposal.rationale),
    );
    const score = round(clampUnit(compositeScore(parts, config) + learnedBonus(posterior)), 4);
    const s: Scored = { planned, parts, score, posterior };
    if (!NO_DIAGNOSIS.has(planned.proposal.type)) {
      const h = hypothesisFor(planned.pattern, hypotheses);
      const conf = h?.confidence ?? 0;
      if (conf < config.confidenceThreshold)
        s.blocked = `hypothesis confidence ${formatPercent(conf)} for ${planned.pattern} is below the ${formatPercent(config.confidenceThreshold)} needed to act`;
    }
    return s;
  });
  const allowed = scored.filter((s) => s.blocked === undefined);
  // Ties go to the lower risk, then to planning order (the stronger pattern came first).
  const ranked = [...allowed].sort(
    (a, b) =>
      b.score - a.score ||
      a.planned.proposal.estimatedImpact.riskLevel - b.planned.proposal.estimatedImpact.riskLevel,
  );
  const top = ranked[0];
  if (top === undefined) throw new Error('the planner proposed nothing that may be selected');
  const minimum = input.limits?.minConfidence ?? DEFAULT_SAFETY_LIMITS.minConfidence;
  // A pick the guardrails would refuse for its confidence gives way to the best allowed active
  // one they would let through: a confident second-best beats doing nothing because the first
  // was doubted. With none, the pick stands and the guardrails say why it may not run.
  const confidenceOf = (s: Scored) => ({ s, ...stated(s, scored, input) });
  // The uncalibrated evidence is what a calibration is fitted on: it picks as the score does.
  const fallBack = input.calibration !== 'evidence';
  const pickFrom = (first: Scored) => {
    let chosen = confidenceOf(first);
    if (fallBack && chosen.confidence < minimum && !PASSIVE.has(first.planned.proposal.type)) {
      for (const s of ranked) {
        if (s === first || PASSIVE.has(s.planned.proposal.type)) continue;
        const c = confidenceOf(s);
        if (c.confidence >= minimum) {
          chosen = c;
          break;
        }
      }
    }
    return chosen;
  };
  const explored = explore(top, ranked, input.explorationSeed);
  const chosen = pickFrom(explored);
  // The pick without the draws, so the decision says exploration changed it only when it did.
  const unexplored = explored === top ? chosen.s : pickFrom(top).s;
  const best = chosen.s;
  const { confidence, hyp } = chosen;
  const selected = best.planned.proposal;
  const others = scored.filter((s) => s !== best);

  const approvalReasons = approvalReasonsFor({
    action: selected,
    confidence,
    pattern: best.planned.pattern,
    hasPastOutcome: hasPastOutcome(input.learning, best.planned.pattern),
    hypotheses,
    config,
    ...(input.limits ? { limits: input.limits } : {}),
  });

  const withScore = (s: Scored): ActionProposal => ({ ...s.planned.proposal, score: s.score });
  const rejectedActions: RejectedAction[] = others.map((s) => ({
    actionId: s.planned.proposal.id,
    type: s.planned.proposal.type,
    score: s.score,
    reason: s.blocked ?? whyLower(s, best, config),
    comparedToSelected: `score ${s.score.toFixed(3)} vs ${best.score.toFixed(3)} for ${selected.type} (${(s.score - best.score >= 0 ? '+' : '') + (s.score - best.score).toFixed(3)})`,
  }));

  const decision: Decision = {
    selectedAction: withScore(best),
    rejectedActions,
    score: best.score,
    requiresHumanApproval: approvalReasons.length > 0,
    approvalReasons,
    confidenceInDecision: confidence,
    decidedAt: input.now,
    pattern: best.planned.pattern,
  };
  if (hyp !== undefined) decision.hypothesisId = hyp.id;
  if (best !== unexplored) decision.exploration = explorationOf(best, unexplored);
  return { decision, proposals: scored.map(withScore) };
}
