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
import { clampUnit, round } from '../numbers';
import { decisionConfidence } from './decision-confidence';
import { compositeScore, scoreParts, scoreScale, type ScoreParts } from './decision-score';
import { NO_DIAGNOSIS, PASSIVE, promises, REMEDY_FAMILY, remedyFamily } from './remedy-family';
import { formatPercent } from '../percent';
import { hasConfidenceMinimum } from '../safety/rules';

interface Scored {
  planned: PlannedProposal;
  parts: ScoreParts;
  score: number;
  /** What experience says of this action in this context. */
  posterior: Posterior;
  blocked?: string;
}

/** A pick the guardrails would refuse for its confidence, with the minimum it missed. */
interface Doubt {
  s: Scored;
  confidence: number;
  minimum: number;
}

/** A candidate picked, with the confidence it states and, for a fall-back to waiting, the doubt. */
interface Pick {
  s: Scored;
  confidence: number;
  hyp: Hypothesis | undefined;
  doubt?: Doubt;
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
    if (!NO_DIAGNOSIS.has(planned.proposal.type) && planned.renewal !== true) {
      const h = hypothesisFor(planned.pattern, hypotheses);
      const conf = h?.confidence ?? 0;
      if (conf < config.confidenceThreshold)
        s.blocked = `hypothesis confidence ${formatPercent(conf)} for ${planned.pattern} is below the ${formatPercent(config.confidenceThreshold)} needed to act`;
      // A change its own estimate expects nothing of cannot help: the risk of waiting is no
      // reason to take it.
      else if (!promises(planned.proposal))
        s.blocked = 'its estimate promises neither more success nor less latency';
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
  // was doubted. With none, the agent waits (or notifies) as the best passive choice ranks: a
  // change it doubts that much would only be blocked, every window the doubt lasts.
  const confidenceOf = (s: Scored): Pick => ({ s, ...stated(s, scored, input) });
  // The uncalibrated evidence is what a calibration is fitted on: it picks as the score does.
  const fallBack = input.calibration !== 'evidence';
  const pickFrom = (first: Scored): Pick => {
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
      const passive = ranked.find((s) => PASSIVE.has(s.planned.proposal.type));
      if (
        chosen.confidence < minimum &&
        hasConfidenceMinimum(chosen.s.planned.proposal.type) &&
        passive
      ) {
        // The pick it stands in for goes with it, so the decision says why it waits.
        const doubt = { s: first, confidence: chosen.confidence, minimum };
        chosen = { ...confidenceOf(passive), doubt };
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
    reason: s.blocked ?? doubtOf(s, chosen.doubt) ?? whyLower(s, best, config),
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

/** Why a pick the agent doubted below the guardrails' minimum gave way to waiting, if it did. */
function doubtOf(s: Scored, doubt: Doubt | undefined): string | undefined {
  if (doubt === undefined || doubt.s !== s) return undefined;
  return `confidence ${formatPercent(doubt.confidence)} is below the ${formatPercent(doubt.minimum)} the guardrails need: it would be blocked`;
}
